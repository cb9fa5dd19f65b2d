package io.reelpipe.catalog.document;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * One asset as the catalog sees it: everything the pipeline produced for it that a search can use. Built from object
 * storage alone ({@link DocumentLoader}), so the same asset always gives the same document (rebuilds, replays).
 *
 * @param transcriptLanguage two-letter language of the transcript ({@code en}, {@code ko}); null without one
 * @param segments           transcript pieces with their times (cues, else runs of words): what a highlight points at
 * @param captionText        the text of the captions file(s) (WebVTT without timings)
 * @param onScreenText       text read from the frames (an OCR stage's output), when present
 * @param languages          spoken/caption languages plus the metadata's language
 * @param embedding          the keyword stage's document embedding (unit length); null without one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AssetDocument(
        String tenant,
        String assetId,
        String title,
        String description,
        List<String> tags,
        String filename,
        String pipeline,
        Instant createdAt,
        Instant updatedAt,
        List<String> jobIds,
        String transcriptLanguage,
        String transcriptSource,
        String transcriptText,
        List<Segment> segments,
        String captionText,
        List<Keyword> keywords,
        String onScreenText,
        Double durationSeconds,
        Integer width,
        Integer height,
        Double fps,
        Boolean hasAudio,
        List<String> languages,
        boolean hasCaptions,
        @JsonIgnore float[] embedding,
        String embeddingModel) {

    public AssetDocument {
        tags = tags == null ? List.of() : List.copyOf(tags);
        jobIds = jobIds == null ? List.of() : List.copyOf(jobIds);
        segments = segments == null ? List.of() : List.copyOf(segments);
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        languages = languages == null ? List.of() : List.copyOf(languages);
    }

    /** A timed piece of the transcript. {@code start}/{@code end} in seconds; null when the transcript has no times. */
    public record Segment(Double start, Double end, String text) {
    }

    /** A keyword of {@code keywords.json} with its score and where it is said (seconds). */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Keyword(String keyword, double score, List<Range> ranges) {
        public Keyword {
            ranges = ranges == null ? List.of() : List.copyOf(ranges);
        }
    }

    public record Range(double start, double end) {
    }

    /** {@code landscape}, {@code portrait}, {@code square}; null without a video size. */
    public String orientation() {
        if (width == null || height == null || width <= 0 || height <= 0) {
            return null;
        }
        double r = (double) width / height;
        return r > 1.05 ? "landscape" : r < 0.95 ? "portrait" : "square";
    }

    /** The duration facet: {@code 0-15}, {@code 15-30}, {@code 30-60}, {@code 60-} (seconds). */
    public String durationBucket() {
        if (durationSeconds == null) {
            return null;
        }
        double d = durationSeconds;
        return d < 15 ? "0-15" : d < 30 ? "15-30" : d < 60 ? "30-60" : "60-";
    }

    public AssetDocument withEmbedding(float[] vector, String model) {
        return new AssetDocument(tenant, assetId, title, description, tags, filename, pipeline, createdAt, updatedAt,
                jobIds, transcriptLanguage, transcriptSource, transcriptText, segments, captionText, keywords,
                onScreenText, durationSeconds, width, height, fps, hasAudio, languages, hasCaptions, vector, model);
    }
}
