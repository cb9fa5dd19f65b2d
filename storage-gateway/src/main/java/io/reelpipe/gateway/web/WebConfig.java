package io.reelpipe.gateway.web;

import io.reelpipe.gateway.GatewayProperties;
import io.reelpipe.pipeline.security.ApiKeyAuthenticationFilter;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/**
 * CORS for browser players (hls.js fetches playlists and segments with XHR/fetch) and editor pages. A filter just
 * before the API key check: preflights need no key, and a 401/403/404 problem carries the CORS headers, so a page can
 * show why a fetch failed.
 */
@Configuration(proxyBeanMethods = false)
public class WebConfig {

    @Bean
    OrderedCorsWebFilter gatewayCorsFilter(GatewayProperties props) {
        CorsConfiguration c = new CorsConfiguration();
        c.setAllowedOriginPatterns(props.corsAllowedOrigins());
        c.setAllowedMethods(List.of("GET", "HEAD", "POST", "DELETE", "OPTIONS"));
        c.setAllowedHeaders(List.of("Authorization", "X-Api-Key", "Range", "If-None-Match", "If-Modified-Since",
                "If-Range", "X-Reelpipe-Tenant", "Content-Type"));
        c.setExposedHeaders(List.of("Content-Range", "Content-Length", "Accept-Ranges", "ETag", "Last-Modified"));
        c.setAllowCredentials(false);
        c.setMaxAge(3600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/v1/**", c);
        return new OrderedCorsWebFilter(source);
    }

    /** {@link CorsWebFilter} placed just before the API key filter. */
    static final class OrderedCorsWebFilter extends CorsWebFilter implements Ordered {
        OrderedCorsWebFilter(UrlBasedCorsConfigurationSource source) {
            super(source);
        }

        @Override
        public int getOrder() {
            return ApiKeyAuthenticationFilter.ORDER - 1;
        }
    }
}
