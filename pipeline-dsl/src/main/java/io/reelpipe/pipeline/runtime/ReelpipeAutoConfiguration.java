package io.reelpipe.pipeline.runtime;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.reelpipe.pipeline.bus.MessageBus;
import io.reelpipe.pipeline.config.KafkaProperties;
import io.reelpipe.pipeline.config.RedisProperties;
import io.reelpipe.pipeline.config.RuntimeProperties;
import io.reelpipe.pipeline.config.S3Properties;
import io.reelpipe.pipeline.internal.MinioObjectStore;
import io.reelpipe.pipeline.internal.ReactorKafkaBus;
import io.reelpipe.pipeline.internal.RedisJobStatusStore;
import io.reelpipe.pipeline.status.JobStatusStore;
import io.reelpipe.pipeline.storage.ObjectStore;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The shared clients every Reelpipe service uses: {@link MessageBus} (reactor-kafka), {@link ObjectStore} (minio-java),
 * {@link JobStatusStore} (Lettuce; the bean is a {@link io.reelpipe.pipeline.status.RuntimeStatusStore}) and the Lettuce
 * client and connection, each replaceable by declaring a bean of the same type.
 */
@AutoConfiguration
@EnableConfigurationProperties({KafkaProperties.class, RedisProperties.class, S3Properties.class, RuntimeProperties.class,
        io.reelpipe.pipeline.config.WatchdogProperties.class})
public class ReelpipeAutoConfiguration {

    @Bean(destroyMethod = "shutdown")
    @ConditionalOnMissingBean
    public RedisClient reelpipeRedisClient(RedisProperties props) {
        RedisURI uri = RedisURI.create(props.uri());
        uri.setTimeout(props.timeout());
        return RedisClient.create(uri);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(name = "reelpipeRedisConnection")
    public StatefulRedisConnection<String, String> reelpipeRedisConnection(RedisClient client) {
        return client.connect();
    }

    @Bean
    @ConditionalOnMissingBean(JobStatusStore.class)
    public RedisJobStatusStore reelpipeJobStatusStore(StatefulRedisConnection<String, String> reelpipeRedisConnection,
                                                      RuntimeProperties runtime) {
        return new RedisJobStatusStore(reelpipeRedisConnection.reactive(), runtime.jobRetention());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public MessageBus reelpipeMessageBus(KafkaProperties props) {
        return new ReactorKafkaBus(props);
    }

    @Bean
    @ConditionalOnMissingBean
    public ObjectStore reelpipeObjectStore(S3Properties props) {
        return new MinioObjectStore(props);
    }

    /** Cancel and re-run, for any app that manages jobs. */
    @Bean
    @ConditionalOnMissingBean
    public JobControl reelpipeJobControl(MessageBus bus, JobStatusStore status, ObjectStore store) {
        if (!(status instanceof io.reelpipe.pipeline.status.RuntimeStatusStore r)) {
            throw new IllegalStateException("JobControl needs a RuntimeStatusStore, got " + status.getClass().getName());
        }
        return new JobControl(bus, r, store);
    }

    /** The stage watchdog, where {@code reelpipe.watchdog.enabled=true} (ingest). */
    @Bean
    @ConditionalOnMissingBean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty("reelpipe.watchdog.enabled")
    public Watchdog reelpipeWatchdog(MessageBus bus, JobStatusStore status,
                                     io.reelpipe.pipeline.config.WatchdogProperties props) {
        return new Watchdog((io.reelpipe.pipeline.status.RuntimeStatusStore) status, bus, props);
    }
}
