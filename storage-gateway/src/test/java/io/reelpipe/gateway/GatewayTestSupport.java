package io.reelpipe.gateway;

import io.reelpipe.devstack.DevStack;
import io.reelpipe.devstack.DevStackOptions;
import io.reelpipe.media.Ffmpeg;
import io.reelpipe.media.FfmpegCommand;
import io.reelpipe.media.SyntheticVideo;
import io.reelpipe.pipeline.security.ApiKeys;
import io.reelpipe.pipeline.security.Role;
import io.reelpipe.pipeline.storage.ObjectKeys;
import io.reelpipe.pipeline.storage.ObjectStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One gateway context for every integration test class (same annotations → Spring's context cache shares it), on a
 * dev stack of Redis and S3Proxy only (the gateway needs no Kafka or PostgreSQL). Security is on, as in production.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "reelpipe.gateway.signing-key=test-signing-key-0123456789abcdef",
        "reelpipe.gateway.retention-interval=0",
        "reelpipe.gateway.retention.ret.source-days=3",
        "reelpipe.security.bootstrap-admin-key=" + GatewayTestSupport.BOOTSTRAP_KEY,
        "management.endpoint.health.show-details=always"})
public abstract class GatewayTestSupport {

    public static final String BOOTSTRAP_KEY = "rp_test_bootstrapAdminKeyForTheGatewayTests0001";
    public static final Duration WAIT = Duration.ofSeconds(Long.getLong("gw.wait", 30));

    private static DevStack stack;
    private static final Map<String, String> KEYS = new ConcurrentHashMap<>();
    private static Path ladder;

    static synchronized DevStack stack() {
        if (stack == null) {
            stack = DevStack.start(DevStackOptions.builder()
                    .servers(DevStackOptions.Server.REDIS, DevStackOptions.Server.S3).build());
        }
        return stack;
    }

    @DynamicPropertySource
    static void devStack(DynamicPropertyRegistry registry) {
        stack().springProperties().forEach((k, v) -> registry.add(k, () -> v));
    }

    @LocalServerPort
    protected int port;
    @Autowired
    protected ObjectStore store;
    @Autowired
    protected ApiKeys apiKeys;

    protected final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(WAIT).build();

    /** A key of {@code tenant} with {@code role}, made once per JVM through the real ApiKeys store. */
    protected String key(String tenant, Role role) {
        return KEYS.computeIfAbsent(tenant + "/" + role, k -> apiKeys.create(tenant, EnumSet.of(role), "test " + k)
                .block(WAIT).key());
    }

    protected HttpResponse<byte[]> send(String method, String pathAndQuery, String apiKey, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(WAIT).method(method, HttpRequest.BodyPublishers.noBody());
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected HttpResponse<byte[]> get(String path, String apiKey, String... headers) {
        return send("GET", path, apiKey, headers);
    }

    protected static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    protected void put(String tenant, String assetId, String stage, String relative, byte[] bytes, String type) {
        store.putBytes(ObjectKeys.stageOutput(tenant, assetId, stage, relative), bytes, type).block(WAIT);
    }

    /**
     * A real 2 s HLS ladder (one 320x180 rendition, 1 s segments) in the transcode-worker's layout:
     * {@code hls/master.m3u8}, {@code hls/180p/index.m3u8}, {@code hls/180p/seg-NNNNN.ts}, plus {@code mp4/180p.mp4}.
     * Made once per JVM with the bundled ffmpeg.
     */
    protected static synchronized Path ladder() throws IOException {
        if (ladder == null) {
            Path dir = Files.createTempDirectory("gateway-hls");
            Path clip = SyntheticVideo.builder().size(320, 180).fps(15).duration(Duration.ofSeconds(2))
                    .audioChannels(1).build().write(dir.resolve("clip.mp4"));
            Path out = Files.createDirectories(dir.resolve("transcode/hls/180p"));
            Ffmpeg.bundled().run(FfmpegCommand.builder().input(clip)
                    .args("-c:v", "libx264", "-preset", "ultrafast", "-g", "15", "-keyint_min", "15",
                            "-sc_threshold", "0", "-c:a", "aac", "-f", "hls", "-hls_time", "1",
                            "-hls_playlist_type", "vod",
                            "-hls_segment_filename", out.resolve("seg-%05d.ts").toString())
                    .output(out.resolve("index.m3u8")).build());
            Files.writeString(dir.resolve("transcode/hls/master.m3u8"), """
                    #EXTM3U
                    #EXT-X-VERSION:3
                    #EXT-X-STREAM-INF:BANDWIDTH=400000,RESOLUTION=320x180,CODECS="avc1.42c00d,mp4a.40.2"
                    180p/index.m3u8
                    """);
            Files.createDirectories(dir.resolve("transcode/mp4"));
            Files.copy(clip, dir.resolve("transcode/mp4/180p.mp4"));
            Files.delete(clip);
            ladder = dir;
        }
        return ladder;
    }

    /** Uploads the ladder (and a manifest, a poster, subtitles) as asset {@code assetId} of {@code tenant}. */
    protected void putAsset(String tenant, String assetId) throws IOException {
        Path root = ladder();
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            String rel = root.relativize(f).toString();
            String stage = rel.substring(0, rel.indexOf('/'));
            store.putFile(ObjectKeys.stageOutput(tenant, assetId, stage, rel.substring(stage.length() + 1)), f,
                    "application/octet-stream").block(WAIT);
        }
        store.putBytes(ObjectKeys.source(tenant, assetId), Files.readAllBytes(root.resolve("transcode/mp4/180p.mp4")),
                "video/mp4").block(WAIT);
        put(tenant, assetId, "subtitle", "en.vtt", "WEBVTT\n\n00:00.000 --> 00:01.000\nhello\n".getBytes(), "text/vtt");
        put(tenant, assetId, "subtitle", "en.srt", "1\n00:00:00,000 --> 00:00:01,000\nhello\n".getBytes(), "text/plain");
        put(tenant, assetId, "thumbnail", "poster.jpg", new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0}, null);
        put(tenant, assetId, "thumbnail", "preview.webp", "RIFF0000WEBP".getBytes(), null);
        put(tenant, assetId, "thumbnail", "preview.gif", "GIF89a".getBytes(), null);
        put(tenant, assetId, "transcode", "hls/180p/init.m4s", new byte[16], null);
        put(tenant, assetId, "transcode", "manifest.json", ("{\"schemaVersion\":1,\"jobId\":\"job-" + assetId
                + "\",\"assetId\":\"" + assetId + "\",\"tenant\":\"" + tenant + "\",\"stage\":\"transcode\","
                + "\"filter\":\"transcode\",\"outputs\":[],\"details\":{},\"completedAt\":\"2026-01-01T00:00:00Z\"}")
                .getBytes(), "application/json");
    }
}
