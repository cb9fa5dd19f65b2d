package io.reelpipe.ingest.hash;

/**
 * A SHA-256 whose running state can be exported and resumed (same byte format for every implementation), so a
 * resumable upload is hashed while it streams in, across requests and restarts. {@link #restore} picks the JDK's
 * intrinsic-accelerated SHA-256 when {@code java.base/sun.security.provider} is opened to this code (the exec jar's
 * manifest and the test JVM do that), else the pure-Java {@link Sha256State}.
 */
public interface ResumableSha256 {

    void update(byte[] in, int off, int len);

    byte[] export();

    String hex();

    long length();

    /** Resumes an exported state (null or empty: a new hash). */
    static ResumableSha256 restore(byte[] exported) {
        return JdkSha256.AVAILABLE ? JdkSha256.restore(exported) : Sha256State.restore(exported);
    }
}
