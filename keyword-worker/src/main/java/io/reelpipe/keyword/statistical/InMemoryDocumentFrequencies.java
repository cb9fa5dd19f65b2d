package io.reelpipe.keyword.statistical;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Document frequencies in this JVM, optionally persisted to a local file (TSV: {@code word<TAB>df}, first line
 * {@code #documents<TAB>N}, then {@code #seen<TAB>id} lines) rewritten after every {@code flushEvery} documents and on
 * {@link #flush()}. Per worker instance: several instances each learn their own corpus — use
 * {@link RedisDocumentFrequencies} for one shared corpus.
 */
public final class InMemoryDocumentFrequencies implements DocumentFrequencies {

    private static final Logger log = LoggerFactory.getLogger(InMemoryDocumentFrequencies.class);

    private final Map<String, Long> df = new ConcurrentHashMap<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final Path file;
    private final int flushEvery;
    private long documents;
    private int unflushed;

    public InMemoryDocumentFrequencies() {
        this(null, Integer.MAX_VALUE);
    }

    /** @param file where to persist, or null for memory only */
    public InMemoryDocumentFrequencies(Path file, int flushEvery) {
        this.file = file;
        this.flushEvery = Math.max(1, flushEvery);
        if (file != null && Files.isRegularFile(file)) {
            load(file);
        }
    }

    @Override
    public Mono<CorpusStats> lookup(Collection<String> words) {
        return Mono.fromSupplier(() -> snapshot(words));
    }

    /** Synchronous {@link #lookup}. */
    public synchronized CorpusStats snapshot(Collection<String> words) {
        Map<String, Long> out = new HashMap<>();
        for (String w : words) {
            Long n = df.get(w);
            if (n != null) {
                out.put(w, n);
            }
        }
        return new CorpusStats(documents, out);
    }

    @Override
    public Mono<Void> record(String documentId, Set<String> words) {
        return Mono.fromRunnable(() -> {
            if (add(documentId, words)) {
                flushIfDue();
            }
        }).subscribeOn(Schedulers.boundedElastic()).then();
    }

    /** Synchronous {@link #record}; true when the document was new. */
    public synchronized boolean add(String documentId, Set<String> words) {
        if (documentId != null && !seen.add(documentId)) {
            return false;
        }
        documents++;
        for (String w : new HashSet<>(words)) {
            df.merge(w, 1L, Long::sum);
        }
        unflushed++;
        return true;
    }

    public synchronized long documents() {
        return documents;
    }

    private void flushIfDue() {
        boolean due;
        synchronized (this) {
            due = file != null && unflushed >= flushEvery;
        }
        if (due) {
            flush();
        }
    }

    /** Writes the file now (no-op without one). */
    public synchronized void flush() {
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write("#documents\t" + documents + "\n");
                for (String id : seen) {
                    w.write("#seen\t" + id + "\n");
                }
                for (Map.Entry<String, Long> e : df.entrySet()) {
                    w.write(e.getKey() + "\t" + e.getValue() + "\n");
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            unflushed = 0;
        } catch (IOException e) {
            log.warn("event=df-flush-failed file={} error={}", file, e.toString());
        }
    }

    private void load(Path from) {
        try (BufferedReader r = Files.newBufferedReader(from, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                int tab = line.lastIndexOf('\t');
                if (tab <= 0) {
                    continue;
                }
                String k = line.substring(0, tab);
                String v = line.substring(tab + 1);
                if (k.equals("#documents")) {
                    documents = Long.parseLong(v);
                } else if (k.equals("#seen")) {
                    seen.add(v);
                } else {
                    df.put(k, Long.parseLong(v));
                }
            }
            log.info("event=df-loaded file={} documents={} words={}", from, documents, df.size());
        } catch (IOException | NumberFormatException e) {
            throw new UncheckedIOException(new IOException("cannot read document frequencies from " + from, e));
        }
    }
}
