package io.reelpipe.bench.ingest;

import io.reelpipe.devstack.DevStack;
import io.reelpipe.ingest.IngestApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * ingest-service in this JVM (its real {@code IngestApplication} and {@code application.yaml}) on the dev stack, on a
 * free port, plus a benchmark-only {@code GET /bench/hello} WebFlux route in the same application context.
 */
final class IngestRig implements AutoCloseable {

    /** The baseline endpoint: the cheapest thing the same WebFlux server can answer. */
    @Configuration(proxyBeanMethods = false)
    static class Hello {
        static final String BODY = "{\"hello\":\"world\"}";

        @Bean
        RouterFunction<ServerResponse> benchHello() {
            return RouterFunctions.route(RequestPredicates.GET("/bench/hello"),
                    req -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(BODY));
        }
    }

    static final JsonMapper JSON = JsonMapper.builder().build();

    final ConfigurableApplicationContext context;
    final int port;
    final String apiKey;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    IngestRig(DevStack stack) {
        Map<String, Object> props = new LinkedHashMap<>(stack.springProperties());
        props.put("server.port", "0");
        // only ingest's own application.yaml (the workers' jars bring application.yml files too)
        props.put("spring.config.location", "classpath:/application.yaml");
        props.put("reelpipe.runtime.instance-id", "bench-ingest-" + ProcessHandle.current().pid());
        // API keys are on, as in production: the benchmark acts with a bootstrap admin key (one Redis lookup per
        // request, like any key); only the hello baseline route is public
        this.apiKey = "rp_bench_" + java.util.UUID.randomUUID().toString().replace("-", "");
        props.put("reelpipe.security.bootstrap-admin-key", apiKey);
        List<String> publicPaths = new java.util.ArrayList<>(
                io.reelpipe.pipeline.security.SecurityProperties.DEFAULT_PUBLIC_PATHS);
        publicPaths.add("/bench/hello");
        for (int i = 0; i < publicPaths.size(); i++) {
            props.put("reelpipe.security.public-paths[" + i + "]", publicPaths.get(i));
        }
        this.context = new SpringApplicationBuilder(IngestApplication.class, Hello.class)
                .web(WebApplicationType.REACTIVE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .registerShutdownHook(false)
                .properties(props)
                .run();
        this.port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    /** The headers that authenticate a request. */
    Map<String, String> auth() {
        return Map.of("X-Api-Key", apiKey);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** POST /v1/assets with the file as the body; returns the 202 answer's JSON. */
    JsonNode upload(Path file, String filename) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/v1/assets?filename=" + filename))
                .header("Content-Type", "video/mp4")
                .header("X-Api-Key", apiKey)
                .timeout(Duration.ofMinutes(5))
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            throw new IllegalStateException("upload answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    @Override
    public void close() {
        context.close();
    }
}
