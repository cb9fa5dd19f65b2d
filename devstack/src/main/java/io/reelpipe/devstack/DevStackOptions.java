package io.reelpipe.devstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.reelpipe.devstack.internal.ProcessRegistry;

/**
 * How to start a {@link DevStack}.
 *
 * @param dataDir        where the servers keep their data; {@code null}: a temp dir deleted on close. A given dir is
 *                       kept and reused on the next start (Kafka storage, PostgreSQL cluster, S3 files, Redis dump).
 * @param servers        which servers to provide (default all)
 * @param environment    where the {@code REELPIPE_*} variables that name external servers are read (default
 *                       {@link System#getenv()}); an empty map: always start local servers
 * @param watchdog       whether server processes watch this JVM and stop when it dies (default true; system
 *                       property {@code reelpipe.devstack.watchdog=false} turns it off; tests of the sweep do)
 * @param startTimeout   how long each server may take to start
 * @param kafkaPartitions default partition count of auto-created topics
 * @param stateDir       where pid files live so that a later start can sweep orphans (default
 *                       {@code ${java.io.tmpdir}/reelpipe-devstack}, or system property
 *                       {@code reelpipe.devstack.state-dir})
 */
public record DevStackOptions(
        Path dataDir,
        Set<Server> servers,
        Map<String, String> environment,
        boolean watchdog,
        Duration startTimeout,
        int kafkaPartitions,
        String s3Bucket,
        String s3Region,
        String s3AccessKey,
        String s3SecretKey,
        String postgresDatabase,
        String postgresUser,
        String postgresPassword,
        Path stateDir) {

    /** The servers a stack can provide. */
    public enum Server { KAFKA, POSTGRES, REDIS, S3 }

    public DevStackOptions {
        servers = servers == null || servers.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(servers));
        environment = environment == null ? Map.of() : Map.copyOf(environment);
        startTimeout = startTimeout == null ? Duration.ofSeconds(90) : startTimeout;
        if (kafkaPartitions <= 0) {
            kafkaPartitions = 12;
        }
        s3Bucket = Objects.requireNonNullElse(s3Bucket, "reelpipe");
        s3Region = Objects.requireNonNullElse(s3Region, "us-east-1");
        s3AccessKey = Objects.requireNonNullElse(s3AccessKey, "reelpipe");
        s3SecretKey = Objects.requireNonNullElse(s3SecretKey, "reelpipe-secret");
        postgresDatabase = Objects.requireNonNullElse(postgresDatabase, "reelpipe");
        postgresUser = Objects.requireNonNullElse(postgresUser, "reelpipe");
        postgresPassword = Objects.requireNonNullElse(postgresPassword, "reelpipe");
        stateDir = stateDir == null ? ProcessRegistry.defaultStateDir() : stateDir;
    }

    /** All four servers, temp data dir, external servers from the environment. */
    public static DevStackOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.dataDir = dataDir;
        b.servers = servers.isEmpty() ? EnumSet.noneOf(Server.class) : EnumSet.copyOf(servers);
        b.environment = environment;
        b.watchdog = watchdog;
        b.startTimeout = startTimeout;
        b.kafkaPartitions = kafkaPartitions;
        b.s3Bucket = s3Bucket;
        b.s3Region = s3Region;
        b.s3AccessKey = s3AccessKey;
        b.s3SecretKey = s3SecretKey;
        b.postgresDatabase = postgresDatabase;
        b.postgresUser = postgresUser;
        b.postgresPassword = postgresPassword;
        b.stateDir = stateDir;
        return b;
    }

    public boolean has(Server server) {
        return servers.contains(server);
    }

    /** Builder; every setting is optional. */
    public static final class Builder {
        private Path dataDir;
        private Set<Server> servers = EnumSet.allOf(Server.class);
        private Map<String, String> environment = System.getenv();
        private boolean watchdog = !"false".equalsIgnoreCase(System.getProperty("reelpipe.devstack.watchdog"));
        private Duration startTimeout;
        private int kafkaPartitions = 12;
        private String s3Bucket;
        private String s3Region;
        private String s3AccessKey;
        private String s3SecretKey;
        private String postgresDatabase;
        private String postgresUser;
        private String postgresPassword;
        private Path stateDir;

        private Builder() {
        }

        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder servers(Set<Server> servers) {
            this.servers = servers.isEmpty() ? EnumSet.noneOf(Server.class) : EnumSet.copyOf(servers);
            return this;
        }

        public Builder servers(Server... servers) {
            this.servers = EnumSet.noneOf(Server.class);
            this.servers.addAll(java.util.Arrays.asList(servers));
            return this;
        }

        public Builder environment(Map<String, String> environment) {
            this.environment = environment;
            return this;
        }

        public Builder watchdog(boolean watchdog) {
            this.watchdog = watchdog;
            return this;
        }

        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
            return this;
        }

        public Builder kafkaPartitions(int kafkaPartitions) {
            this.kafkaPartitions = kafkaPartitions;
            return this;
        }

        public Builder s3Bucket(String s3Bucket) {
            this.s3Bucket = s3Bucket;
            return this;
        }

        public Builder s3Region(String s3Region) {
            this.s3Region = s3Region;
            return this;
        }

        public Builder s3Credentials(String accessKey, String secretKey) {
            this.s3AccessKey = accessKey;
            this.s3SecretKey = secretKey;
            return this;
        }

        public Builder postgres(String database, String user, String password) {
            this.postgresDatabase = database;
            this.postgresUser = user;
            this.postgresPassword = password;
            return this;
        }

        public Builder stateDir(Path stateDir) {
            this.stateDir = stateDir;
            return this;
        }

        public DevStackOptions build() {
            return new DevStackOptions(dataDir, servers, environment, watchdog, startTimeout, kafkaPartitions,
                    s3Bucket, s3Region, s3AccessKey, s3SecretKey, postgresDatabase, postgresUser, postgresPassword,
                    stateDir);
        }
    }
}
