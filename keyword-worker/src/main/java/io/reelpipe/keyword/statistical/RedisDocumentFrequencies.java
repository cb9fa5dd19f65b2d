package io.reelpipe.keyword.statistical;

import io.lettuce.core.KeyValue;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One corpus for the whole keyword pool, in Redis: hash {@code rp:keyword:df} (word → documents containing it, plus
 * the field {@code #documents}) and set {@code rp:keyword:df:seen} (document ids already counted, so a redelivered task
 * is not counted twice). The SADD decides whether the HINCRBYs happen; a crash between the two loses one document's
 * counts, which TF-IDF tolerates.
 */
public final class RedisDocumentFrequencies implements DocumentFrequencies {

    public static final String KEY = "rp:keyword:df";
    public static final String SEEN_KEY = "rp:keyword:df:seen";
    static final String DOCUMENTS_FIELD = "#documents";

    private final RedisReactiveCommands<String, String> redis;

    public RedisDocumentFrequencies(RedisReactiveCommands<String, String> redis) {
        this.redis = redis;
    }

    @Override
    public Mono<CorpusStats> lookup(Collection<String> words) {
        String[] fields = new String[words.size() + 1];
        fields[0] = DOCUMENTS_FIELD;
        int i = 1;
        for (String w : words) {
            fields[i++] = w;
        }
        return redis.hmget(KEY, fields).collectList().map(values -> {
            long documents = 0;
            Map<String, Long> df = new HashMap<>();
            for (KeyValue<String, String> kv : values) {
                if (!kv.hasValue()) {
                    continue;
                }
                long n = Long.parseLong(kv.getValue());
                if (kv.getKey().equals(DOCUMENTS_FIELD)) {
                    documents = n;
                } else {
                    df.put(kv.getKey(), n);
                }
            }
            return new CorpusStats(documents, df);
        });
    }

    @Override
    public Mono<Void> record(String documentId, Set<String> words) {
        return redis.sadd(SEEN_KEY, documentId).flatMap(added -> {
            if (added == 0) {
                return Mono.<Void>empty();
            }
            return Flux.concat(Flux.just(DOCUMENTS_FIELD), Flux.fromIterable(words))
                    .flatMap(w -> redis.hincrby(KEY, w, 1), 64)
                    .then();
        });
    }
}
