package io.reelpipe.gateway.web;

import io.reelpipe.gateway.GatewayProperties;
import io.reelpipe.pipeline.security.CorsFilters;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.server.WebFilter;

/**
 * CORS for browser players (hls.js fetches playlists and segments with XHR/fetch) and editor pages, before the API
 * key check ({@link CorsFilters}).
 */
@Configuration(proxyBeanMethods = false)
public class WebConfig {

    @Bean
    WebFilter gatewayCorsFilter(GatewayProperties props) {
        CorsConfiguration c = new CorsConfiguration();
        c.setAllowedOriginPatterns(props.corsAllowedOrigins());
        c.setAllowedMethods(List.of("GET", "HEAD", "POST", "DELETE", "OPTIONS"));
        c.setAllowedHeaders(List.of("Authorization", "X-Api-Key", "Range", "If-None-Match", "If-Modified-Since",
                "If-Range", "X-Reelpipe-Tenant", "Content-Type"));
        c.setExposedHeaders(List.of("Content-Range", "Content-Length", "Accept-Ranges", "ETag", "Last-Modified"));
        c.setMaxAge(3600L);
        return CorsFilters.beforeApiKeys(c);
    }
}
