package io.reelpipe.pipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineLintTest {

    @TempDir
    Path dir;

    record Run(int status, String out, String err) {
    }

    Run lint(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = PipelineLint.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void printsFileLineColumnAndExitsNonZero() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), """
                pipeline: bad
                stages:
                  a: { filter: thumbnail, with: { poster: auto, spirte: {} } }
                  b: { filter: keyword, needs: [a, z] }
                """);
        Run r = lint(bad.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).contains(bad + ":3:57: stages.a.with.spirte: unknown parameter 'spirte'")
                .contains(bad + ":4:36: stages.b.needs[1]: stage 'b' needs 'z'");
    }

    @Test
    void validFileWithMediaShowsTheDryRun() throws Exception {
        Path ok = Files.writeString(dir.resolve("ok.yaml"), """
                pipeline: ok
                stages:
                  poster: { filter: thumbnail, with: { poster: auto } }
                  words: { filter: subtitle, when: media.hasAudio }
                  custom: { filter: my-filter, with: { level: 3 } }
                """);
        Path filters = Files.writeString(dir.resolve("filters.yaml"), "my-filter: { level: integer }\n");
        Path media = Files.writeString(dir.resolve("media.json"), "{\"durationSeconds\": 3.0, \"audioStreams\": []}");
        Run r = lint("--filters", filters.toString(), "--media", media.toString(), ok.toString());
        assertThat(r.status()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains(ok + ": ok (pipeline ok v1, 3 stages)")
                .contains("runs  poster (thumbnail): no condition")
                .contains("skips words (subtitle): condition is false: media.hasAudio");
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(lint().status()).isEqualTo(2);
        assertThat(lint("--bogus", "x").status()).isEqualTo(2);
        assertThat(lint(dir.resolve("missing.yaml").toString()).status()).isEqualTo(2);
    }
}
