package io.reelpipe.edge;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the edge sends each part of the API ({@code reelpipe.edge.*}). Each is a base URL (scheme, host, port); the
 * request path is kept as it is.
 *
 * @param ingest  ingest-service: uploads, jobs and their events, pipelines, asset records, API keys, {@code /admin}
 * @param gateway storage-gateway: asset files, presigned and signed links, asset deletion
 * @param catalog catalog-service: {@code /v1/search}; the console hides its search box while this answers 404/5xx
 */
@ConfigurationProperties("reelpipe.edge")
public record EdgeProperties(
        @DefaultValue("http://localhost:8080") URI ingest,
        @DefaultValue("http://localhost:8081") URI gateway,
        @DefaultValue("http://localhost:8082") URI catalog) {
}
