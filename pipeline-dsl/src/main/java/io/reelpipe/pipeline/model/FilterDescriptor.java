package io.reelpipe.pipeline.model;

import java.util.Set;

/**
 * What a validator knows about a filter without its code: its name and the top-level parameter names it accepts.
 *
 * @param parameters accepted names in {@code with}; an empty set means the filter takes no parameters
 */
public record FilterDescriptor(String name, Set<String> parameters) {
    public FilterDescriptor {
        parameters = Set.copyOf(parameters);
    }
}
