package io.reelpipe.keyword;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.reelpipe.keyword.embedding.EmbedderInfo;
import java.util.List;

/**
 * The content of {@code keywords.json}.
 *
 * @param method    what ranked the keywords: {@code embedding} or {@code statistical}
 * @param fallback  why {@code statistical} ran although the stage asked for {@code embedding}/{@code auto}; null otherwise
 * @param embedder  engine/model/device of the embedding model, null for {@code statistical}
 * @param corpusDocuments number of earlier documents the TF-IDF statistics come from
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KeywordResult(int schemaVersion, String assetId, String language, String method, String fallback,
                           EmbedderInfo embedder, Inputs inputs, long corpusDocuments, Params params,
                           List<Keyword> keywords,
                           @com.fasterxml.jackson.annotation.JsonIgnore float[] documentEmbedding) {

    public static final int SCHEMA_VERSION = 1;

    /** Without a document embedding (statistical method). */
    public KeywordResult(int schemaVersion, String assetId, String language, String method, String fallback,
                         EmbedderInfo embedder, Inputs inputs, long corpusDocuments, Params params,
                         List<Keyword> keywords) {
        this(schemaVersion, assetId, language, method, fallback, embedder, inputs, corpusDocuments, params, keywords,
                null);
    }

    /**
     * The same result carrying the document's embedding (unit length, what the keywords were ranked against): the
     * filter stores it as {@code embedding.json} for semantic search; it is not part of {@code keywords.json}.
     */
    public KeywordResult withDocumentEmbedding(float[] vector) {
        return new KeywordResult(schemaVersion, assetId, language, method, fallback, embedder, inputs, corpusDocuments,
                params, keywords, vector);
    }

    /**
     * What the keywords were extracted from.
     *
     * @param screenTexts distinct on-screen texts from the ocr stage (absent without one)
     * @param speech      how far recognised speech was trusted ({@code SpeechTrust#describe()}), absent without a
     *                    transcript
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Inputs(boolean transcript, String transcriptSource, int transcriptWords, boolean title,
                         boolean description, int tags, int candidates, Integer screenTexts, String speech) {
    }

    public record Params(int top, double diversity, String method, int maxNgram) {
    }

    /**
     * One keyword.
     *
     * @param score       combined relevance it was ranked by (0..1)
     * @param similarity  cosine similarity to the document (embedding method only)
     * @param statistical TF-IDF score relative to the document's best (0..1)
     * @param sources     {@code speech}, {@code ocr} and/or {@code metadata}
     * @param count       occurrences over all inputs
     * @param ranges      where it is said, seconds (speech only; empty when the transcript has no times)
     * @param shown       where it is on screen, seconds (ocr only; absent otherwise)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Keyword(String keyword, double score, Double similarity, double statistical, List<String> sources,
                          int count, List<TimeRange> ranges, List<TimeRange> shown) {
    }

    public record TimeRange(double start, double end) {
    }
}
