package io.reelpipe.bench.ingest;

import io.reelpipe.bench.Stats;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/** Closed-loop HTTP load: N virtual threads each sending GETs back to back for a while (JDK HttpClient, HTTP/1.1 keep-alive). */
final class LoadGenerator {

    record Result(long requests, long errors, double seconds, Stats latencyMs) {
        double requestsPerSecond() {
            return requests / seconds;
        }
    }

    private LoadGenerator() {
    }

    static Result run(URI uri, int concurrency, Duration duration) throws Exception {
        return run(uri, java.util.Map.of(), concurrency, duration);
    }

    /** @param headers sent with every request (an API key) */
    static Result run(URI uri, java.util.Map<String, String> headers, int concurrency, Duration duration)
            throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
        headers.forEach(builder::header);
        HttpRequest request = builder.build();
        AtomicLong errors = new AtomicLong();
        long t0 = System.nanoTime();
        long end = t0 + duration.toNanos();
        List<Future<double[]>> futures = new ArrayList<>();
        try (var exec = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < concurrency; i++) {
                futures.add(exec.submit(() -> {
                    double[] lat = new double[1024];
                    int n = 0;
                    while (System.nanoTime() < end) {
                        long s = System.nanoTime();
                        try {
                            HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                            if (r.statusCode() != 200) {
                                errors.incrementAndGet();
                                continue;
                            }
                        } catch (Exception e) {
                            errors.incrementAndGet();
                            continue;
                        }
                        if (n == lat.length) {
                            lat = java.util.Arrays.copyOf(lat, n * 2);
                        }
                        lat[n++] = (System.nanoTime() - s) / 1e6;
                    }
                    return java.util.Arrays.copyOf(lat, n);
                }));
            }
            List<Double> all = new ArrayList<>();
            for (Future<double[]> f : futures) {
                for (double d : f.get()) {
                    all.add(d);
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new Result(all.size(), errors.get(), seconds, Stats.of(all));
        } finally {
            client.close();
        }
    }
}
