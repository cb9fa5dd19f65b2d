package io.reelpipe.pipeline.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Object storage ({@code reelpipe.s3.*}), MinIO in production and S3Proxy in dev.
 *
 * @param endpoint  S3 endpoint URL; default {@code http://localhost:9000}
 * @param accessKey access key; default {@code reelpipe} (the dev stack's)
 * @param secretKey secret key; default {@code reelpipe-secret} (the dev stack's)
 * @param bucket    the environment's bucket; default {@code reelpipe}
 * @param region    region used to sign requests; default {@code us-east-1}
 * @param partSize  multipart part size for uploads of unknown length (minimum 5 MiB); default {@code 16MB}
 */
@ConfigurationProperties("reelpipe.s3")
public record S3Properties(String endpoint, String accessKey, String secretKey, String bucket, String region,
                           DataSize partSize) {

    public S3Properties {
        endpoint = blank(endpoint) ? "http://localhost:9000" : endpoint;
        accessKey = blank(accessKey) ? "reelpipe" : accessKey;
        secretKey = blank(secretKey) ? "reelpipe-secret" : secretKey;
        bucket = blank(bucket) ? "reelpipe" : bucket;
        region = blank(region) ? "us-east-1" : region;
        partSize = partSize == null ? DataSize.ofMegabytes(16) : partSize;
        if (partSize.toBytes() < 5L * 1024 * 1024) {
            throw new IllegalArgumentException("reelpipe.s3.part-size must be at least 5MB, got " + partSize);
        }
    }

    public static S3Properties of(String endpoint, String accessKey, String secretKey, String bucket, String region) {
        return new S3Properties(endpoint, accessKey, secretKey, bucket, region, null);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
