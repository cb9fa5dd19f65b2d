package io.reelpipe.catalog.eval;

import io.reelpipe.catalog.document.AssetDocument;
import io.reelpipe.catalog.document.TextLanguage;
import io.reelpipe.pipeline.wire.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import tools.jackson.databind.JsonNode;

/**
 * The evaluation's documents and queries. Documents: keyword-worker's 55 labelled ads (read from its test resources:
 * one set of labelled ads in the repository) as title + spoken script, plus generated distractor ads from other
 * trades that share everyday ad words ("summer", "free delivery", "home", "app") with the queries. Queries:
 * {@code eval/queries.jsonl}, 60 in English and Korean, each with graded relevance (2 = the ad asked for, 1 = a
 * related ad); even lines are the dev half (where the default mode is chosen), odd lines the held-out test half.
 */
public final class EvaluationCorpus {

    public static final Path LABELLED = Path.of("../keyword-worker/src/test/resources/keywords/labelled-ads.jsonl");

    public record Ad(String id, String title, String text) {
        public String documentText() {
            return title + ". " + text;
        }

        public AssetDocument document(String tenant) {
            String lang = TextLanguage.detect(text);
            return new AssetDocument(tenant, id, title, null, List.of(), id + ".mp4", "ad-standard",
                    Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-01T00:00:00Z"), List.of("job-" + id),
                    lang, "script", text, List.of(new AssetDocument.Segment(0.0, 30.0, text)), null, List.of(), null,
                    30.0, 1920, 1080, 25.0, true, List.of(lang), true, null, null);
        }
    }

    public record Query(String q, Map<String, Integer> relevant, boolean test) {
    }

    private EvaluationCorpus() {
    }

    public static List<Ad> labelledAds() {
        List<Ad> ads = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(LABELLED, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    JsonNode n = WireFormat.mapper().readTree(line);
                    ads.add(new Ad(n.path("id").asString(), n.path("title").asString(), n.path("text").asString()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("keyword-worker's labelled ads not found at " + LABELLED.toAbsolutePath(), e);
        }
        return ads;
    }

    static final String[] TRADES = {"plumbing repair", "law firm", "dental clinic", "car wash", "wedding planner",
            "moving company", "lottery draw", "church bazaar", "driving school", "garden centre", "pharmacy",
            "dry cleaning", "locksmith", "piano lessons", "tax advisor", "bakery", "florist", "funeral services",
            "roof repair", "printing shop"};
    static final String[] OPENERS = {"This summer", "Right now", "For the whole family", "In your neighbourhood",
            "Every weekend", "Since 1985", "Only this month", "At home or on the go"};
    static final String[] CLAIMS = {"free delivery on every order", "download our app today", "book online in minutes",
            "call us any time, day or night", "friendly staff who care", "prices you can trust",
            "open seven days a week", "satisfaction guaranteed or your money back", "new customers save twenty percent",
            "visit our store in the city centre"};

    /** {@code n} distractor ads, the same for a given seed. */
    public static List<Ad> generated(int n, long seed) {
        Random r = new Random(seed);
        List<Ad> ads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String trade = TRADES[r.nextInt(TRADES.length)];
            String brand = "Brand" + (char) ('A' + r.nextInt(26)) + (char) ('a' + r.nextInt(26)) + i;
            String text = OPENERS[r.nextInt(OPENERS.length)] + ", " + brand + " is the " + trade + " you need. "
                    + capital(CLAIMS[r.nextInt(CLAIMS.length)]) + ". " + capital(CLAIMS[r.nextInt(CLAIMS.length)])
                    + ". " + brand + ": " + trade + " done right.";
            ads.add(new Ad("gen-" + i, brand + " " + trade, text));
        }
        return ads;
    }

    private static String capital(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    public static List<Query> queries() {
        List<Query> out = new ArrayList<>();
        try (var in = EvaluationCorpus.class.getClassLoader().getResourceAsStream("eval/queries.jsonl")) {
            int i = 0;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = WireFormat.mapper().readTree(line);
                Map<String, Integer> rel = new LinkedHashMap<>();
                for (var e : n.path("relevant").properties()) {
                    rel.put(e.getKey(), e.getValue().asInt());
                }
                out.add(new Query(n.path("q").asString(), rel, i++ % 2 == 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
