package io.reelpipe.ingest;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** Settings of the ingest service ({@code reelpipe.ingest.*}). Every property has a default. */
@ConfigurationProperties("reelpipe.ingest")
public class IngestProperties {

    /** Tenant of a request without an {@code X-Reelpipe-Tenant} header (real authentication comes later). */
    private String defaultTenant = "default";

    /** Pipeline run on an upload without {@code ?pipeline=}. */
    private String defaultPipeline = "ad-standard";

    /** Largest accepted upload; a bigger body is refused with 413 and nothing is kept. */
    private DataSize maxUploadSize = DataSize.ofGigabytes(50);

    /** How long probing an uploaded file may take (and the I/O timeout of FFmpeg's reads) before it is given up. */
    private Duration probeTimeout = Duration.ofSeconds(60);

    /** Lifetime of the presigned GET URL that FFmpeg reads the uploaded object through while probing. */
    private Duration probeUrlExpiry = Duration.ofMinutes(15);

    /** Decode the start and the end of every upload to catch truncated files (HTTP range reads, no copy). */
    private boolean verifyDecodable = true;

    /** Number of DataBuffers of the request body queued ahead of the S3 upload (bounds memory per upload). */
    private int uploadBufferDemand = 16;

    /** Where the pipelines shipped with the service are read from at startup. */
    private String pipelineLocations = "classpath*:pipelines/*.yaml";

    private final Outbox outbox = new Outbox();

    private final Events events = new Events();

    /** The outbox relay ({@code reelpipe.ingest.outbox.*}). */
    public static class Outbox {
        /** Start the relay with the application (tests switch it off to simulate a crash). */
        private boolean enabled = true;
        /** How often unsent rows are looked for (a commit also wakes the relay at once). */
        private Duration pollInterval = Duration.ofSeconds(1);
        /** Rows claimed per round. */
        private int batchSize = 100;
        /** How long one publish may take before the row is left for the next round. */
        private Duration sendTimeout = Duration.ofSeconds(15);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getPollInterval() {
            return pollInterval;
        }

        public void setPollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
        }

        public int getBatchSize() {
            return batchSize;
        }

        public void setBatchSize(int batchSize) {
            this.batchSize = batchSize;
        }

        public Duration getSendTimeout() {
            return sendTimeout;
        }

        public void setSendTimeout(Duration sendTimeout) {
            this.sendTimeout = sendTimeout;
        }
    }

    /** The consumer of {@code reelpipe.events} ({@code reelpipe.ingest.events.*}). */
    public static class Events {
        /** Consume lifecycle events into the job and stage rows. */
        private boolean enabled = true;
        /** Kafka consumer group. */
        private String group = "reelpipe.ingest";

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getGroup() {
            return group;
        }

        public void setGroup(String group) {
            this.group = group;
        }
    }

    public String getDefaultTenant() {
        return defaultTenant;
    }

    public void setDefaultTenant(String defaultTenant) {
        this.defaultTenant = defaultTenant;
    }

    public String getDefaultPipeline() {
        return defaultPipeline;
    }

    public void setDefaultPipeline(String defaultPipeline) {
        this.defaultPipeline = defaultPipeline;
    }

    public DataSize getMaxUploadSize() {
        return maxUploadSize;
    }

    public void setMaxUploadSize(DataSize maxUploadSize) {
        this.maxUploadSize = maxUploadSize;
    }

    public Duration getProbeTimeout() {
        return probeTimeout;
    }

    public void setProbeTimeout(Duration probeTimeout) {
        this.probeTimeout = probeTimeout;
    }

    public Duration getProbeUrlExpiry() {
        return probeUrlExpiry;
    }

    public void setProbeUrlExpiry(Duration probeUrlExpiry) {
        this.probeUrlExpiry = probeUrlExpiry;
    }

    public boolean isVerifyDecodable() {
        return verifyDecodable;
    }

    public void setVerifyDecodable(boolean verifyDecodable) {
        this.verifyDecodable = verifyDecodable;
    }

    public int getUploadBufferDemand() {
        return uploadBufferDemand;
    }

    public void setUploadBufferDemand(int uploadBufferDemand) {
        this.uploadBufferDemand = uploadBufferDemand;
    }

    public String getPipelineLocations() {
        return pipelineLocations;
    }

    public void setPipelineLocations(String pipelineLocations) {
        this.pipelineLocations = pipelineLocations;
    }

    public Outbox getOutbox() {
        return outbox;
    }

    public Events getEvents() {
        return events;
    }
}
