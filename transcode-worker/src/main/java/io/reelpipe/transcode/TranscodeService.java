package io.reelpipe.transcode;

import io.reelpipe.media.AudioStream;
import io.reelpipe.media.CancellationCheck;
import io.reelpipe.media.Ffmpeg;
import io.reelpipe.media.MediaInfo;
import io.reelpipe.media.MediaProbe;
import io.reelpipe.media.ProgressListener;
import io.reelpipe.media.VideoStream;
import io.reelpipe.transcode.TranscodeOutcome.LocalOutput;
import io.reelpipe.transcode.TranscodeSpec.AudioSpec;
import io.reelpipe.transcode.TranscodeSpec.Variant;
import io.reelpipe.transcode.chunk.ChunkCheckpoints;
import io.reelpipe.transcode.chunk.ChunkPlan;
import io.reelpipe.transcode.chunk.ChunkSharing;
import io.reelpipe.transcode.chunk.ObjectStoreCheckpoints;
import io.reelpipe.transcode.chunk.SharedChunkPlan;
import io.reelpipe.pipeline.filter.SharedWork;
import io.reelpipe.transcode.chunk.ChunkedTranscoder;
import io.reelpipe.transcode.encoder.EncoderSelector;
import io.reelpipe.transcode.hls.HlsLadderTranscoder;
import io.reelpipe.transcode.hls.HlsRendition;
import io.reelpipe.transcode.hls.MasterPlaylistWriter;
import io.reelpipe.transcode.hls.MediaPlaylist;
import io.reelpipe.transcode.ladder.LadderPlan;
import io.reelpipe.transcode.ladder.LadderPlanner;
import io.reelpipe.transcode.loudness.LoudnessMeasurement;
import io.reelpipe.transcode.loudness.LoudnessMeter;
import io.reelpipe.transcode.loudness.LoudnessNormalizer;
import io.reelpipe.transcode.mp4.Mp4RenditionWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transcode itself on local files, without the platform: probe and verify the source, plan the ladder, pick
 * the encoder, measure loudness, encode (single pass or chunked), write the master playlist and MP4 renditions,
 * and describe it all. Blocking; the filter runs it on a bounded-elastic thread.
 */
public class TranscodeService {

    private static final Logger log = LoggerFactory.getLogger(TranscodeService.class);
    static final long AUDIO_ONLY_BITRATE = 128_000;

    private final Ffmpeg ffmpeg;
    private final EncoderSelector encoders;
    private final LoudnessMeter meter;
    private final HlsLadderTranscoder hls;
    private final ChunkedTranscoder chunked;
    private final Mp4RenditionWriter mp4;

    public TranscodeService(Ffmpeg ffmpeg, EncoderSelector encoders) {
        this.ffmpeg = ffmpeg;
        this.encoders = encoders;
        this.meter = new LoudnessMeter(ffmpeg);
        this.hls = new HlsLadderTranscoder(ffmpeg);
        this.chunked = new ChunkedTranscoder(ffmpeg);
        this.mp4 = new Mp4RenditionWriter(ffmpeg);
    }

    public Ffmpeg ffmpeg() {
        return ffmpeg;
    }

    /**
     * @param sourceIdentity what identifies the source's bytes (etag/size), part of chunk fingerprints
     * @param progress       0..1, never decreasing
     */
    public TranscodeOutcome transcode(Path source, TranscodeParameters p, Path work, String sourceIdentity,
                                      ChunkCheckpoints checkpoints, DoubleConsumer progress, CancellationCheck cancel) {
        return transcode(source, p, work, sourceIdentity, checkpoints, ChunkSharing.LOCAL, progress, cancel);
    }

    /** @param sharing how chunks of a long source are offered to other workers ({@link ChunkSharing#LOCAL}: none) */
    public TranscodeOutcome transcode(Path source, TranscodeParameters p, Path work, String sourceIdentity,
                                      ChunkCheckpoints checkpoints, ChunkSharing sharing, DoubleConsumer progress,
                                      CancellationCheck cancel) {
        long t0 = System.nanoTime();
        MediaInfo info = MediaProbe.probeVerified(source); // CorruptMediaException & co. are permanent
        VideoStream video = info.video().orElse(null);
        AudioStream audioStream = info.audio().orElse(null);
        Duration duration = info.duration();
        LadderPlan ladder = LadderPlanner.plan(p.ladder(), video);
        EncoderSelector.Selection enc = video == null ? null : encoders.select(p.encoder());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("source", sourceDetails(info, video, audioStream));

        // loudness: measure the source; normalise what the outputs carry (the stereo downmix)
        AudioSpec audio = null;
        if (audioStream != null) {
            ProgressListener lp = f -> progress.accept(0.04 * f.fraction());
            LoudnessMeasurement src = meter.measure(source, duration, lp, cancel);
            Map<String, Object> loud = new LinkedHashMap<>(src.toMap());
            loud.put("standard", "EBU R128 / ITU-R BS.1770-4");
            Double target = p.loudness().targetLufs();
            String filter = null;
            if (target != null) {
                LoudnessMeasurement ref = audioStream.channels() == 2 ? src
                        : meter.measure(source, TranscodeSpec.DOWNMIX, duration, ProgressListener.NONE, cancel);
                LoudnessNormalizer.Plan plan = LoudnessNormalizer.plan(ref, target, p.loudness().truePeak());
                filter = plan.filter();
                Map<String, Object> norm = new LinkedHashMap<>(plan.toMap());
                if (ref != src) {
                    norm.put("downmixIntegratedLufs", ref.toMap().get("integratedLufs"));
                }
                loud.put("normalization", norm);
            }
            details.put("loudness", loud);
            audio = new AudioSpec(filter);
        }
        if (video == null && audio == null) {
            throw new IllegalArgumentException("the source has neither video nor audio");
        }
        double fps = video != null && video.frameRate() > 0 ? video.frameRate() : 0;
        TranscodeSpec spec = new TranscodeSpec(source, duration, fps, ladder.rungs(), audio, AUDIO_ONLY_BITRATE,
                p.segmentSeconds(), enc == null ? io.reelpipe.transcode.encoder.VideoEncoder.X264 : enc.encoder(),
                p.preset());

        Path hlsDir = work.resolve("out").resolve("hls");
        Path mp4Dir = work.resolve("out").resolve("mp4");
        mkdirs(hlsDir);
        ProgressListener ep = f -> progress.accept(0.04 + 0.86 * f.fraction());
        List<HlsRendition> renditions;
        List<String> intermediates = new ArrayList<>();
        Map<String, Object> chunking = new LinkedHashMap<>();
        boolean chunk = p.chunking().enabled() && video != null
                && duration.toMillis() / 1000.0 > p.chunking().thresholdSeconds();
        long te = System.nanoTime();
        if (chunk) {
            ChunkPlan plan = ChunkPlan.of(duration.toMillis() / 1000.0, p.chunking().chunkSeconds(), p.segmentSeconds());
            ChunkedTranscoder.Result r = chunked.transcode(spec, plan, p.chunking().parallel(), sourceIdentity,
                    checkpoints, p.chunking().share() ? sharing : ChunkSharing.LOCAL, work.resolve("chunks"), hlsDir,
                    ep, cancel);
            renditions = r.renditions();
            intermediates.addAll(ObjectStoreCheckpoints.objectNames(plan, spec.rungs()));
            chunking.put("chunked", true);
            chunking.put("chunks", r.chunks());
            chunking.put("chunkSeconds", r.chunkSeconds());
            chunking.put("restoredFromCheckpoint", r.restored());
            chunking.put("shared", p.chunking().share());
            chunking.put("workId", r.workId());
            chunking.put("encodedBy", r.encodedBy());
        } else {
            renditions = hls.transcode(spec, hlsDir, ep, cancel);
            chunking.put("chunked", false);
        }
        long encodeMs = (System.nanoTime() - te) / 1_000_000;

        Path master = MasterPlaylistWriter.write(renditions, fps, hlsDir.resolve("master.m3u8"));
        List<LocalOutput> files = new ArrayList<>();
        List<Map<String, Object>> variants = new ArrayList<>();
        for (HlsRendition r : renditions) {
            Variant v = r.variant();
            MasterPlaylistWriter.VariantStats st = MasterPlaylistWriter.stats(r);
            Map<String, Object> vd = new LinkedHashMap<>();
            if (v.hasVideo()) {
                vd.putAll(v.rung().toMap());
            } else {
                vd.put("name", v.name());
            }
            vd.put("audioBitrate", v.audioBitrate());
            vd.putAll(st.toMap());
            if (p.hls()) {
                vd.put("playlist", "hls/" + v.name() + "/" + HlsLadderTranscoder.PLAYLIST);
            }
            variants.add(vd);
            if (p.hls()) {
                int i = 0;
                for (MediaPlaylist.Segment s : r.media().segments()) {
                    files.add(new LocalOutput("hls/" + v.name() + "/" + s.uri(), r.dir().resolve(s.uri()),
                            "video/mp2t", Map.of("rendition", v.name(), "index", i++, "duration", s.duration()),
                            false));
                }
                Map<String, Object> attrs = new LinkedHashMap<>();
                attrs.put("type", "media-playlist");
                attrs.put("rendition", v.name());
                if (v.hasVideo()) {
                    attrs.put("width", v.rung().width());
                    attrs.put("height", v.rung().height());
                }
                attrs.put("bandwidth", st.peakBitrate());
                attrs.put("segments", st.segments());
                attrs.put("duration", st.toMap().get("duration"));
                files.add(new LocalOutput("hls/" + v.name() + "/" + HlsLadderTranscoder.PLAYLIST, r.playlist(),
                        HLS_TYPE, attrs, true));
            }
        }
        progress.accept(0.92);
        List<Map<String, Object>> mp4s = new ArrayList<>();
        if (p.mp4()) {
            mkdirs(mp4Dir);
            for (HlsRendition r : renditions) {
                cancelCheck(cancel);
                Path out = mp4.write(r, mp4Dir.resolve(r.name() + ".mp4"), ProgressListener.NONE, cancel);
                Map<String, Object> attrs = new LinkedHashMap<>();
                attrs.put("type", "mp4");
                attrs.put("rendition", r.name());
                if (r.variant().hasVideo()) {
                    attrs.put("width", r.variant().rung().width());
                    attrs.put("height", r.variant().rung().height());
                }
                attrs.put("duration", Math.round(r.media().totalDuration() * 1000) / 1000.0);
                attrs.put("faststart", true);
                files.add(new LocalOutput("mp4/" + r.name() + ".mp4", out,
                        r.variant().hasVideo() ? "video/mp4" : "audio/mp4", attrs, true));
                mp4s.add(Map.of("name", "mp4/" + r.name() + ".mp4", "rendition", r.name()));
            }
        }
        if (p.hls()) {
            files.add(new LocalOutput("hls/master.m3u8", master, HLS_TYPE,
                    Map.of("type", "master-playlist", "variants", renditions.size()), true));
        }
        // QC: loudness of what players get (first variant's audio)
        if (audio != null && audio.normalizeFilter() != null) {
            Path probeFile = p.mp4() ? mp4Dir.resolve(renditions.getFirst().name() + ".mp4") : null;
            if (probeFile == null) {
                probeFile = work.resolve("qc.ts");
                joinSegments(renditions.getFirst(), probeFile);
            }
            LoudnessMeasurement out = meter.measure(probeFile, duration, ProgressListener.NONE, cancel);
            @SuppressWarnings("unchecked")
            Map<String, Object> norm = (Map<String, Object>) ((Map<String, Object>) details.get("loudness"))
                    .get("normalization");
            norm.put("output", out.toMap());
        }
        progress.accept(0.95);

        Map<String, Object> enc2 = new LinkedHashMap<>();
        if (enc != null) {
            enc2.put("requested", p.encoder().json());
            enc2.put("used", enc.encoder().ffmpegName());
            enc2.put("preset", p.preset());
            if (enc.note() != null) {
                enc2.put("note", enc.note());
            }
            details.put("encoder", enc2);
        }
        details.put("ladder", variants);
        if (!ladder.dropped().isEmpty()) {
            details.put("dropped", ladder.dropped());
        }
        details.put("formats", p.formats().stream().map(TranscodeParameters.Format::json).toList());
        if (p.hls()) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("master", "hls/master.m3u8");
            h.put("segmentSeconds", p.segmentSeconds());
            h.put("segmentFormat", "mpegts");
            h.put("targetDuration", renditions.getFirst().media().targetDuration());
            h.put("segments", renditions.getFirst().media().segments().size());
            details.put("hls", h);
        }
        if (p.mp4()) {
            details.put("mp4", mp4s);
        }
        details.put("chunking", chunking);
        double seconds = duration.toMillis() / 1000.0;
        long totalMs = (System.nanoTime() - t0) / 1_000_000;
        Map<String, Object> timing = new LinkedHashMap<>();
        timing.put("encodeMs", encodeMs);
        timing.put("totalMs", totalMs);
        timing.put("encodeSpeed", encodeMs > 0 ? Math.round(seconds / (encodeMs / 1000.0) * 100) / 100.0 : null);
        details.put("timing", timing);
        log.info("event=transcoded duration={}s variants={} chunked={} encoder={} encode_ms={} total_ms={}",
                seconds, renditions.size(), chunk, enc == null ? "none" : enc.encoder().ffmpegName(), encodeMs, totalMs);
        return new TranscodeOutcome(files, details, intermediates);
    }

    /**
     * Helps another worker's chunked transcode: encodes free chunks of {@code plan} from {@code input}. A worker
     * without the plan's encoder (NVENC on a CPU node) does nothing; the offering stage encodes those chunks itself.
     */
    public int helpWithChunks(SharedChunkPlan plan, String firstChunk, String input, SharedWork claims,
                              ChunkCheckpoints checkpoints, Path work, CancellationCheck cancel) {
        if (plan.encoder() == io.reelpipe.transcode.encoder.VideoEncoder.NVENC && !encoders.nvencAvailable()) {
            log.info("event=chunk-help-declined work={} reason=\"the plan encodes with NVENC, which this worker lacks\"",
                    plan.workId());
            return 0;
        }
        return chunked.help(plan, firstChunk, input, claims, checkpoints, work, cancel);
    }

    public static final String HLS_TYPE = "application/vnd.apple.mpegurl";

    private static Map<String, Object> sourceDetails(MediaInfo info, VideoStream v, AudioStream a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("duration", info.duration().toMillis() / 1000.0);
        m.put("container", info.formatName());
        if (v != null) {
            m.put("codec", v.codec());
            m.put("width", v.width());
            m.put("height", v.height());
            m.put("sampleAspectRatio", v.sampleAspectRatio().num() + ":" + v.sampleAspectRatio().den());
            m.put("rotation", v.rotation());
            m.put("displayWidth", v.orientedWidth());
            m.put("displayHeight", v.orientedHeight());
            m.put("frameRate", Math.round(v.frameRate() * 1000) / 1000.0);
        }
        m.put("hasVideo", v != null);
        m.put("hasAudio", a != null);
        if (a != null) {
            m.put("audioCodec", a.codec());
            m.put("audioChannels", a.channels());
            m.put("channelLayout", a.channelLayout());
        }
        return m;
    }

    private static void joinSegments(HlsRendition r, Path target) {
        try (var out = Files.newOutputStream(target)) {
            for (Path seg : r.segmentFiles()) {
                Files.copy(seg, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void cancelCheck(CancellationCheck cancel) {
        if (cancel.isCancelled()) {
            throw new io.reelpipe.media.MediaCancelledException("cancelled");
        }
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
