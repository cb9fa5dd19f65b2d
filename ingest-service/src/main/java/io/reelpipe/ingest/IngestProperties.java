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

    /** Longest accepted video (checked after probing); a longer one is refused with 413. */
    private Duration maxDuration = Duration.ofHours(4);

    /** Per-tenant overrides of the limits ({@code reelpipe.ingest.tenants.<tenant>.max-upload-size}, ...). */
    private final java.util.Map<String, TenantLimits> tenants = new java.util.LinkedHashMap<>();

    private final Tus tus = new Tus();

    private final Direct direct = new Direct();

    private final Outbox outbox = new Outbox();

    private final Events events = new Events();

    private final Webhooks webhooks = new Webhooks();

    private final Sse sse = new Sse();

    private final Cors cors = new Cors();

    public Cors getCors() {
        return cors;
    }

    /** Limits of one tenant; an unset value falls back to the global one. */
    public static class TenantLimits {
        private DataSize maxUploadSize;
        private Duration maxDuration;

        public DataSize getMaxUploadSize() {
            return maxUploadSize;
        }

        public void setMaxUploadSize(DataSize maxUploadSize) {
            this.maxUploadSize = maxUploadSize;
        }

        public Duration getMaxDuration() {
            return maxDuration;
        }

        public void setMaxDuration(Duration maxDuration) {
            this.maxDuration = maxDuration;
        }
    }

    /** The largest upload {@code tenant} may send, in bytes. */
    public long maxUploadBytes(String tenant) {
        TenantLimits t = tenants.get(tenant);
        return t != null && t.getMaxUploadSize() != null ? t.getMaxUploadSize().toBytes() : maxUploadSize.toBytes();
    }

    /** The longest video {@code tenant} may send. */
    public Duration maxDuration(String tenant) {
        TenantLimits t = tenants.get(tenant);
        return t != null && t.getMaxDuration() != null ? t.getMaxDuration() : maxDuration;
    }

    /** tus 1.0 resumable uploads ({@code reelpipe.ingest.tus.*}). */
    public static class Tus {
        /** Local directory for the tails of uploads that are not a whole S3 part yet (and checksummed bodies). */
        private String spoolDir = System.getProperty("java.io.tmpdir") + "/reelpipe-tus";
        /** S3 part size of resumable uploads (at least 5MB); null: {@code reelpipe.s3.part-size}. */
        private DataSize partSize;
        /** Parts uploaded to S3 at the same time per PATCH (overlaps receiving and storing). */
        private int maxInflightParts = 2;
        /** An unfinished upload expires this long after its last PATCH (Upload-Expires). */
        private Duration expiry = Duration.ofHours(24);
        /** How long a PATCH's lock lives without a heartbeat (a dead connection's lock clears after this). */
        private Duration lockTtl = Duration.ofSeconds(30);
        /** How often expired uploads are aborted and removed. */
        private Duration sweepInterval = Duration.ofMinutes(5);
        /** Run the expiry sweeper. */
        private boolean sweeperEnabled = true;

        public String getSpoolDir() {
            return spoolDir;
        }

        public void setSpoolDir(String spoolDir) {
            this.spoolDir = spoolDir;
        }

        public DataSize getPartSize() {
            return partSize;
        }

        public void setPartSize(DataSize partSize) {
            this.partSize = partSize;
        }

        public int getMaxInflightParts() {
            return maxInflightParts;
        }

        public void setMaxInflightParts(int maxInflightParts) {
            this.maxInflightParts = maxInflightParts;
        }

        public Duration getExpiry() {
            return expiry;
        }

        public void setExpiry(Duration expiry) {
            this.expiry = expiry;
        }

        public Duration getLockTtl() {
            return lockTtl;
        }

        public void setLockTtl(Duration lockTtl) {
            this.lockTtl = lockTtl;
        }

        public Duration getSweepInterval() {
            return sweepInterval;
        }

        public void setSweepInterval(Duration sweepInterval) {
            this.sweepInterval = sweepInterval;
        }

        public boolean isSweeperEnabled() {
            return sweeperEnabled;
        }

        public void setSweeperEnabled(boolean sweeperEnabled) {
            this.sweeperEnabled = sweeperEnabled;
        }
    }

    /** Direct (presigned) uploads to object storage ({@code reelpipe.ingest.direct.*}). */
    public static class Direct {
        /** Lifetime of the presigned URLs and of an uncompleted direct upload. */
        private Duration urlExpiry = Duration.ofHours(2);
        /** Declared sizes above this get a multipart upload with one presigned URL per part. */
        private DataSize multipartThreshold = DataSize.ofMegabytes(512);
        /** Part size of multipart direct uploads. */
        private DataSize partSize = DataSize.ofMegabytes(64);

        public Duration getUrlExpiry() {
            return urlExpiry;
        }

        public void setUrlExpiry(Duration urlExpiry) {
            this.urlExpiry = urlExpiry;
        }

        public DataSize getMultipartThreshold() {
            return multipartThreshold;
        }

        public void setMultipartThreshold(DataSize multipartThreshold) {
            this.multipartThreshold = multipartThreshold;
        }

        public DataSize getPartSize() {
            return partSize;
        }

        public void setPartSize(DataSize partSize) {
            this.partSize = partSize;
        }
    }

    public Duration getMaxDuration() {
        return maxDuration;
    }

    public void setMaxDuration(Duration maxDuration) {
        this.maxDuration = maxDuration;
    }

    public java.util.Map<String, TenantLimits> getTenants() {
        return tenants;
    }

    public Tus getTus() {
        return tus;
    }

    public Direct getDirect() {
        return direct;
    }

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

    public Webhooks getWebhooks() {
        return webhooks;
    }

    public Sse getSse() {
        return sse;
    }

    /** Webhook deliveries ({@code reelpipe.ingest.webhooks.*}). */
    public static class Webhooks {
        /** Run the delivery worker. */
        private boolean enabled = true;
        /** How often due deliveries are looked for (a new event also wakes the worker). */
        private Duration pollInterval = Duration.ofSeconds(1);
        /** Delay before the second attempt; doubles per attempt. */
        private Duration backoffInitial = Duration.ofSeconds(10);
        /** Longest delay between two attempts. */
        private Duration backoffMax = Duration.ofHours(1);
        /** A delivery not accepted within this long after its event is given up (FAILED). */
        private Duration maxAge = Duration.ofHours(24);
        /** Longest wait for the receiver's answer. */
        private Duration timeout = Duration.ofSeconds(10);
        /** Deliveries claimed per round. */
        private int batchSize = 50;

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

        public Duration getBackoffInitial() {
            return backoffInitial;
        }

        public void setBackoffInitial(Duration backoffInitial) {
            this.backoffInitial = backoffInitial;
        }

        public Duration getBackoffMax() {
            return backoffMax;
        }

        public void setBackoffMax(Duration backoffMax) {
            this.backoffMax = backoffMax;
        }

        public Duration getMaxAge() {
            return maxAge;
        }

        public void setMaxAge(Duration maxAge) {
            this.maxAge = maxAge;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        public int getBatchSize() {
            return batchSize;
        }

        public void setBatchSize(int batchSize) {
            this.batchSize = batchSize;
        }
    }

    /** Server-Sent Events of job progress ({@code reelpipe.ingest.sse.*}). */
    public static class Sse {
        /** Longest XREAD BLOCK; a heartbeat comment is sent after each empty read. */
        private Duration block = Duration.ofSeconds(10);

        public Duration getBlock() {
            return block;
        }

        public void setBlock(Duration block) {
            this.block = block;
        }
    }

    /**
     * Cross-origin access for browser uploaders (tus-js-client, Uppy) and dashboards ({@code reelpipe.ingest.cors.*}).
     * Keys travel in headers, never cookies, so no credentials are allowed.
     */
    public static class Cors {
        /** Origin patterns allowed to call the API from a browser; {@code *} allows any (restrict it in production). */
        private java.util.List<String> allowedOrigins = new java.util.ArrayList<>(java.util.List.of("*"));

        /** How long a browser may cache a preflight answer. */
        private Duration maxAge = Duration.ofHours(1);

        public java.util.List<String> getAllowedOrigins() {
            return allowedOrigins;
        }

        public void setAllowedOrigins(java.util.List<String> allowedOrigins) {
            this.allowedOrigins = allowedOrigins;
        }

        public Duration getMaxAge() {
            return maxAge;
        }

        public void setMaxAge(Duration maxAge) {
            this.maxAge = maxAge;
        }
    }
}
