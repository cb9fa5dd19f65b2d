package io.reelpipe.pipeline.security;

import io.lettuce.core.api.StatefulRedisConnection;
import io.reelpipe.pipeline.runtime.ReelpipeAutoConfiguration;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * API-key security for the reactive web services (ingest-service, storage-gateway): the {@link ApiKeys} store, the
 * {@link ApiKeyAuthenticationFilter} (unless {@code reelpipe.security.enabled=false}) and the registration of the
 * bootstrap admin key ({@code reelpipe.security.bootstrap-admin-key}) at startup. Workers (apps with
 * {@link io.reelpipe.pipeline.filter.Filter} beans, whose web server only carries Actuator) get none of it.
 */
@AutoConfiguration(after = ReelpipeAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.web.server.WebFilter")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnMissingBean(io.reelpipe.pipeline.filter.Filter.class)
@EnableConfigurationProperties(SecurityProperties.class)
public class ReelpipeSecurityAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ReelpipeSecurityAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    public ApiKeys reelpipeApiKeys(StatefulRedisConnection<String, String> reelpipeRedisConnection,
                                   SecurityProperties props) {
        return new ApiKeys(reelpipeRedisConnection.reactive(), props.keyEnvironment());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "reelpipe.security.enabled", matchIfMissing = true)
    public ApiKeyAuthenticationFilter reelpipeApiKeyAuthenticationFilter(ApiKeys apiKeys, SecurityProperties props) {
        return new ApiKeyAuthenticationFilter(apiKeys, props);
    }

    /** Registers the bootstrap admin key before the server takes requests (fails the start if Redis is down). */
    @Bean
    public SmartInitializingSingleton reelpipeBootstrapAdminKey(ApiKeys apiKeys, SecurityProperties props) {
        return () -> {
            if (props.bootstrapAdminKey() == null) {
                if (props.enabled()) {
                    log.info("no bootstrap admin key configured (reelpipe.security.bootstrap-admin-key); API keys "
                            + "must already exist in Redis");
                }
                return;
            }
            ApiKeyRecord rec = apiKeys.registerBootstrap(props.bootstrapAdminKey(), props.systemTenant())
                    .block(Duration.ofSeconds(30));
            log.info("bootstrap admin key registered id={} tenant={}", rec.id(), rec.tenant());
        };
    }
}
