package io.reelpipe.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** YAML reading (SnakeYAML, safe constructor) and null-tolerant navigation of the loaded maps and lists. */
final class Y {

    private Y() {
    }

    private static Yaml yaml() {
        return new Yaml(new SafeConstructor(new LoaderOptions()));
    }

    /** Every non-empty document of a (multi-document) YAML file. */
    static List<Object> loadAll(Path file) {
        try (Reader r = Files.newBufferedReader(file)) {
            List<Object> out = new ArrayList<>();
            for (Object doc : yaml().loadAll(r)) {
                if (doc != null) {
                    out.add(doc);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw new AssertionError(file + " is not valid YAML: " + e.getMessage(), e);
        }
    }

    static Object loadOne(Path file) {
        List<Object> docs = loadAll(file);
        if (docs.size() != 1) {
            throw new AssertionError(file + ": expected one YAML document, found " + docs.size());
        }
        return docs.get(0);
    }

    /** The map itself, or an empty detached map for anything else. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
    }

    /** The child map under {@code key}, created (attached) when missing. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object o = parent.get(key);
        if (o instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        Map<String, Object> created = new LinkedHashMap<>();
        if (o == null) {
            parent.put(key, created);
        }
        return created;
    }

    /** The child map under {@code key} without creating it (empty detached map when missing). */
    static Map<String, Object> peek(Map<String, Object> parent, String... path) {
        Object cur = parent;
        for (String k : path) {
            cur = cur instanceof Map<?, ?> m ? m.get(k) : null;
        }
        return map(cur);
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return o instanceof List<?> l ? (List<Object>) l : new ArrayList<>();
    }

    static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
