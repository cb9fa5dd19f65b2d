package io.reelpipe.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticVideoTest {

    @TempDir
    Path dir;

    @Test
    void threeSecondClipWithAudioIsFast() {
        // warm-up: loads the natives and JIT-compiles the frame filler
        SyntheticVideo.builder().size(160, 90).duration(Duration.ofMillis(200)).build().write(dir.resolve("warm.mp4"));
        SyntheticVideo spec = SyntheticVideo.builder().size(640, 360).fps(25).duration(Duration.ofSeconds(3))
                .audioChannels(2).build();
        long t0 = System.nanoTime();
        Path clip = spec.write(dir.resolve("clip.mp4"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("3 s 640x360 25 fps stereo clip written in " + ms + " ms");
        assertThat(ms).isLessThan(2000);
        MediaInfo info = MediaProbe.probe(clip);
        assertThat(info.duration().toMillis()).isCloseTo(3000, within(100L));
        assertThat(info.requireVideo().frameCount()).isEqualTo(75);
    }

    @Test
    void blackIntroIsBlack() {
        SyntheticVideo spec = SyntheticVideo.builder().size(160, 90).duration(Duration.ofSeconds(2)).noAudio()
                .blackIntro(Duration.ofMillis(800)).card(Color.WHITE, Duration.ZERO).build();
        assertThat(spec.colorAt(Duration.ofMillis(100))).isEqualTo(Color.BLACK);
        assertThat(spec.colorAt(Duration.ofSeconds(1))).isEqualTo(Color.WHITE);
        Path clip = spec.write(dir.resolve("intro.mp4"));
        try (VideoFrames frames = VideoFrames.open(clip)) {
            java.awt.image.BufferedImage intro = frames.frameAt(Duration.ofMillis(400));
            assertThat(VideoFramesTest.distance(new Color(intro.getRGB(80, 30)), Color.BLACK)).isLessThan(30);
            VideoFramesTest.assertColour(frames.frameAt(Duration.ofMillis(1200)), Color.WHITE);
        }
    }

    @Test
    void suppliedPcmSetsTheLength() {
        short[] pcm = new short[16_000]; // 1 s of mono silence at 16 kHz
        Path clip = SyntheticVideo.builder().size(160, 90).pcm(pcm, 16_000, 1).build().write(dir.resolve("pcm.mp4"));
        MediaInfo info = MediaProbe.probe(clip);
        assertThat(info.duration().toMillis()).isCloseTo(1000, within(100L));
        AudioStream a = info.audio().orElseThrow();
        assertThat(a.channels()).isEqualTo(1);
        assertThat(a.sampleRate()).isEqualTo(16_000);
        assertThat(a.channelLayout()).isEqualTo("mono");
    }
}
