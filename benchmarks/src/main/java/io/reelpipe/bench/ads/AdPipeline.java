package io.reelpipe.bench.ads;

import io.reelpipe.keyword.OnScreenText;
import io.reelpipe.keyword.Transcript;
import io.reelpipe.media.Ffmpeg;
import io.reelpipe.ocr.OcrDocument;
import io.reelpipe.ocr.OcrParameters;
import io.reelpipe.ocr.OcrScanner;
import io.reelpipe.ocr.engine.Tessdata;
import io.reelpipe.ocr.engine.TesseractPool;
import io.reelpipe.subtitle.SubtitleParameters;
import io.reelpipe.subtitle.SubtitleProcessor;
import io.reelpipe.subtitle.SubtitleProperties;
import io.reelpipe.subtitle.speech.SphinxSpeechEngine;
import io.reelpipe.subtitle.transcript.TranscriptJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ocr and subtitle stages' own code on one ad, outputs written as the workers write them and read back as the
 * keyword stage reads them (unknown fields ignored), with the time each took.
 */
final class AdPipeline implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();

    record Outputs(OnScreenText screen, Transcript transcript, double ocrSeconds, double speechSeconds, double duration,
                   List<String> ocrTexts) {
    }

    private final TesseractPool engines = new TesseractPool(Tessdata.DEBIAN);
    private final ExecutorService threads;
    private final OcrScanner scanner;
    private final SubtitleProcessor subtitles;

    AdPipeline(int ocrThreads) {
        threads = Executors.newFixedThreadPool(ocrThreads);
        scanner = new OcrScanner(engines, threads, ocrThreads);
        subtitles = new SubtitleProcessor(SubtitleProperties.defaults(), new SphinxSpeechEngine(), Ffmpeg.bundled());
    }

    Outputs run(AdSpec ad, Path mp4, Path work) throws Exception {
        OcrParameters p = OcrParameters.defaults();
        long t0 = System.nanoTime();
        OcrScanner.Scan scan = scanner.scan(mp4, p, f -> { }, () -> false);
        double ocr = (System.nanoTime() - t0) / 1e9;
        OcrDocument doc = OcrDocument.of(scan, p, "tesseract");
        Path ocrJson = Files.writeString(work.resolve("ocr.json"), JSON.writeValueAsString(doc));
        OnScreenText screen = JSON.readValue(ocrJson.toFile(), OnScreenText.class);

        long t1 = System.nanoTime();
        SubtitleProcessor.Outcome outcome = subtitles.process(mp4, new SubtitleParameters(List.of(ad.language()),
                        "auto", null, null, null, null), null, work, f -> { },
                new SubtitleProcessor.Cancellation(() -> false, () -> { }));
        double speech = (System.nanoTime() - t1) / 1e9;
        Path transcriptJson = TranscriptJson.write(outcome.transcript(), work.resolve("transcript.json"));
        Transcript transcript = JSON.readValue(transcriptJson.toFile(), Transcript.class);
        return new Outputs(screen, transcript, ocr, speech, scan.duration(),
                doc.items().stream().map(OcrDocument.Item::text).toList());
    }

    @Override
    public void close() {
        threads.shutdownNow();
        engines.close();
    }
}
