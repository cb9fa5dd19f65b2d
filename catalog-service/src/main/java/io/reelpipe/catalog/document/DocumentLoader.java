package io.reelpipe.catalog.document;

import io.reelpipe.pipeline.storage.ObjectKeys;
import io.reelpipe.pipeline.storage.ObjectStore;
import io.reelpipe.pipeline.wire.ObjectRef;
import io.reelpipe.pipeline.wire.OutputFile;
import io.reelpipe.pipeline.wire.StageManifest;
import io.reelpipe.pipeline.wire.WireFormat;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * Reads what storage holds for one asset and turns it into an {@link AssetDocument}: {@code asset.json} (what ingest
 * registered: filename, title, tags, probe data) and every stage's {@code manifest.json} with the outputs they list
 * ({@code transcript.json}, captions {@code *.vtt}, {@code keywords.json}, {@code embedding.json}, an OCR stage's
 * JSON). Empty when storage holds nothing for it (deleted, or never processed).
 */
@Component
public class DocumentLoader {

    private static final Logger log = LoggerFactory.getLogger(DocumentLoader.class);
    static final String DESCRIPTOR = "asset.json";

    private final ObjectStore store;

    public DocumentLoader(ObjectStore store) {
        this.store = store;
    }

    /** Whether a stage that produced {@code outputs} contributes to the document (transcript, captions, keywords…). */
    public static boolean usesAnyOf(List<OutputFile> outputs) {
        return outputs.stream().map(OutputFile::name).anyMatch(n -> n.endsWith("transcript.json")
                || n.endsWith(".vtt") && !n.endsWith("storyboard.vtt") || n.endsWith("keywords.json")
                || n.endsWith("embedding.json") || n.endsWith(".json") && n.toLowerCase().contains("ocr"));
    }

    public Mono<Optional<AssetDocument>> load(String tenant, String assetId) {
        String prefix = ObjectKeys.assetPrefix(tenant, assetId);
        return store.list(prefix).map(ObjectRef::key).collectList().flatMap(keys -> {
            String descriptorKey = ObjectKeys.assetDescriptor(tenant, assetId);
            List<String> manifests = keys.stream()
                    .filter(k -> k.endsWith("/manifest.json") && k.substring(prefix.length()).split("/").length == 2)
                    .sorted().toList();
            boolean hasDescriptor = keys.contains(descriptorKey);
            if (!hasDescriptor && manifests.isEmpty()) {
                return Mono.just(Optional.<AssetDocument>empty());
            }
            Mono<JsonNode> descriptor = hasDescriptor ? json(descriptorKey) : Mono.just(MissingNode.getInstance());
            Mono<List<StageManifest>> stages = Flux.fromIterable(manifests)
                    .concatMap(k -> bytes(k).flatMap(b -> Mono.fromCallable(
                            () -> WireFormat.mapper().readValue(b, StageManifest.class)).onErrorResume(e -> {
                                log.warn("unreadable manifest {}: {}", k, e.toString());
                                return Mono.empty();
                            })))
                    .collectList();
            return Mono.zip(descriptor, stages).flatMap(t -> assemble(tenant, assetId, t.getT1(), t.getT2()))
                    .map(Optional::of);
        });
    }

    private Mono<AssetDocument> assemble(String tenant, String assetId, JsonNode descriptor, List<StageManifest> stages) {
        DocumentAssembler a = new DocumentAssembler(tenant, assetId, descriptor, stages);
        Optional<OutputFile> transcript = output(stages, o -> o.name().endsWith("transcript.json"), "subtitle");
        Optional<OutputFile> keywords = output(stages, o -> o.name().endsWith("keywords.json"), "keyword");
        Optional<OutputFile> embedding = output(stages, o -> o.name().endsWith("embedding.json"), "keyword");
        List<OutputFile> captions = stages.stream().filter(s -> !"thumbnail".equals(s.filter()))
                .flatMap(s -> s.outputs().stream()).filter(o -> o.name().endsWith(".vtt")).toList();
        List<OutputFile> ocr = stages.stream().flatMap(s -> s.outputs().stream())
                .filter(o -> o.name().endsWith(".json") && o.name().toLowerCase().contains("ocr")).toList();
        Mono<Void> reads = Mono.when(
                optionalJson(transcript).doOnNext(a::transcript),
                optionalJson(keywords).doOnNext(a::keywords),
                optionalJson(embedding).doOnNext(a::embedding),
                Flux.fromIterable(captions).concatMap(o -> bytes(o.key()))
                        .doOnNext(b -> a.captions(new String(b, java.nio.charset.StandardCharsets.UTF_8))).then(),
                Flux.fromIterable(ocr).concatMap(o -> json(o.key())).doOnNext(a::onScreenText).then());
        a.hasCaptions(!captions.isEmpty());
        return reads.then(Mono.fromCallable(a::build));
    }

    /** The first output matching {@code test}, preferring stages of {@code filter}. */
    private static Optional<OutputFile> output(List<StageManifest> stages, java.util.function.Predicate<OutputFile> test,
                                               String filter) {
        return stages.stream()
                .sorted(Comparator.comparing((StageManifest s) -> !filter.equals(s.filter()))
                        .thenComparing(StageManifest::stage))
                .flatMap(s -> s.outputs().stream()).filter(test).findFirst();
    }

    private Mono<JsonNode> optionalJson(Optional<OutputFile> o) {
        return o.map(f -> json(f.key())).orElse(Mono.empty());
    }

    private Mono<JsonNode> json(String key) {
        return bytes(key).flatMap(b -> Mono.fromCallable(() -> WireFormat.mapper().readTree(b)))
                .onErrorResume(e -> {
                    log.warn("unreadable JSON {}: {}", key, e.toString());
                    return Mono.empty();
                });
    }

    /** Empty when the object is gone (deleted between the listing and the read). */
    private Mono<byte[]> bytes(String key) {
        return store.getBytes(key).onErrorResume(e -> isMissing(e) ? Mono.empty() : Mono.error(e));
    }

    private static boolean isMissing(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.nio.file.NoSuchFileException || t instanceof java.io.FileNotFoundException) {
                return true;
            }
        }
        return false;
    }

}
