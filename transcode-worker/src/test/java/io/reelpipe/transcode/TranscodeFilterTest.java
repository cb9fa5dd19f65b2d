package io.reelpipe.transcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.reelpipe.media.Ffmpeg;
import io.reelpipe.media.FfmpegCommand;
import io.reelpipe.media.MediaInfo;
import io.reelpipe.media.MediaProbe;
import io.reelpipe.media.SyntheticVideo;
import io.reelpipe.media.VideoStream;
import io.reelpipe.pipeline.filter.PermanentStageException;
import io.reelpipe.pipeline.filter.StageCancelledException;
import io.reelpipe.pipeline.filter.StageResult;
import io.reelpipe.pipeline.internal.ParameterBinder;
import io.reelpipe.pipeline.testing.LocalStageContext;
import io.reelpipe.pipeline.wire.OutputFile;
import io.reelpipe.transcode.loudness.LoudnessMeasurement;
import io.reelpipe.transcode.loudness.LoudnessMeter;
import io.reelpipe.transcode.support.Decode;
import io.reelpipe.transcode.support.M3u8Checker;
import io.reelpipe.transcode.support.Mp4Boxes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end through the filter, on tiny generated sources, checked the way a player would. */
class TranscodeFilterTest {

    @TempDir
    Path tmp;

    final TranscodeFilter filter = new TranscodeFilter();

    LocalStageContext<TranscodeParameters> context(Path source, String asset, Map<String, Object> with,
                                                   java.util.function.BooleanSupplier cancelled) {
        TranscodeParameters p = ParameterBinder.bind("transcode", with, TranscodeParameters.class);
        return LocalStageContext.builder("transcode", p).bucket(tmp.resolve("bucket"))
                .scratch(tmp.resolve("scratch-" + asset + "-" + System.nanoTime())).tenant("acme").asset(asset)
                .source(source).cancelled(cancelled).build();
    }

    StageResult run(LocalStageContext<TranscodeParameters> ctx) {
        return filter.run(ctx).block(Duration.ofMinutes(2));
    }

    /** Checks master + every media playlist + every segment; returns media playlists by variant URI. */
    static List<M3u8Checker.Media> checkHls(LocalStageContext<?> ctx, List<String> expectResolutions, boolean audio) {
        Path master = ctx.object("hls/master.m3u8");
        List<M3u8Checker.Variant> variants = M3u8Checker.master(master);
        assertThat(variants).extracting(M3u8Checker.Variant::resolution).containsExactlyElementsOf(expectResolutions);
        List<M3u8Checker.Media> medias = new ArrayList<>();
        for (M3u8Checker.Variant v : variants) {
            assertThat(v.codecs().contains("mp4a.40.2")).as("audio codec in CODECS of " + v.uri()).isEqualTo(audio);
            if (v.resolution() != null) {
                assertThat(v.codecs()).startsWith("avc1.6400");
            }
            Path pl = master.getParent().resolve(v.uri());
            M3u8Checker.Media m = M3u8Checker.media(pl);
            medias.add(m);
            String[] wh = v.resolution() == null ? null : v.resolution().split("x");
            for (String uri : m.uris()) {
                Path seg = pl.getParent().resolve(uri);
                MediaInfo info = MediaProbe.probe(seg);
                if (wh != null) {
                    VideoStream vs = info.requireVideo();
                    assertThat(vs.width() + "x" + vs.height()).as(uri).isEqualTo(v.resolution());
                    assertThat(vs.sampleAspectRatio().num()).as("square pixels").isEqualTo(vs.sampleAspectRatio().den());
                    assertThat(vs.codec()).isEqualTo("h264");
                }
                assertThat(info.hasAudio()).as("audio in " + uri).isEqualTo(audio);
                if (audio) {
                    assertThat(info.audio().orElseThrow().channels()).isEqualTo(2);
                    assertThat(info.audio().orElseThrow().codec()).isEqualTo("aac");
                }
                Decode.fully(seg);
            }
        }
        // segments line up across rungs: same count, same durations
        for (M3u8Checker.Media m : medias) {
            assertThat(m.durations()).hasSameSizeAs(medias.getFirst().durations());
            for (int i = 0; i < m.durations().size(); i++) {
                assertThat(m.durations().get(i)).isCloseTo(medias.getFirst().durations().get(i), within(0.001));
            }
        }
        return medias;
    }

    static void checkMp4(Path mp4, int w, int h, boolean audio, double duration) {
        List<String> boxes = Mp4Boxes.topLevel(mp4);
        assertThat(boxes).contains("moov", "mdat");
        assertThat(boxes.indexOf("moov")).as("faststart: moov before mdat in " + boxes).isLessThan(boxes.indexOf("mdat"));
        MediaInfo info = MediaProbe.probeVerified(mp4);
        assertThat(info.isMp4Family()).isTrue();
        if (w > 0) {
            assertThat(info.requireVideo().width()).isEqualTo(w);
            assertThat(info.requireVideo().height()).isEqualTo(h);
            assertThat(info.requireVideo().rotation()).isZero();
        }
        assertThat(info.hasAudio()).isEqualTo(audio);
        assertThat(info.duration().toMillis() / 1000.0).isCloseTo(duration, within(0.3));
        Decode.fully(mp4);
    }

    @Test
    void landscapeLadderDropsUpscalesAndPlays() throws Exception {
        Path src = SyntheticVideo.builder().size(640, 360).fps(25).duration(Duration.ofSeconds(3)).audioChannels(2)
                .build().write(tmp.resolve("land.mp4"));
        var ctx = context(src, "land", Map.of("ladder", List.of("1080p", "720p", "360p", "240p"),
                "segmentSeconds", 1, "encoder", "x264"), () -> false);
        StageResult r = run(ctx);

        List<M3u8Checker.Media> medias = checkHls(ctx, List.of("640x360", "426x240"), true);
        assertThat(medias.getFirst().durations()).hasSize(3);
        assertThat(medias.getFirst().total()).isCloseTo(3.0, within(0.1));
        checkMp4(ctx.object("mp4/360p.mp4"), 640, 360, true, 3.0);
        checkMp4(ctx.object("mp4/240p.mp4"), 426, 240, true, 3.0);
        assertThat(ctx.object("mp4/720p.mp4")).doesNotExist();

        // bitrates as asked: the encoder stays under the cap, the master announces at least what was measured
        for (M3u8Checker.Variant v : M3u8Checker.master(ctx.object("hls/master.m3u8"))) {
            long asked = v.resolution().equals("640x360") ? 800_000 : 400_000;
            assertThat(v.bandwidth()).isLessThan((long) (asked * 1.2 * 1.5) + 100_000);
        }

        // manifest: listed outputs, details
        assertThat(r.outputs()).extracting(OutputFile::name).contains("hls/master.m3u8", "hls/360p/index.m3u8",
                "hls/240p/index.m3u8", "mp4/360p.mp4", "mp4/240p.mp4");
        assertThat(r.outputs()).noneMatch(o -> o.name().endsWith(".ts"));
        assertThat(r.outputs()).allMatch(o -> o.key().startsWith("acme/land/transcode/"));
        Map<String, Object> d = r.details();
        assertThat(d).containsKeys("source", "encoder", "ladder", "dropped", "hls", "mp4", "loudness", "chunking");
        assertThat(((Map<?, ?>) d.get("encoder")).get("used")).isEqualTo("libx264");
        assertThat((List<?>) d.get("ladder")).hasSize(2);

        // loudness of the source tone: 440 + 660 Hz sines at 8000/32768 → about -12.9 LUFS; sample peak -12.2 dBFS,
        // the true peak of the AAC-coded tone lies a little above it
        Map<?, ?> loud = (Map<?, ?>) d.get("loudness");
        assertThat((Double) loud.get("integratedLufs")).isCloseTo(-12.9, within(1.0));
        assertThat((Double) loud.get("truePeakDbtp")).isBetween(-12.5, -9.0);
        // LRA needs several 3 s short-term windows: on a 3 s clip it is present but not meaningful
        assertThat((Double) loud.get("loudnessRangeLu")).isGreaterThanOrEqualTo(0.0);
        assertThat(loud.get("normalization")).isNull();
        // same figures as ffmpeg's ebur128 run by hand on the source
        LoudnessMeasurement byHand = new LoudnessMeter(Ffmpeg.bundled()).measure(src, null,
                io.reelpipe.media.ProgressListener.NONE, io.reelpipe.media.CancellationCheck.NEVER);
        assertThat((Double) loud.get("integratedLufs")).isCloseTo(byHand.integratedLufs(), within(0.11));

        assertThat(ctx.highestProgress()).isEqualTo(1.0);
        assertThat(ctx.progressDecreased()).isFalse();
    }

    @Test
    void rotatedPhoneVideoStaysPortrait() throws Exception {
        // coded 320x180 with a 90° display matrix: upright 180x320
        Path src = SyntheticVideo.builder().size(320, 180).rotation(90).duration(Duration.ofSeconds(2))
                .build().write(tmp.resolve("phone.mp4"));
        var ctx = context(src, "phone", Map.of("ladder", List.of("360p", "144p"), "segmentSeconds", 1), () -> false);
        run(ctx);
        // 360p (360x640) is above the source: the source size is offered instead, 144p is 144x256
        checkHls(ctx, List.of("180x320", "144x256"), true);
        checkMp4(ctx.object("mp4/180p.mp4"), 180, 320, true, 2.0);
    }

    @Test
    void anamorphicWithoutAudioGetsSquarePixelsAndNoAudio() throws Exception {
        Path src = SyntheticVideo.builder().size(360, 288).sampleAspectRatio(16, 15).noAudio()
                .duration(Duration.ofSeconds(2)).build().write(tmp.resolve("pal.mp4"));
        var ctx = context(src, "pal", Map.of("ladder", List.of("360p", "240p"), "segmentSeconds", 1,
                "formats", List.of("hls", "mp4")), () -> false);
        StageResult r = run(ctx);
        checkHls(ctx, List.of("384x288", "320x240"), false);
        checkMp4(ctx.object("mp4/240p.mp4"), 320, 240, false, 2.0);
        assertThat(Files.readString(ctx.object("hls/master.m3u8"))).doesNotContain("TYPE=AUDIO", "mp4a");
        assertThat(r.details()).doesNotContainKey("loudness");
    }

    @Test
    void surroundIsDownmixedAndNormalisedToTarget() throws Exception {
        Path src = SyntheticVideo.builder().size(320, 180).audioChannels(6).duration(Duration.ofSeconds(3))
                .build().write(tmp.resolve("surround.mp4"));
        var ctx = context(src, "surround", Map.of("ladder", List.of("240p", "144p"),
                "formats", List.of("mp4"), "segmentSeconds", 1, "encoder", "nvenc",
                "loudness", Map.of("target", "-23 LUFS")), () -> false);
        StageResult r = run(ctx);
        // mp4 only: no HLS uploaded
        assertThat(ctx.object("hls/master.m3u8")).doesNotExist();
        assertThat(r.outputs()).extracting(OutputFile::name).containsExactlyInAnyOrder("mp4/180p.mp4", "mp4/144p.mp4");
        Path mp4 = ctx.object("mp4/180p.mp4");
        checkMp4(mp4, 320, 180, true, 3.0);
        assertThat(MediaProbe.probe(mp4).audio().orElseThrow().channels()).isEqualTo(2);
        LoudnessMeasurement out = new LoudnessMeter(Ffmpeg.bundled()).measure(mp4, null,
                io.reelpipe.media.ProgressListener.NONE, io.reelpipe.media.CancellationCheck.NEVER);
        assertThat(out.integratedLufs()).isCloseTo(-23.0, within(1.0));
        Map<?, ?> norm = (Map<?, ?>) ((Map<?, ?>) r.details().get("loudness")).get("normalization");
        assertThat(norm.get("mode")).isEqualTo("linear");
        assertThat((Double) ((Map<?, ?>) norm.get("output")).get("integratedLufs")).isCloseTo(-23.0, within(1.0));
        Map<?, ?> enc = (Map<?, ?>) r.details().get("encoder");
        if ("libx264".equals(enc.get("used"))) {
            assertThat((String) enc.get("note")).contains("nvenc requested but not usable");
        }
    }

    @Test
    void audioOnlySourceGivesAnAudioVariant() throws Exception {
        Path src = tmp.resolve("tone.m4a");
        Ffmpeg.bundled().run(FfmpegCommand.of(null, "-f", "lavfi", "-i", "sine=f=1000:d=2.5:sample_rate=44100",
                "-c:a", "aac", "-b:a", "96k", src.toString()));
        var ctx = context(src, "tone", Map.of("segmentSeconds", 1), () -> false);
        StageResult r = run(ctx);
        List<M3u8Checker.Variant> vs = M3u8Checker.master(ctx.object("hls/master.m3u8"));
        assertThat(vs).hasSize(1);
        assertThat(vs.getFirst().codecs()).isEqualTo("mp4a.40.2");
        assertThat(vs.getFirst().resolution()).isNull();
        M3u8Checker.Media m = M3u8Checker.media(ctx.object("hls/audio/index.m3u8"));
        assertThat(m.total()).isCloseTo(2.5, within(0.2));
        checkMp4(ctx.object("mp4/audio.mp4"), 0, 0, true, 2.5);
        assertThat(r.details()).doesNotContainKey("encoder");
    }

    @Test
    void variableFrameRateSourceStaysAligned() throws Exception {
        Path src = tmp.resolve("vfr.mp4");
        // drop every third frame and keep the timestamps: frame intervals alternate 40 ms / 80 ms
        Ffmpeg.bundled().run(FfmpegCommand.of(null, "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25:d=3",
                "-f", "lavfi", "-i", "sine=f=440:d=3", "-vf", "select='not(eq(mod(n\\,3)\\,1))'", "-fps_mode", "vfr",
                "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest", src.toString()));
        var ctx = context(src, "vfr", Map.of("ladder", List.of("240p", "144p"), "segmentSeconds", 1,
                "formats", List.of("hls")), () -> false);
        run(ctx);
        List<M3u8Checker.Media> medias = checkHls(ctx, List.of("320x180", "256x144"), true);
        assertThat(medias.getFirst().total()).isCloseTo(3.0, within(0.2));
    }

    @Test
    void truncatedSourceFailsPermanentlyWithAReason() throws Exception {
        Path src = SyntheticVideo.builder().size(320, 180).duration(Duration.ofSeconds(3)).build()
                .write(tmp.resolve("whole.mp4"));
        byte[] all = Files.readAllBytes(src);
        Path cut = Files.write(tmp.resolve("cut.mp4"), java.util.Arrays.copyOf(all, all.length / 2));
        var ctx = context(cut, "cut", Map.of(), () -> false);
        assertThatThrownBy(() -> run(ctx)).isInstanceOf(PermanentStageException.class)
                .hasMessageContaining("truncated");
        Path junk = Files.writeString(tmp.resolve("junk.mp4"), "this is not a video at all\n".repeat(50));
        var ctx2 = context(junk, "junk", Map.of(), () -> false);
        assertThatThrownBy(() -> run(ctx2)).isInstanceOf(PermanentStageException.class)
                .hasMessageContaining("not a video or audio file");
    }

    @Test
    void cancellationStopsTheStage() throws Exception {
        Path src = SyntheticVideo.builder().size(640, 360).duration(Duration.ofSeconds(3)).build()
                .write(tmp.resolve("cancel.mp4"));
        AtomicBoolean cancel = new AtomicBoolean();
        var ctx = context(src, "cancel", Map.of("ladder", List.of("360p", "240p")), cancel::get);
        Thread.ofVirtual().start(() -> {
            while (ctx.highestProgress() <= 0.0) {
                Thread.onSpinWait();
            }
            cancel.set(true);
        });
        assertThatThrownBy(() -> run(ctx)).isInstanceOf(StageCancelledException.class);
    }
}
