package io.reelpipe.bench.catalog;

import io.reelpipe.catalog.document.AssetDocument;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Synthetic ad documents for the catalog benchmark: 24 topics, each with its own words; an ad is a title, tags, a
 * ~60-word spoken script with cue times, keywords, probe data, and a 384-d unit vector near its topic's centroid (so
 * HNSW has real neighbourhoods). Queries are 1-3 topic words with a vector near the same centroid. Deterministic.
 */
final class SyntheticArchive {

    static final int DIM = 384;
    static final String[] COMMON = {"the", "new", "your", "with", "for", "today", "every", "more", "now", "get", "our",
            "best", "free", "all", "day", "you", "and", "from", "only", "great"};
    static final String[][] TOPICS = {
            {"car", "electric", "battery", "range", "charging", "suv", "drive", "dealer", "engine", "road"},
            {"bank", "savings", "interest", "account", "loan", "mortgage", "rate", "money", "card", "fees"},
            {"soda", "lemon", "drink", "cold", "sparkling", "summer", "beach", "ice", "taste", "bottle"},
            {"phone", "camera", "screen", "battery", "photo", "night", "display", "chip", "call", "apps"},
            {"insurance", "claim", "quote", "cover", "policy", "family", "protect", "premium", "accident", "save"},
            {"flight", "airline", "holiday", "travel", "destination", "beach", "hotel", "fare", "book", "trip"},
            {"food", "delivery", "restaurant", "pizza", "order", "hungry", "meal", "kitchen", "fresh", "dinner"},
            {"fashion", "coat", "collection", "wool", "style", "autumn", "design", "wear", "shoes", "dress"},
            {"broadband", "fibre", "internet", "speed", "gigabit", "wifi", "stream", "router", "home", "mobile"},
            {"streaming", "movies", "series", "watch", "episode", "original", "sports", "live", "tv", "show"},
            {"gym", "fitness", "yoga", "trainer", "workout", "membership", "pool", "classes", "health", "run"},
            {"headphones", "noise", "music", "wireless", "sound", "audio", "bass", "earbuds", "quiet", "listen"},
            {"laptop", "creator", "video", "editing", "graphics", "memory", "display", "render", "pro", "work"},
            {"solar", "panels", "energy", "roof", "bill", "battery", "sun", "power", "install", "green"},
            {"dog", "food", "puppy", "vet", "chicken", "coat", "pet", "healthy", "grain", "treat"},
            {"language", "learn", "lesson", "spanish", "tutor", "app", "speak", "minutes", "course", "fluent"},
            {"game", "fantasy", "dragon", "kingdom", "quest", "online", "friends", "battle", "world", "launch"},
            {"serum", "skin", "vitamin", "glow", "spots", "beauty", "cream", "dermatologist", "bright", "formula"},
            {"charity", "donation", "water", "children", "village", "wells", "help", "give", "support", "hope"},
            {"coffee", "brew", "bean", "roast", "cup", "morning", "barista", "smooth", "bold", "milk"},
            {"truck", "pickup", "tow", "load", "tough", "work", "wheel", "haul", "trail", "power"},
            {"hotel", "room", "city", "breakfast", "stay", "view", "spa", "suite", "weekend", "old"},
            {"security", "alarm", "camera", "sensor", "home", "safe", "monitor", "door", "app", "siren"},
            {"tea", "organic", "green", "leaf", "calm", "blend", "chamomile", "cup", "estate", "slow"}};
    static final String[] ORIENTATIONS = {"landscape", "landscape", "landscape", "portrait", "square"};

    final float[][] centroids = new float[TOPICS.length][DIM];

    SyntheticArchive(long seed) {
        Random r = new Random(seed);
        for (float[] c : centroids) {
            for (int i = 0; i < DIM; i++) {
                c[i] = (float) r.nextGaussian();
            }
            normalise(c);
        }
    }

    AssetDocument doc(String tenant, int i) {
        Random r = new Random(1000003L * i + 17);
        int topic = i % TOPICS.length;
        String[] words = TOPICS[topic];
        String brand = "Brand" + Integer.toString(i, 36);
        String title = brand + " " + words[r.nextInt(10)] + " " + words[r.nextInt(10)];
        List<AssetDocument.Segment> segs = new ArrayList<>();
        StringBuilder all = new StringBuilder();
        for (int s = 0; s < 6; s++) {
            StringBuilder sb = new StringBuilder();
            for (int w = 0; w < 10; w++) {
                sb.append(w == 0 ? "" : " ").append(r.nextInt(10) < 6 ? words[r.nextInt(10)]
                        : COMMON[r.nextInt(COMMON.length)]);
            }
            segs.add(new AssetDocument.Segment(s * 5.0, s * 5.0 + 5.0, sb.toString()));
            all.append(s == 0 ? "" : " ").append(sb);
        }
        List<AssetDocument.Keyword> kws = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            kws.add(new AssetDocument.Keyword(words[r.nextInt(10)] + " " + words[r.nextInt(10)], 0.9 - k * 0.1,
                    List.of(new AssetDocument.Range(k * 5.0, k * 5.0 + 1.5))));
        }
        String o = ORIENTATIONS[r.nextInt(ORIENTATIONS.length)];
        int w = o.equals("portrait") ? 1080 : 1920;
        int h = o.equals("landscape") ? 1080 : o.equals("square") ? 1920 : 1920;
        return new AssetDocument(tenant, "asset-" + i, title, null, List.of(words[0], words[r.nextInt(10)]),
                brand + "_final.mp4", "ad-standard", Instant.ofEpochSecond(1_760_000_000L + i * 60L),
                Instant.ofEpochSecond(1_760_000_000L + i * 60L), List.of("job-" + i), "en", "speech", all.toString(),
                segs, null, kws, null, 10.0 + r.nextInt(80), w, o.equals("square") ? 1920 : h, 25.0, true,
                List.of("en"), r.nextBoolean(), vector(topic, r, 0.6), "all-MiniLM-L6-v2");
    }

    String query(int i) {
        Random r = new Random(7919L * i + 3);
        String[] words = TOPICS[i % TOPICS.length];
        int n = 1 + r.nextInt(3);
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < n; k++) {
            sb.append(k == 0 ? "" : " ").append(words[r.nextInt(10)]);
        }
        return sb.toString();
    }

    float[] queryVector(int i) {
        return vector(i % TOPICS.length, new Random(31L * i + 5), 0.8);
    }

    private float[] vector(int topic, Random r, double noise) {
        float[] v = new float[DIM];
        for (int d = 0; d < DIM; d++) {
            v[d] = (float) (centroids[topic][d] + noise * r.nextGaussian() / Math.sqrt(DIM) * 4);
        }
        normalise(v);
        return v;
    }

    static void normalise(float[] v) {
        double n = 0;
        for (float f : v) {
            n += f * f;
        }
        n = Math.sqrt(n);
        for (int i = 0; i < v.length; i++) {
            v[i] /= (float) n;
        }
    }
}
