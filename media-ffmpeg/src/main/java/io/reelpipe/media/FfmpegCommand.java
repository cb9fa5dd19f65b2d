package io.reelpipe.media;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The arguments of one ffmpeg invocation, without the binary and without the options the runner adds itself
 * ({@code -hide_banner -nostdin -nostats -progress pipe:1 -y}).
 *
 * <pre>{@code
 * FfmpegCommand cmd = FfmpegCommand.builder()
 *         .input(source)
 *         .args("-vf", "scale=320:180", "-c:v", "libx264", "-preset", "veryfast", "-c:a", "aac")
 *         .output(target)
 *         .expectedDuration(info.duration())
 *         .build();
 * }</pre>
 *
 * @param args             arguments in order (inputs, options, outputs)
 * @param expectedDuration output duration used to turn ffmpeg's out_time into a fraction; null when unknown
 * @param overwrite        add {@code -y} (default) rather than {@code -n}
 */
public record FfmpegCommand(List<String> args, Duration expectedDuration, boolean overwrite) {

    public FfmpegCommand {
        args = List.copyOf(args);
        if (args.isEmpty()) {
            throw new IllegalArgumentException("ffmpeg needs arguments");
        }
    }

    /** A command from raw arguments, e.g. {@code of(Duration.ofSeconds(10), "-i", in, "-c", "copy", out)}. */
    public static FfmpegCommand of(Duration expectedDuration, String... args) {
        return new FfmpegCommand(List.of(args), expectedDuration, true);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final List<String> args = new ArrayList<>();
        private Duration expectedDuration;
        private boolean overwrite = true;

        private Builder() {
        }

        /** {@code -i file} (absolute path). Options for this input go before it: {@link #args(String...)}. */
        public Builder input(Path file) {
            return input(file.toAbsolutePath().toString());
        }

        /** {@code -i url}: a path, {@code pipe:0}, an http(s) URL, or a lavfi graph with {@code -f lavfi} first. */
        public Builder input(String url) {
            args.add("-i");
            args.add(Objects.requireNonNull(url));
            return this;
        }

        public Builder args(String... more) {
            args.addAll(List.of(more));
            return this;
        }

        public Builder args(Collection<String> more) {
            args.addAll(more);
            return this;
        }

        /** An output file (absolute path); options for it go before it. */
        public Builder output(Path file) {
            args.add(file.toAbsolutePath().toString());
            return this;
        }

        public Builder output(String url) {
            args.add(url);
            return this;
        }

        public Builder expectedDuration(Duration d) {
            this.expectedDuration = d;
            return this;
        }

        public Builder overwrite(boolean overwrite) {
            this.overwrite = overwrite;
            return this;
        }

        public FfmpegCommand build() {
            return new FfmpegCommand(args, expectedDuration, overwrite);
        }
    }
}
