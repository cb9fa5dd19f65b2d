package io.reelpipe.ingest.web;

import io.reelpipe.ingest.IngestProperties;
import io.reelpipe.ingest.tus.TusHandler;
import io.reelpipe.pipeline.security.CorsFilters;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.server.WebFilter;

/**
 * CORS for browser clients of the upload and job APIs: tus-js-client and Uppy send tus headers (and
 * {@code X-HTTP-Method-Override} where PATCH is blocked) and must read {@code Location}/{@code Upload-Offset};
 * dashboards read problem details and poll job status. {@link CorsFilters} places it before the API key check
 * (and after the method override, which must see the original method first).
 */
@Configuration(proxyBeanMethods = false)
public class CorsPolicy {

    static final List<String> ALLOWED_HEADERS = List.of("Authorization", "X-Api-Key", "Content-Type",
            "Tus-Resumable", "Upload-Length", "Upload-Metadata", "Upload-Offset", "Upload-Defer-Length",
            "Upload-Concat", "Upload-Checksum", "X-HTTP-Method-Override", "X-Requested-With", Tenants.HEADER,
            "Last-Event-ID");

    static final List<String> EXPOSED_HEADERS = List.of("Location", "Upload-Offset", "Upload-Length",
            "Upload-Metadata", "Upload-Expires", "Upload-Concat", "Upload-Defer-Length", "Tus-Resumable",
            "Tus-Version", "Tus-Extension", "Tus-Max-Size", "Tus-Checksum-Algorithm", TusHandler.ASSET_HEADER,
            TusHandler.JOB_HEADER, "Retry-After", "ETag");

    @Bean
    WebFilter corsWebFilter(IngestProperties props) {
        CorsConfiguration c = new CorsConfiguration();
        c.setAllowedOriginPatterns(props.getCors().getAllowedOrigins());
        c.setAllowedMethods(List.of("GET", "HEAD", "POST", "PATCH", "PUT", "DELETE", "OPTIONS"));
        c.setAllowedHeaders(ALLOWED_HEADERS);
        c.setExposedHeaders(EXPOSED_HEADERS);
        c.setMaxAge(props.getCors().getMaxAge());
        return CorsFilters.beforeApiKeys(c);
    }
}
