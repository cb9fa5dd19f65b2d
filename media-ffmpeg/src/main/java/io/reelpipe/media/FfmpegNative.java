package io.reelpipe.media;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_WARNING;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;
import static org.bytedeco.ffmpeg.global.avutil.setLogCallback;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the in-process FFmpeg libraries once and routes their log to SLF4J (logger {@code ffmpeg.native},
 * DEBUG) instead of the process's stderr. The last error lines logged on the calling thread are kept, so that
 * a failed {@code avformat_open_input} can say <em>why</em> ("moov atom not found").
 *
 * <p>FFmpeg's log callback is process-global: this replaces JavaCV's {@code FFmpegLogCallback}. Nothing else in
 * Reelpipe should install another one.
 */
final class FfmpegNative {

    private static final Logger NATIVE_LOG = LoggerFactory.getLogger("ffmpeg.native");
    private static final Pattern CONTEXT_PREFIX = Pattern.compile("^(\\[[^\\]]*@ ?0x[0-9a-fA-F]+\\] *)+");
    private static final ThreadLocal<Deque<String>> RECENT_ERRORS = ThreadLocal.withInitial(ArrayDeque::new);
    private static final Object LOCK = new Object();
    private static volatile boolean ready;
    @SuppressWarnings("unused") // must stay reachable: FFmpeg holds only the native pointer
    private static LogCallback callback;

    private FfmpegNative() {
    }

    static void ensureLoaded() {
        if (ready) {
            return;
        }
        synchronized (LOCK) {
            if (ready) {
                return;
            }
            long t0 = System.nanoTime();
            callback = new LogCallback() {
                @Override
                public void call(int level, BytePointer msg) {
                    String line = CONTEXT_PREFIX.matcher(msg.getString().strip()).replaceFirst("");
                    if (line.isEmpty()) {
                        return;
                    }
                    if (level <= AV_LOG_ERROR) {
                        Deque<String> recent = RECENT_ERRORS.get();
                        if (recent.size() >= 8) {
                            recent.removeFirst();
                        }
                        recent.addLast(line);
                    }
                    if (NATIVE_LOG.isDebugEnabled()) {
                        NATIVE_LOG.debug("{}", line);
                    }
                }
            };
            av_log_set_level(AV_LOG_WARNING);
            setLogCallback(callback);
            ready = true;
            NATIVE_LOG.debug("FFmpeg libraries loaded in {} ms", (System.nanoTime() - t0) / 1_000_000);
        }
    }

    static void clearRecentErrors() {
        RECENT_ERRORS.get().clear();
    }

    /** The error lines FFmpeg logged on this thread since {@link #clearRecentErrors()}, joined with "; ". */
    static String recentErrors() {
        return String.join("; ", RECENT_ERRORS.get());
    }

    static String error(int code) {
        byte[] buf = new byte[256];
        av_strerror(code, buf, buf.length);
        return cString(buf);
    }

    /** The NUL-terminated string in {@code buf} (JavaCPP's {@code BytePointer.getString()} on a fresh buffer
     *  reads its whole capacity, garbage included). */
    static String cString(byte[] buf) {
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8);
    }
}
