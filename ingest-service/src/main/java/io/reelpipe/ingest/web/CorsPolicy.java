package io.reelpipe.ingest.web;

import io.reelpipe.ingest.IngestProperties;
import io.reelpipe.ingest.tus.TusHandler;
import io.reelpipe.pipeline.security.ApiKeyAuthenticationFilter;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/**
 * CORS for browser clients of the upload and job APIs: tus-js-client and Uppy send tus headers (and
 * {@code X-HTTP-Method-Override} where PATCH is blocked) and must read {@code Location}/{@code Upload-Offset};
 * dashboards read problem details and poll job status. The filter runs before the API key check, so preflights are
 * answered without a key and a 401/413 problem still carries the CORS headers a browser needs to show its reason.
 */
@Configuration(proxyBeanMethods = false)
public class CorsPolicy {

    /** Just before the API key filter (after the method override, which must see the original method first). */
    static final int ORDER = ApiKeyAuthenticationFilter.ORDER - 1;

    static final List<String> ALLOWED_HEADERS = List.of("Authorization", "X-Api-Key", "Content-Type",
            "Tus-Resumable", "Upload-Length", "Upload-Metadata", "Upload-Offset", "Upload-Defer-Length",
            "Upload-Concat", "Upload-Checksum", "X-HTTP-Method-Override", "X-Requested-With", Tenants.HEADER,
            "Last-Event-ID");

    static final List<String> EXPOSED_HEADERS = List.of("Location", "Upload-Offset", "Upload-Length",
            "Upload-Metadata", "Upload-Expires", "Upload-Concat", "Upload-Defer-Length", "Tus-Resumable",
            "Tus-Version", "Tus-Extension", "Tus-Max-Size", "Tus-Checksum-Algorithm", TusHandler.ASSET_HEADER,
            TusHandler.JOB_HEADER, "Retry-After", "ETag");

    @Bean
    CorsWebFilterOrdered corsWebFilter(IngestProperties props) {
        CorsConfiguration c = new CorsConfiguration();
        c.setAllowedOriginPatterns(props.getCors().getAllowedOrigins());
        c.setAllowedMethods(List.of("GET", "HEAD", "POST", "PATCH", "PUT", "DELETE", "OPTIONS"));
        c.setAllowedHeaders(ALLOWED_HEADERS);
        c.setExposedHeaders(EXPOSED_HEADERS);
        c.setAllowCredentials(false);
        c.setMaxAge(props.getCors().getMaxAge());
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/v1/**", c);
        return new CorsWebFilterOrdered(source);
    }

    /** {@link CorsWebFilter} with a place in the filter order. */
    static final class CorsWebFilterOrdered extends CorsWebFilter implements Ordered {
        CorsWebFilterOrdered(UrlBasedCorsConfigurationSource source) {
            super(source);
        }

        @Override
        public int getOrder() {
            return ORDER;
        }
    }
}
