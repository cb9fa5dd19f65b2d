package io.reelpipe.pipeline.runtime;

import io.lettuce.core.api.StatefulRedisConnection;
import io.reelpipe.pipeline.bus.MessageBus;
import io.reelpipe.pipeline.storage.ObjectStore;
import java.time.Duration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import reactor.core.publisher.Mono;

/**
 * Health of the shared infrastructure for apps with Actuator: contributors {@code kafka} (describeCluster),
 * {@code s3} (the bucket exists) and {@code redis} (PING), each DOWN when no answer comes within 3 s. They are in the
 * readiness group ({@code management.endpoint.health.group.readiness.include=readinessState,kafka,s3,redis}, a
 * {@link ReelpipeDefaults} default), so an instance that cannot reach them takes no traffic; liveness stays UP.
 */
@AutoConfiguration(after = ReelpipeAutoConfiguration.class)
@ConditionalOnClass(ReactiveHealthIndicator.class)
public class ReelpipeHealthAutoConfiguration {

    static final Duration TIMEOUT = Duration.ofSeconds(3);

    @Bean
    @ConditionalOnMissingBean(name = "kafkaHealthIndicator")
    @ConditionalOnBean(MessageBus.class)
    public ReactiveHealthIndicator kafkaHealthIndicator(MessageBus bus) {
        return () -> check(bus.checkConnection(TIMEOUT).thenReturn(Health.up().build()));
    }

    @Bean
    @ConditionalOnMissingBean(name = "s3HealthIndicator")
    @ConditionalOnBean(ObjectStore.class)
    public ReactiveHealthIndicator s3HealthIndicator(ObjectStore store) {
        return () -> check(store.bucketExists().map(exists -> exists
                ? Health.up().withDetail("bucket", store.bucket()).build()
                : Health.down().withDetail("bucket", store.bucket()).withDetail("reason", "bucket missing").build()));
    }

    @Bean
    @ConditionalOnMissingBean(name = "redisHealthIndicator")
    @ConditionalOnBean(name = "reelpipeRedisConnection")
    public ReactiveHealthIndicator redisHealthIndicator(StatefulRedisConnection<String, String> reelpipeRedisConnection) {
        return () -> check(reelpipeRedisConnection.reactive().ping().map(pong -> Health.up().build()));
    }

    private static Mono<Health> check(Mono<Health> probe) {
        return probe.timeout(TIMEOUT)
                .onErrorResume(e -> Mono.just(Health.down().withDetail("error",
                        e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())).build()));
    }
}
