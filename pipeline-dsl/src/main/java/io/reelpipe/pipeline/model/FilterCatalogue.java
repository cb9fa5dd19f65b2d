package io.reelpipe.pipeline.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The filters shipped with Reelpipe ({@code io/reelpipe/pipeline/filters.yaml}), merged with registered ones. */
public final class FilterCatalogue {

    public static final String RESOURCE = "io/reelpipe/pipeline/filters.yaml";
    private static volatile List<FilterDescriptor> builtIn;

    private FilterCatalogue() {
    }

    /** The shipped filters with their parameter names and types. */
    public static List<FilterDescriptor> builtIn() {
        List<FilterDescriptor> b = builtIn;
        if (b == null) {
            try (InputStream in = FilterCatalogue.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the classpath");
                }
                b = parse(new Yaml(new LoaderOptions()).load(in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            builtIn = b;
        }
        return b;
    }

    @SuppressWarnings("unchecked")
    static List<FilterDescriptor> parse(Object doc) {
        List<FilterDescriptor> out = new ArrayList<>();
        if (doc instanceof Map<?, ?> m) {
            m.forEach((name, params) -> {
                Map<String, String> types = new LinkedHashMap<>();
                if (params instanceof Map<?, ?> pm) {
                    pm.forEach((k, v) -> types.put(String.valueOf(k), v == null ? "any" : String.valueOf(v)));
                }
                out.add(new FilterDescriptor(String.valueOf(name), types.keySet(), types));
            });
        }
        return List.copyOf(out);
    }

    /** The shipped filters, each replaced by a registered descriptor of the same name, plus every other registered one. */
    public static List<FilterDescriptor> merged(Collection<FilterDescriptor> registered) {
        Map<String, FilterDescriptor> byName = new LinkedHashMap<>();
        builtIn().forEach(f -> byName.put(f.name(), f));
        if (registered != null) {
            registered.forEach(f -> byName.put(f.name(), f));
        }
        return List.copyOf(byName.values());
    }
}
