package io.reelpipe.pipeline.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Map;
import java.util.Set;

/**
 * What a validator knows about a filter without its code: its name, the top-level parameter names it accepts and,
 * optionally, each parameter's type.
 *
 * @param parameters accepted names in {@code with}; an empty set means the filter takes no parameters
 * @param types      parameter name to type: {@code string}, {@code integer}, {@code number}, {@code boolean},
 *                   {@code duration}, {@code list}, {@code list-or-single}, {@code object}, {@code enum:A,B,C} or
 *                   {@code any}; a parameter without an entry is not type-checked
 */
public record FilterDescriptor(String name, Set<String> parameters, Map<String, String> types) {

    @JsonCreator
    public FilterDescriptor {
        parameters = Set.copyOf(parameters);
        types = types == null ? Map.of() : Map.copyOf(types);
    }

    public FilterDescriptor(String name, Set<String> parameters) {
        this(name, parameters, Map.of());
    }
}
