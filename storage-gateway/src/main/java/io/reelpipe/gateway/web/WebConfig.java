package io.reelpipe.gateway.web;

import io.reelpipe.gateway.GatewayProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.config.CorsRegistry;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/** CORS for browser players (hls.js fetches playlists and segments with XHR/fetch). */
@Configuration
public class WebConfig implements WebFluxConfigurer {

    private final GatewayProperties props;

    public WebConfig(GatewayProperties props) {
        this.props = props;
    }

    @Override
    public void addCorsMappings(CorsRegistry registry) {
        registry.addMapping("/v1/**")
                .allowedOriginPatterns(props.corsAllowedOrigins().toArray(String[]::new))
                .allowedMethods("GET", "HEAD", "POST", "DELETE")
                .allowedHeaders("Authorization", "X-Api-Key", "Range", "If-None-Match", "If-Modified-Since",
                        "If-Range", "X-Reelpipe-Tenant", "Content-Type")
                .exposedHeaders("Content-Range", "Content-Length", "Accept-Ranges", "ETag", "Last-Modified")
                .maxAge(3600);
    }
}
