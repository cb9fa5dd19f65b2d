package io.reelpipe.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * storage-gateway settings ({@code reelpipe.gateway.*}).
 *
 * @param signingKey          HMAC-SHA256 key of presigned gateway URLs (env {@code REELPIPE_GATEWAY_SIGNING_KEY}); the
 *                            same on every instance. Default none: a random key per start (URLs die with the
 *                            process; a warning is logged)
 * @param defaultPresignExpiry lifetime of a presigned URL without {@code ?expiresIn=}; default {@code 1h}
 * @param maxPresignExpiry    the longest {@code ?expiresIn=} accepted; default {@code 7d}
 * @param publicBaseUrl       scheme+host(+port) used in presigned URLs, e.g. {@code https://media.example.com};
 *                            default none: taken from the request (honouring {@code X-Forwarded-*} when
 *                            {@code server.forward-headers-strategy=framework})
 * @param segmentMaxAge       {@code max-age} of segments, MP4s, images and subtitles; default {@code 1d}. Outputs
 *                            live at deterministic keys, so a re-run overwrites them: they are not {@code immutable},
 *                            clients revalidate with the ETag after this
 * @param tombstoneTtl        how long a deleted asset answers a repeated DELETE with 200 instead of 404; default
 *                            {@code 30d}
 * @param retentionInterval   how often the retention sweeper runs; default {@code 1h}; {@code 0} turns it off
 * @param retention           per tenant: {@code reelpipe.gateway.retention.<tenant>.source-days=N} deletes
 *                            {@code source/original} objects older than N days; default none
 * @param corsAllowedOrigins  origins allowed to fetch through the gateway from a browser (players); default {@code *}
 */
@ConfigurationProperties("reelpipe.gateway")
public record GatewayProperties(String signingKey, Duration defaultPresignExpiry, Duration maxPresignExpiry,
                                String publicBaseUrl, Duration segmentMaxAge, Duration tombstoneTtl,
                                Duration retentionInterval, Map<String, TenantRetention> retention,
                                List<String> corsAllowedOrigins) {

    public GatewayProperties {
        signingKey = signingKey == null || signingKey.isBlank() ? null : signingKey;
        defaultPresignExpiry = defaultPresignExpiry == null ? Duration.ofHours(1) : defaultPresignExpiry;
        maxPresignExpiry = maxPresignExpiry == null ? Duration.ofDays(7) : maxPresignExpiry;
        publicBaseUrl = publicBaseUrl == null || publicBaseUrl.isBlank() ? null
                : publicBaseUrl.replaceAll("/+$", "");
        segmentMaxAge = segmentMaxAge == null ? Duration.ofDays(1) : segmentMaxAge;
        tombstoneTtl = tombstoneTtl == null ? Duration.ofDays(30) : tombstoneTtl;
        retentionInterval = retentionInterval == null ? Duration.ofHours(1) : retentionInterval;
        retention = retention == null ? Map.of() : Map.copyOf(retention);
        corsAllowedOrigins = corsAllowedOrigins == null ? List.of("*") : List.copyOf(corsAllowedOrigins);
    }

    /**
     * Retention of one tenant.
     *
     * @param sourceDays delete the tenant's {@code source/original} objects this many days after they were written;
     *                   null or 0: keep forever
     */
    public record TenantRetention(Integer sourceDays) {
    }
}
