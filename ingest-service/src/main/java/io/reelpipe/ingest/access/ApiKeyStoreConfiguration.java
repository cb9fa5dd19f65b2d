package io.reelpipe.ingest.access;

import io.lettuce.core.api.StatefulRedisConnection;
import io.reelpipe.pipeline.security.ApiKeys;
import io.reelpipe.pipeline.security.SecurityProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/** Ingest owns the API keys: its {@link ApiKeys} is the durable one (the security auto-configuration backs off). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ApiKeyStoreProperties.class, SecurityProperties.class})
class ApiKeyStoreConfiguration {

    @Bean
    DurableApiKeys reelpipeApiKeys(StatefulRedisConnection<String, String> reelpipeRedisConnection,
                                   SecurityProperties security, DatabaseClient db) {
        return new DurableApiKeys(reelpipeRedisConnection.reactive(), security.keyEnvironment(), db);
    }
}
