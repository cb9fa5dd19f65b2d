package io.reelpipe.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaProbeTest {

    @TempDir
    static Path dir;
    static Path clip;

    @BeforeAll
    static void writeClip() {
        // 5 s so that verifyDecodable takes its seek-to-the-end path
        clip = SyntheticVideo.builder().size(640, 360).fps(25).duration(Duration.ofSeconds(5)).audioChannels(2)
                .build().write(dir.resolve("clip.mp4"));
    }

    @Test
    void probesAGeneratedClip() {
        long t0 = System.nanoTime();
        MediaInfo info = MediaProbe.probe(clip);
        long probeMs = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("probe took " + probeMs + " ms: " + info);

        assertThat(info.formatName()).contains("mp4");
        assertThat(info.isMp4Family()).isTrue();
        assertThat(info.duration().toMillis()).isCloseTo(5000, within(100L));
        assertThat(info.bitRate()).isPositive();
        assertThat(info.hasVideo()).isTrue();
        assertThat(info.hasAudio()).isTrue();
        VideoStream v = info.requireVideo();
        assertThat(v.codec()).isEqualTo("h264");
        assertThat(v.width()).isEqualTo(640);
        assertThat(v.height()).isEqualTo(360);
        assertThat(v.frameRate()).isCloseTo(25.0, within(0.01));
        assertThat(v.pixelFormat()).isEqualTo("yuv420p");
        assertThat(v.sampleAspectRatio()).isEqualTo(Rational.ONE);
        assertThat(v.displayAspectRatio()).isEqualTo(new Rational(16, 9));
        assertThat(v.rotation()).isZero();
        assertThat(v.portrait()).isFalse();
        AudioStream a = info.audio().orElseThrow();
        assertThat(a.codec()).isEqualTo("aac");
        assertThat(a.sampleRate()).isEqualTo(48_000);
        assertThat(a.channels()).isEqualTo(2);
        assertThat(a.channelLayout()).isEqualTo("stereo");
        assertThat(info.subtitleStreams()).isEmpty();
        assertThat(probeMs).isLessThan(500);
    }

    @Test
    void verifiesADecodableClip() {
        long t0 = System.nanoTime();
        MediaProbe.verifyDecodable(clip);
        System.out.println("verifyDecodable took " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    @Test
    void portraitClipWithoutAudio() {
        Path p = SyntheticVideo.builder().size(1080, 1920).fps(30).duration(Duration.ofMillis(1000)).noAudio()
                .build().write(dir.resolve("portrait.mp4"));
        MediaInfo info = MediaProbe.probe(p);
        assertThat(info.hasAudio()).isFalse();
        assertThat(info.audioStreams()).isEmpty();
        VideoStream v = info.requireVideo();
        assertThat(v.width()).isEqualTo(1080);
        assertThat(v.height()).isEqualTo(1920);
        assertThat(v.portrait()).isTrue();
        assertThat(v.displayAspectRatio()).isEqualTo(new Rational(9, 16));
        assertThat(info.duration().toMillis()).isCloseTo(1000, within(100L));
    }

    @Test
    void rotatedPhoneClipIsPortrait() {
        Path p = SyntheticVideo.builder().size(320, 180).duration(Duration.ofMillis(400)).noAudio().rotation(90)
                .build().write(dir.resolve("rotated.mp4"));
        VideoStream v = MediaProbe.probe(p).requireVideo();
        assertThat(v.rotation()).isEqualTo(90);
        assertThat(v.width()).isEqualTo(320);
        assertThat(v.orientedWidth()).isEqualTo(180);
        assertThat(v.orientedHeight()).isEqualTo(320);
        assertThat(v.portrait()).isTrue();
    }

    @Test
    void surroundClip() {
        Path p = SyntheticVideo.builder().size(320, 180).duration(Duration.ofSeconds(1)).audioChannels(6)
                .build().write(dir.resolve("surround.mp4"));
        AudioStream a = MediaProbe.probe(p).audio().orElseThrow();
        assertThat(a.channels()).isEqualTo(6);
        assertThat(a.channelLayout()).isEqualTo("5.1");
    }

    @Test
    void anamorphicPalClipKeepsItsSampleAspectRatio() {
        Path p = SyntheticVideo.builder().size(720, 576).duration(Duration.ofMillis(400)).noAudio()
                .sampleAspectRatio(16, 15).build().write(dir.resolve("pal.mp4"));
        VideoStream v = MediaProbe.probe(p).requireVideo();
        assertThat(v.sampleAspectRatio()).isEqualTo(new Rational(16, 15));
        assertThat(v.displayAspectRatio()).isEqualTo(new Rational(4, 3));
        assertThat(v.displayWidth()).isEqualTo(768);
        assertThat(v.displayHeight()).isEqualTo(576);
    }

    @Test
    void audioOnlyFileHasNoVideoTrack() throws Exception {
        Path m4a = dir.resolve("audio-only.m4a");
        Ffmpeg.bundled().run(FfmpegCommand.builder().input(clip).args("-vn", "-c:a", "copy").output(m4a).build(),
                ProgressListener.NONE, CancellationCheck.NEVER);
        MediaInfo info = MediaProbe.probe(m4a);
        assertThat(info.hasAudio()).isTrue();
        assertThat(info.hasVideo()).isFalse();
        assertThatThrownBy(info::requireVideo).isInstanceOf(NoVideoStreamException.class)
                .hasMessage("this file has no video track");
    }

    @Test
    void subtitleAndLanguageTags() throws IOException {
        Path srt = Files.writeString(dir.resolve("en.srt"),
                "1\n00:00:00,500 --> 00:00:02,000\nHello there\n\n2\n00:00:02,500 --> 00:00:04,000\nGeneral Kenobi\n");
        Path out = dir.resolve("with-subs.mp4");
        Ffmpeg.bundled().run(FfmpegCommand.builder().input(clip).input(srt)
                .args("-map", "0", "-map", "1", "-c:v", "copy", "-c:a", "copy", "-c:s", "mov_text",
                        "-metadata:s:a:0", "language=fra", "-metadata:s:s:0", "language=eng",
                        "-metadata:s:s:0", "handler_name=English")
                .output(out).build());
        MediaInfo info = MediaProbe.probe(out);
        assertThat(info.audio().orElseThrow().language()).isEqualTo("fra");
        assertThat(info.subtitleStreams()).singleElement().satisfies(s -> {
            assertThat(s.codec()).isEqualTo("mov_text");
            assertThat(s.language()).isEqualTo("eng");
            assertThat(s.textBased()).isTrue();
        });
    }

    @Test
    void probesAFileUrl() {
        MediaInfo info = MediaProbe.probeUrl(clip.toUri().toString().replace("file:///", "file:/"), Duration.ofSeconds(5));
        assertThat(info.requireVideo().width()).isEqualTo(640);
        assertThat(info.sizeBytes()).isEqualTo(-1);
    }

    @Test
    void textFileRenamedToMp4IsNotMedia() throws IOException {
        Path txt = dir.resolve("notes.mp4");
        Files.writeString(txt, "Meeting notes\n- buy milk\n- ship the video pipeline\n".repeat(20));
        assertThatThrownBy(() -> MediaProbe.probe(txt))
                .isInstanceOf(NotAMediaFileException.class)
                .hasMessageStartingWith("this file is not a video or audio file we can read (ffmpeg said: ")
                .satisfies(e -> System.out.println("text file: " + e.getMessage()));
    }

    @Test
    void emptyFileIsNotMedia() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.mp4"));
        assertThatThrownBy(() -> MediaProbe.probe(empty))
                .isInstanceOf(NotAMediaFileException.class).hasMessage("the file is empty");
        assertThatThrownBy(() -> MediaProbe.verifyDecodable(empty))
                .isInstanceOf(NotAMediaFileException.class).hasMessage("the file is empty");
    }

    @Test
    void truncatedFaststartMp4IsFoundByVerify() throws IOException {
        Path cut = truncate(clip, "cut-faststart.mp4", 0.6);
        // the index is at the start, so probing alone succeeds...
        assertThat(MediaProbe.probe(cut).duration().toMillis()).isCloseTo(5000, within(100L));
        // ...and the quick decode check finds where the data stops
        assertThatThrownBy(() -> MediaProbe.verifyDecodable(cut))
                .isInstanceOf(CorruptMediaException.class)
                .hasMessageStartingWith("the video is damaged or truncated at 00:00:0")
                .satisfies(e -> {
                    System.out.println("truncated faststart: " + e.getMessage());
                    Duration at = ((CorruptMediaException) e).position();
                    assertThat(at.toMillis()).isBetween(1500L, 4000L);
                });
        assertThatThrownBy(() -> MediaProbe.probeVerified(cut)).isInstanceOf(CorruptMediaException.class);
    }

    @Test
    void truncatedMp4WithIndexAtTheEndFailsToProbe() throws IOException {
        Path camera = SyntheticVideo.builder().size(320, 180).duration(Duration.ofSeconds(2)).faststart(false)
                .build().write(dir.resolve("camera.mp4"));
        Path cut = truncate(camera, "cut-camera.mp4", 0.6);
        assertThatThrownBy(() -> MediaProbe.probe(cut))
                .isInstanceOf(CorruptMediaException.class)
                .hasMessageContaining("the video is damaged or truncated")
                .hasMessageContaining("moov")
                .satisfies(e -> System.out.println("truncated camera file: " + e.getMessage()));
    }

    @Test
    void missingFileIsAnIoError() {
        assertThatThrownBy(() -> MediaProbe.probe(dir.resolve("nope.mp4")))
                .isInstanceOf(java.io.UncheckedIOException.class);
    }

    static Path truncate(Path src, String name, double fraction) throws IOException {
        byte[] all = Files.readAllBytes(src);
        return Files.write(dir.resolve(name), Arrays.copyOf(all, (int) (all.length * fraction)));
    }
}
