package io.reelpipe.subtitle;

import io.reelpipe.media.CancellationCheck;
import io.reelpipe.media.Ffmpeg;
import io.reelpipe.media.MediaCancelledException;
import io.reelpipe.media.MediaInfo;
import io.reelpipe.media.MediaProbe;
import io.reelpipe.media.SubtitleStream;
import io.reelpipe.subtitle.audio.AudioDecoder;
import io.reelpipe.subtitle.audio.PcmAudio;
import io.reelpipe.subtitle.audio.VoiceActivity;
import io.reelpipe.subtitle.audio.VoiceActivityDetector;
import io.reelpipe.subtitle.captions.Cue;
import io.reelpipe.subtitle.captions.CueBuilder;
import io.reelpipe.subtitle.captions.SrtWriter;
import io.reelpipe.subtitle.captions.TimedWord;
import io.reelpipe.subtitle.captions.WebVttWriter;
import io.reelpipe.subtitle.embedded.EmbeddedSubtitleExtractor;
import io.reelpipe.subtitle.script.AnchorWord;
import io.reelpipe.subtitle.script.ScriptAligner;
import io.reelpipe.subtitle.script.ScriptText;
import io.reelpipe.subtitle.script.SphinxForcedAligner;
import io.reelpipe.subtitle.speech.RecognizedWord;
import io.reelpipe.subtitle.transcript.SpeechConfidence;
import io.reelpipe.subtitle.speech.SpeechEngine;
import io.reelpipe.subtitle.speech.SphinxModels;
import io.reelpipe.subtitle.transcript.Transcript;
import io.reelpipe.subtitle.transcript.TranscriptJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The blocking work of a subtitle stage, independent of the runtime: picks the source, produces cues and the
 * transcript, and writes {@code {lang}.vtt}, {@code {lang}.srt} and {@code transcript.json} into a work directory.
 */
public final class SubtitleProcessor {

    private static final Logger log = LoggerFactory.getLogger(SubtitleProcessor.class);

    /** A file to upload as a stage output. */
    public record OutputSpec(String name, Path file, String contentType, Map<String, Object> attributes) {
    }

    /** What the stage produced: files, manifest details and the transcript written. */
    public record Outcome(List<OutputSpec> files, Map<String, Object> details, Transcript transcript,
            Map<String, List<Cue>> cues) {
    }

    /** Cancellation as the stage context offers it. */
    public record Cancellation(BooleanSupplier cancelled, Runnable throwIfCancelled) {
        public static final Cancellation NEVER = new Cancellation(() -> false, () -> { });

        CancellationCheck check() {
            return cancelled::getAsBoolean;
        }
    }

    /** Sphinx4's forced aligner grows slow on long audio; beyond this only voice activity times the script. */
    static final double MAX_FORCED_ALIGN_SECONDS = 600;

    private final SubtitleProperties props;
    private final SpeechEngine engine;
    private final Ffmpeg ffmpeg;
    private final SphinxForcedAligner forcedAligner = new SphinxForcedAligner();

    public SubtitleProcessor(SubtitleProperties props, SpeechEngine engine, Ffmpeg ffmpeg) {
        this.props = props;
        this.engine = engine;
        this.ffmpeg = ffmpeg;
    }

    public SpeechEngine engine() {
        return engine;
    }

    /**
     * @param script   the uploader's script, or null
     * @param progress 0..1
     */
    public Outcome process(Path source, SubtitleParameters params, String script, Path work, DoubleConsumer progress,
            Cancellation cancel) {
        try {
            return run(source, params, script, work, progress, cancel);
        } catch (MediaCancelledException e) {
            cancel.throwIfCancelled().run();
            throw e;
        }
    }

    private Outcome run(Path source, SubtitleParameters p, String script, Path work, DoubleConsumer progress,
            Cancellation cancel) {
        MediaInfo info = MediaProbe.probe(source);
        SubtitleParameters.Source mode = p.sourceMode();
        String primary = p.languages().getFirst();
        double duration = info.duration().toMillis() / 1000.0;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("sourceRequested", p.source());
        details.put("languagesRequested", p.languages());

        if (mode == SubtitleParameters.Source.AUTO || mode == SubtitleParameters.Source.EMBEDDED) {
            Map<String, SubtitleStream> chosen = EmbeddedSubtitleExtractor.choose(info, p.languages());
            if (!chosen.isEmpty()) {
                return embedded(source, info, chosen, p, work, progress, cancel, details);
            }
            if (mode == SubtitleParameters.Source.EMBEDDED) {
                long bitmap = info.subtitleStreams().stream().filter(s -> !s.textBased()).count();
                return empty(primary, work, details, "source embedded: the container has no text subtitle stream for "
                        + String.join(", ", p.languages())
                        + (bitmap > 0 ? " (" + bitmap + " bitmap subtitle stream(s) cannot be converted to text)" : ""));
            }
        }
        ScriptText scriptText = ScriptText.parse(script);
        if (mode == SubtitleParameters.Source.SCRIPT || mode == SubtitleParameters.Source.AUTO && !scriptText.isEmpty()) {
            if (scriptText.isEmpty()) {
                return empty(primary, work, details, "source script: no script was supplied with the upload "
                        + "(metadata 'script' or 'scriptKey', or POST /v1/assets/{id}/script)");
            }
            if (!info.hasAudio()) {
                return empty(primary, work, details, "the video has no audio track, so the script cannot be timed");
            }
            return scripted(source, info, scriptText, p, work, progress, cancel, details);
        }
        if (!info.hasAudio()) {
            return empty(primary, work, details, "the video has no audio track: no speech to transcribe");
        }
        if (!engine.supports(primary)) {
            return empty(primary, work, details, "speech engine " + engine.name() + " (" + engine.model()
                    + ") has no model for language '" + primary + "'; supply a script or enable Whisper");
        }
        return speech(source, info, p, work, progress, cancel, details, duration);
    }

    private Outcome embedded(Path source, MediaInfo info, Map<String, SubtitleStream> chosen, SubtitleParameters p,
            Path work, DoubleConsumer progress, Cancellation cancel, Map<String, Object> details) {
        List<EmbeddedSubtitleExtractor.Track> tracks = new EmbeddedSubtitleExtractor(ffmpeg)
                .extract(source, chosen, work, f -> progress.accept(0.9 * f.fraction()), cancel.check());
        Map<String, List<Cue>> cues = new LinkedHashMap<>();
        List<Map<String, Object>> streams = new ArrayList<>();
        for (EmbeddedSubtitleExtractor.Track t : tracks) {
            cues.put(t.language(), t.cues());
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("language", t.language());
            s.put("streamIndex", t.stream().index());
            s.put("codec", t.stream().codec());
            s.put("cues", t.cues().size());
            streams.add(s);
        }
        EmbeddedSubtitleExtractor.Track main = tracks.stream()
                .filter(t -> t.language().equals(p.languages().getFirst())).findFirst().orElse(tracks.getFirst());
        List<String> missing = p.languages().stream().filter(l -> !chosen.containsKey(l)).toList();
        String note = missing.isEmpty() ? null
                : "no embedded subtitles for " + String.join(", ", missing) + " (only "
                        + String.join(", ", chosen.keySet()) + ")";
        List<TimedWord> words = new ArrayList<>();
        for (Cue c : main.cues()) {
            spread(c, words);
        }
        Transcript transcript = Transcript.of(main.language(), "embedded", "ffmpeg", main.stream().codec(), words,
                main.cues(), note);
        details.put("embeddedStreams", streams);
        return finish(cues, transcript, work, details);
    }

    private Outcome scripted(Path source, MediaInfo info, ScriptText script, SubtitleParameters p, Path work,
            DoubleConsumer progress, Cancellation cancel, Map<String, Object> details) {
        String language = p.languages().getFirst();
        long t0 = System.nanoTime();
        PcmAudio pcm = decode(source, info, work, progress, cancel);
        double dur = Math.max(0.001, pcm.durationSeconds());
        VoiceActivity vad = new VoiceActivityDetector()
                .detect(pcm, pos -> progress.accept(0.15 + 0.1 * pos / dur), cancel.throwIfCancelled());
        List<AnchorWord> anchors = List.of();
        if (props.sphinxAligner() && SphinxModels.isEnglish(language) && dur <= MAX_FORCED_ALIGN_SECONDS) {
            cancel.throwIfCancelled().run();
            anchors = forcedAligner.align(pcm, String.join(" ", script.words()));
        }
        cancel.throwIfCancelled().run();
        progress.accept(0.9);
        ScriptAligner.Result r = new ScriptAligner().align(script, vad, anchors);
        List<Cue> cues = new CueBuilder(p.style()).build(r.words(), dur);
        double took = (System.nanoTime() - t0) / 1e9;
        String model = anchors.isEmpty() ? "voice-activity sentence alignment"
                : "voice-activity sentence alignment + sphinx4 SpeechAligner (" + SphinxModels.NAME + ")";
        String note = otherLanguagesNote(p);
        if (vad.segments().isEmpty()) {
            note = join(note, "no speech detected in the audio: script spread evenly over the video");
        }
        Transcript transcript = Transcript.of(language, "script", "script-sync", model, r.words(), cues, note);
        Map<String, Object> alignment = new LinkedHashMap<>();
        alignment.put("sentences", r.sentences());
        alignment.put("speechSegments", vad.segments().size());
        alignment.put("words", r.words().size());
        alignment.put("anchoredWords", r.anchored());
        alignment.put("interpolatedWords", r.words().size() - r.anchored());
        details.put("alignment", alignment);
        details.put("audioSeconds", round(dur));
        details.put("processingSeconds", round(took));
        log.info("event=script-synced sentences={} words={} anchored={} segments={} audio_s={} took_s={}",
                r.sentences(), r.words().size(), r.anchored(), vad.segments().size(), round(dur), round(took));
        return finish(Map.of(language, cues), transcript, work, details);
    }

    private Outcome speech(Path source, MediaInfo info, SubtitleParameters p, Path work, DoubleConsumer progress,
            Cancellation cancel, Map<String, Object> details, double mediaDuration) {
        String language = p.languages().getFirst();
        PcmAudio pcm = decode(source, info, work, progress, cancel);
        double dur = Math.max(0.001, pcm.durationSeconds());
        long t0 = System.nanoTime();
        List<RecognizedWord> recognized = engine.recognize(pcm, language,
                pos -> progress.accept(0.15 + 0.8 * Math.min(1, pos / dur)), cancel.throwIfCancelled());
        double took = (System.nanoTime() - t0) / 1e9;
        List<TimedWord> words = new ArrayList<>(recognized.size());
        for (RecognizedWord w : recognized) {
            String text = w.word().equals("i") ? "I" : w.word().startsWith("i'") ? "I" + w.word().substring(1) : w.word();
            words.add(new TimedWord(text, w.start(), w.end(), w.confidence(), TimedWord.endsSentence(text)));
        }
        SpeechConfidence.Verdict verdict = props.confidence().policy().judge(words);
        List<Cue> cues = new CueBuilder(p.style()).build(verdict.forCaptions(), dur);
        String note = otherLanguagesNote(p);
        if (words.isEmpty()) {
            note = join(note, "no speech was recognised");
        } else if (!verdict.intelligible()) {
            note = join(note, String.format(java.util.Locale.ROOT, "speech recognised with low confidence (%.2f < %.2f):"
                    + " no captions made from it", verdict.confidence(), props.confidence().minTranscript()));
        }
        Transcript transcript = Transcript.of(language, "speech", engine.name(), engine.model(), words, cues, note)
                .judged(verdict);
        details.put("confidence", verdict.confidence());
        details.put("intelligible", verdict.intelligible());
        details.put("audioSeconds", round(dur));
        details.put("recognitionSeconds", round(took));
        details.put("xRealtime", round(dur / Math.max(1e-6, took)));
        log.info("event=speech-recognised engine={} words={} audio_s={} took_s={} x_realtime={}", engine.name(),
                words.size(), round(dur), round(took), round(dur / Math.max(1e-6, took)));
        return finish(Map.of(language, cues), transcript, work, details);
    }

    private PcmAudio decode(Path source, MediaInfo info, Path work, DoubleConsumer progress, Cancellation cancel) {
        return new AudioDecoder(ffmpeg).decode(source, info, work.resolve("audio-16k.s16le"),
                f -> progress.accept(0.15 * f.fraction()), cancel.check());
    }

    private Outcome empty(String language, Path work, Map<String, Object> details, String note) {
        log.info("event=subtitles-empty language={} note=\"{}\"", language, note);
        Transcript transcript = Transcript.empty(language, "none", "none", "none", note);
        return finish(Map.of(language, List.of()), transcript, work, details);
    }

    private Outcome finish(Map<String, List<Cue>> cues, Transcript transcript, Path work, Map<String, Object> details) {
        List<OutputSpec> files = new ArrayList<>();
        Map<String, Object> counts = new LinkedHashMap<>();
        for (Map.Entry<String, List<Cue>> e : cues.entrySet()) {
            String lang = e.getKey();
            Map<String, Object> attrs = Map.of("language", lang, "cues", e.getValue().size(),
                    "source", transcript.source());
            files.add(new OutputSpec(lang + ".vtt", WebVttWriter.write(e.getValue(), work.resolve(lang + ".vtt")),
                    "text/vtt", attrs));
            files.add(new OutputSpec(lang + ".srt", SrtWriter.write(e.getValue(), work.resolve(lang + ".srt")),
                    "application/x-subrip", attrs));
            counts.put(lang, e.getValue().size());
        }
        files.add(new OutputSpec("transcript.json", TranscriptJson.write(transcript, work.resolve("transcript.json")),
                "application/json", Map.of("language", transcript.language(), "source", transcript.source(),
                        "words", transcript.words().size())));
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("source", transcript.source());
        d.put("language", transcript.language());
        d.put("languages", List.copyOf(cues.keySet()));
        d.put("engine", transcript.engine());
        d.put("model", transcript.model());
        d.put("cues", counts);
        d.put("words", transcript.words().size());
        if (transcript.note() != null) {
            d.put("note", transcript.note());
        }
        d.putAll(details);
        return new Outcome(files, d, transcript, cues);
    }

    /** Spreads a cue's words over its time by length (embedded subtitles carry no word times). */
    private static void spread(Cue c, List<TimedWord> out) {
        String[] tokens = c.text().strip().split("\\s+");
        double total = 0;
        for (String t : tokens) {
            total += t.length() + 1;
        }
        double acc = 0;
        for (String t : tokens) {
            if (t.isEmpty()) {
                continue;
            }
            double s = c.start() + c.duration() * acc / total;
            acc += t.length() + 1;
            double e = c.start() + c.duration() * acc / total;
            out.add(new TimedWord(t, s, e, 1.0, TimedWord.endsSentence(t)));
        }
    }

    private static String otherLanguagesNote(SubtitleParameters p) {
        if (p.languages().size() < 2) {
            return null;
        }
        return "captions only in " + p.languages().getFirst() + ", the spoken language; "
                + String.join(", ", p.languages().subList(1, p.languages().size()))
                + " need embedded subtitles (no translation)";
    }

    private static String join(String a, String b) {
        return a == null ? b : a + "; " + b;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
