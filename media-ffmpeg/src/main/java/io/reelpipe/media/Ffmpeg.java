package io.reelpipe.media;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.Loader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@code ffmpeg} binary that ships inside the {@code org.bytedeco:ffmpeg} jar (extracted once to
 * {@code ~/.javacpp/cache}), the same build the in-process classes use.
 *
 * <p>Each run logs one line with the full command, reads {@code -progress pipe:1} from stdout to report
 * progress, keeps the last 64 stderr lines, and on a non-zero exit throws {@link FfmpegFailedException} whose
 * message is made of the meaningful last stderr lines. Cancellation (the {@link CancellationCheck} or an
 * interrupt of the calling thread, which is what disposing a Reactor subscription on boundedElastic does) kills
 * the process tree and throws {@link MediaCancelledException}.
 *
 * <p>Blocking; thread-safe; one instance serves a whole worker.
 */
public final class Ffmpeg {

    private static final Logger log = LoggerFactory.getLogger(Ffmpeg.class);
    private static final int STDERR_LINES = 64;
    private static final Pattern NOISE = Pattern.compile(
            "^(\\s|Input #|Output #|Stream mapping|Press \\[q\\]|Metadata:|Duration:|Stream #|frame=|size=|video:|"
                    + "\\[out#|\\[aac @|\\[libx264 @ \\S+\\] (frame|mb|final|coded|i16|i8|ref|kb/s|Weighted|8x8|consecutive|using|profile))");
    /** {@code [ctx @ 0x..] [error] text} or {@code [fatal] text}: group 1 is the text. */
    private static final Pattern ERROR_LINE = Pattern.compile(
            "^(?:\\[[^\\]]*@ ?0x[0-9a-fA-F]+\\] )*\\[(?:error|fatal|panic)\\] (.*)$");
    /** The {@code [info] } tag of {@code level+} logging, keeping any context prefix before it. */
    private static final Pattern LEVEL_TAG = Pattern.compile(
            "^((?:\\[[^\\]]*@ ?0x[0-9a-fA-F]+\\] )*)\\[(?:quiet|panic|fatal|error|warning|info|verbose|debug|trace)\\] ");
    /**
     * FFmpeg 8's closing lines after any failure, tagged [error] like the cause itself: they would push the line that
     * says what went wrong out of the reason (seen with NVENC on a GPU without an encoder unit).
     */
    private static final Pattern SHUTDOWN_ECHO = Pattern.compile("^(Conversion failed|Nothing was written into output "
            + "file|Task finished with error code|Terminating thread with return code|Could not open encoder before EOF"
            + "|Error sending frames to consumers|Error while opening encoder|Error while filtering)");
    private static volatile Ffmpeg bundled;

    private final Path binary;

    public Ffmpeg(Path binary) {
        this.binary = binary;
    }

    /** The binary from the bytedeco jar ({@code Loader.load(org.bytedeco.ffmpeg.ffmpeg.class)}). */
    public static Ffmpeg bundled() {
        Ffmpeg f = bundled;
        if (f == null) {
            synchronized (Ffmpeg.class) {
                if (bundled == null) {
                    bundled = new Ffmpeg(Path.of(Loader.load(org.bytedeco.ffmpeg.ffmpeg.class)));
                }
                f = bundled;
            }
        }
        return f;
    }

    public Path binary() {
        return binary;
    }

    /**
     * A process for {@code ffmpeg} with these arguments (the binary prepended). Its library folder goes on
     * {@code LD_LIBRARY_PATH}: the program's own RUNPATH ($ORIGIN) finds its direct libraries, but the bundled
     * libavutil/libavcodec/libavfilter carry none, so their own dependencies (libva, ...) would otherwise be looked
     * up in the system only and ffmpeg would not start where the OS lacks them (seen on Ubuntu 24.04). The
     * native-library check in deploy's tests relies on this.
     */
    public ProcessBuilder processBuilder(List<String> args) {
        List<String> argv = new ArrayList<>(args.size() + 1);
        argv.add(binary.toString());
        argv.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(argv);
        Path dir = binary.toAbsolutePath().getParent();
        if (dir != null) {
            String inherited = pb.environment().get("LD_LIBRARY_PATH");
            pb.environment().put("LD_LIBRARY_PATH",
                    inherited == null || inherited.isBlank() ? dir.toString() : dir + ":" + inherited);
        }
        return pb;
    }

    /** Runs without progress or cancellation. */
    public FfmpegResult run(FfmpegCommand cmd) {
        return run(cmd, ProgressListener.NONE, CancellationCheck.NEVER);
    }

    public FfmpegResult run(FfmpegCommand cmd, ProgressListener progress, CancellationCheck cancel) {
        List<String> args = new ArrayList<>();
        args.addAll(List.of("-hide_banner", "-loglevel", "level+info", "-nostdin", "-nostats", "-progress", "pipe:1"));
        args.add(cmd.overwrite() ? "-y" : "-n");
        args.addAll(cmd.args());
        ProcessBuilder builder = processBuilder(args);
        String commandLine = quote(builder.command());
        log.info("ffmpeg start expected={} cmd={}", cmd.expectedDuration(), commandLine);

        long t0 = System.nanoTime();
        Process proc;
        try {
            proc = builder.start();
            proc.getOutputStream().close(); // -nostdin too: ffmpeg must never wait for a key press
        } catch (IOException e) {
            throw new FfmpegFailedException("could not start ffmpeg (" + binary + "): " + e.getMessage(), e);
        }
        Deque<String> stderr = new ArrayDeque<>();
        ProgressParser parser = new ProgressParser(cmd.expectedDuration(), progress);
        Thread outReader = Thread.ofVirtual().name("ffmpeg-progress-" + proc.pid())
                .start(() -> readLines(proc.getInputStream(), parser::line));
        Thread errReader = Thread.ofVirtual().name("ffmpeg-stderr-" + proc.pid()).start(() -> readLines(
                proc.getErrorStream(), line -> {
                    synchronized (stderr) {
                        if (stderr.size() == STDERR_LINES) {
                            stderr.removeFirst();
                        }
                        stderr.addLast(line);
                    }
                }));
        try {
            while (!proc.waitFor(100, TimeUnit.MILLISECONDS)) {
                if (cancel.isCancelled()) {
                    kill(proc);
                    throw cancelled(commandLine, t0, "cancelled");
                }
            }
        } catch (InterruptedException e) {
            kill(proc);
            Thread.currentThread().interrupt();
            throw cancelled(commandLine, t0, "interrupted");
        }
        join(outReader);
        join(errReader);
        int exit = proc.exitValue();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
        List<String> rawTail;
        synchronized (stderr) {
            // FFmpeg names its inputs in errors: a presigned URL's query must not reach logs or failure reasons
            rawTail = stderr.stream().map(Ffmpeg::redactQuery).toList();
        }
        List<String> tail = rawTail.stream().map(l -> LEVEL_TAG.matcher(l).replaceFirst("$1")).toList();
        if (exit != 0) {
            String reason = reason(rawTail);
            log.warn("ffmpeg failed exit={} took_ms={} reason=\"{}\" cmd={}", exit, elapsed.toMillis(), reason,
                    commandLine);
            throw new FfmpegFailedException("ffmpeg failed (exit " + exit + "): " + reason, exit, commandLine, tail);
        }
        parser.finish();
        log.info("ffmpeg done took_ms={} processed={} speed={}x", elapsed.toMillis(), parser.processed,
                String.format("%.2f", parser.processed.toNanos() / (double) Math.max(1, elapsed.toNanos())));
        return new FfmpegResult(commandLine, elapsed, parser.processed, tail);
    }

    private static MediaCancelledException cancelled(String commandLine, long t0, String how) {
        long ms = (System.nanoTime() - t0) / 1_000_000;
        log.info("ffmpeg {} after {} ms, process killed cmd={}", how, ms, commandLine);
        return new MediaCancelledException("ffmpeg was " + how + " after " + ms + " ms");
    }

    /** Kills ffmpeg and anything it started, and waits (briefly) until it is gone. */
    private static void kill(Process proc) {
        proc.descendants().forEach(ProcessHandle::destroyForcibly);
        proc.destroyForcibly();
        try {
            if (!proc.waitFor(5, TimeUnit.SECONDS)) {
                log.warn("ffmpeg pid {} did not exit 5 s after SIGKILL", proc.pid());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void readLines(InputStream in, Consumer<String> sink) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                sink.accept(line);
            }
        } catch (IOException e) {
            // the process was killed: the pipe closed under us
        } catch (RuntimeException e) {
            log.warn("ffmpeg output handler failed", e);
        }
    }

    private static void join(Thread t) {
        try {
            t.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The last error lines (ffmpeg runs with {@code -loglevel level+info}, so they are tagged {@code [error]} or
     * {@code [fatal]}), at most four, without the {@code [context @ 0x...]} prefixes; failing that, the last
     * lines that are not stream listings or statistics.
     */
    static String reason(List<String> rawTail) {
        List<String> errors = new ArrayList<>();
        for (int i = rawTail.size() - 1; i >= 0 && errors.size() < 4; i--) {
            java.util.regex.Matcher m = ERROR_LINE.matcher(rawTail.get(i));
            if (m.find()) {
                String text = m.group(1).strip();
                if (!text.isEmpty() && !SHUTDOWN_ECHO.matcher(text).find() && !errors.contains(text)) {
                    errors.addFirst(text);
                }
            }
        }
        if (!errors.isEmpty()) {
            return String.join(" / ", errors);
        }
        List<String> tail = rawTail.stream().map(l -> LEVEL_TAG.matcher(l).replaceFirst("$1")).toList();
        List<String> meaningful = new ArrayList<>();
        for (int i = tail.size() - 1; i >= 0 && meaningful.size() < 3; i--) {
            String line = tail.get(i).strip();
            if (line.isEmpty() || NOISE.matcher(tail.get(i)).find() || line.startsWith("Conversion failed")) {
                continue;
            }
            meaningful.addFirst(line);
        }
        if (meaningful.isEmpty()) {
            return tail.isEmpty() ? "no error output" : tail.getLast().strip();
        }
        return String.join(" / ", meaningful);
    }

    /**
     * The command line as it is logged and kept in errors: shell-quoted, with the query of every http(s) URL replaced,
     * because a presigned URL's query is a bearer credential (anyone holding it may read the object until it expires).
     */
    static String quote(List<String> argv) {
        StringBuilder sb = new StringBuilder();
        for (String raw : argv) {
            String a = redactQuery(raw);
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            if (!a.isEmpty() && a.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_./:=,+@%".indexOf(c) >= 0)) {
                sb.append(a);
            } else {
                sb.append('\'').append(a.replace("'", "'\\''")).append('\'');
            }
        }
        return sb.toString();
    }

    private static final java.util.regex.Pattern URL_QUERY = java.util.regex.Pattern.compile(
            "(https?://[^?#\\s'\"]*)\\?[^#\\s'\"]*?(?=:?(?:\\s|$|['\"]))", java.util.regex.Pattern.CASE_INSENSITIVE);

    /** Replaces the query of every http(s) URL in {@code text} with {@code <redacted>}. */
    static String redactQuery(String text) {
        return URL_QUERY.matcher(text).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(m.group(1) + "?<redacted>"));
    }

    /** Parses {@code -progress} key=value blocks. */
    private static final class ProgressParser {
        private final Duration expected;
        private final ProgressListener listener;
        private final AtomicReference<Double> lastFraction = new AtomicReference<>(0.0);
        volatile Duration processed = Duration.ZERO;
        private double speed;
        private long frame;
        private boolean ended;

        ProgressParser(Duration expected, ProgressListener listener) {
            this.expected = expected != null && !expected.isZero() && !expected.isNegative() ? expected : null;
            this.listener = listener;
        }

        void line(String line) {
            int eq = line.indexOf('=');
            if (eq < 0) {
                return;
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            switch (key) {
                case "out_time_us" -> {
                    if (!value.equals("N/A")) {
                        long us = parseLong(value);
                        if (us > 0) {
                            processed = Timecodes.ofMicros(us);
                        }
                    }
                }
                case "speed" -> speed = value.endsWith("x") ? parseDouble(value.substring(0, value.length() - 1)) : 0;
                case "frame" -> frame = parseLong(value);
                case "progress" -> {
                    boolean end = value.equals("end");
                    if (end) {
                        ended = true;
                    }
                    emit(end);
                }
                default -> {
                    // bitrate, total_size, dup_frames, ...: not reported
                }
            }
        }

        void finish() {
            if (!ended) {
                emit(true);
            }
        }

        private void emit(boolean done) {
            double f;
            if (done) {
                f = 1.0;
            } else if (expected != null) {
                f = Math.min(0.999, processed.toNanos() / (double) expected.toNanos());
            } else {
                f = 0;
            }
            double prev = lastFraction.get();
            f = Math.max(prev, f);
            lastFraction.set(f);
            try {
                listener.onProgress(new FfmpegProgress(f, processed, speed, frame, done));
            } catch (RuntimeException e) {
                log.warn("progress listener failed", e);
            }
        }

        private static long parseLong(String s) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                return 0;
            }
        }

        private static double parseDouble(String s) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }
}
