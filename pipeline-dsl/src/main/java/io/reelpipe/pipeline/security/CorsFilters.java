package io.reelpipe.pipeline.security;

import org.springframework.core.Ordered;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.server.WebFilter;

/**
 * CORS for the services' {@code /v1/**} APIs as a filter placed just before the {@link ApiKeyAuthenticationFilter}:
 * preflights are answered without a key, and a 401/403/404 problem still carries the CORS headers a page needs to
 * read it. Keys travel in headers, never cookies, so credentials are never allowed.
 */
public final class CorsFilters {

    private CorsFilters() {
    }

    /** The filter for {@code config} on {@code /v1/**}. */
    public static WebFilter beforeApiKeys(CorsConfiguration config) {
        config.setAllowCredentials(false);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/v1/**", config);
        return new OrderedCorsWebFilter(source);
    }

    private static final class OrderedCorsWebFilter extends CorsWebFilter implements Ordered {
        OrderedCorsWebFilter(UrlBasedCorsConfigurationSource source) {
            super(source);
        }

        @Override
        public int getOrder() {
            return ApiKeyAuthenticationFilter.ORDER - 1;
        }
    }
}
