package io.reelpipe.pipeline.runtime;

import io.reelpipe.pipeline.filter.Filter;
import io.reelpipe.pipeline.model.FilterDescriptor;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The filters of this worker app, by name. Two filters with one name are a startup error. */
public final class FilterRegistry {

    private final Map<String, Filter<?>> filters = new LinkedHashMap<>();

    public FilterRegistry(Collection<? extends Filter<?>> filters) {
        for (Filter<?> f : filters) {
            Filter<?> before = this.filters.putIfAbsent(f.name(), f);
            if (before != null) {
                throw new IllegalStateException("two filters are named '" + f.name() + "': "
                        + before.getClass().getName() + " and " + f.getClass().getName());
            }
        }
    }

    public Optional<Filter<?>> find(String name) {
        return Optional.ofNullable(filters.get(name));
    }

    public List<Filter<?>> all() {
        return List.copyOf(filters.values());
    }

    /** What ingest needs to validate pipelines against these filters. */
    public List<FilterDescriptor> descriptors() {
        return filters.values().stream().map(FilterRegistry::descriptor).toList();
    }

    public static FilterDescriptor descriptor(Filter<?> f) {
        java.util.Set<String> names = f.parameterNames();
        Map<String, String> types = new LinkedHashMap<>();
        f.parameterTypes().forEach((k, v) -> {
            if (names.contains(k)) {
                types.put(k, v);
            }
        });
        return new FilterDescriptor(f.name(), names, types);
    }
}
