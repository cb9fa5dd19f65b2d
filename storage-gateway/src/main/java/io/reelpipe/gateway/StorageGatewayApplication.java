package io.reelpipe.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * Serves pipeline outputs to editors and players (Range, ETag, HLS), presigns download URLs, deletes assets and
 * applies per-tenant retention. Everything behind API keys ({@code io.reelpipe.pipeline.security}).
 */
@SpringBootApplication
@EnableConfigurationProperties(GatewayProperties.class)
public class StorageGatewayApplication {
    public static void main(String[] args) {
        SpringApplication.run(StorageGatewayApplication.class, args);
    }
}
