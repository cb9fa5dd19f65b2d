package io.reelpipe.ingest.upload;

import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MinioClient;
import io.minio.http.Method;
import io.reelpipe.ingest.IngestProperties;
import io.reelpipe.media.MediaInfo;
import io.reelpipe.media.MediaProbe;
import io.reelpipe.pipeline.config.S3Properties;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Probes an uploaded object where it lies: FFmpeg reads it through a presigned GET URL with HTTP range requests,
 * so there is no second copy on local disk and only the bytes the demuxer needs cross the network (the MP4 index,
 * and with {@code verify-decodable} the first frames and the last seconds).
 *
 * <p>Blocking: callers run it on bounded-elastic. Throws the typed {@code MediaException}s of media-ffmpeg.
 */
@Component
public class MediaInspector {

    private final MinioClient presigner;
    private final String bucket;
    private final IngestProperties props;

    public MediaInspector(S3Properties s3, IngestProperties props) {
        // Presigning is a local computation (the region is given, so no lookup goes out).
        this.presigner = MinioClient.builder()
                .endpoint(s3.endpoint())
                .credentials(s3.accessKey(), s3.secretKey())
                .region(s3.region())
                .build();
        this.bucket = s3.bucket();
        this.props = props;
    }

    /** Probes (and, when configured, decode-checks head and tail of) the object at {@code key}. */
    public MediaInfo inspect(String key, long size) {
        String url = presignedGet(key);
        Duration io = props.getProbeTimeout();
        MediaInfo info = MediaProbe.probeUrl(url, io);
        if (props.isVerifyDecodable()) {
            MediaProbe.verifyDecodableUrl(url, size, io);
        }
        return info;
    }

    String presignedGet(String key) {
        try {
            return presigner.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                    .method(Method.GET)
                    .bucket(bucket)
                    .object(key)
                    .expiry((int) Math.max(60, props.getProbeUrlExpiry().toSeconds()), TimeUnit.SECONDS)
                    .build());
        } catch (Exception e) {
            throw new IllegalStateException("cannot presign a GET for " + key + ": " + e.getMessage(), e);
        }
    }
}
