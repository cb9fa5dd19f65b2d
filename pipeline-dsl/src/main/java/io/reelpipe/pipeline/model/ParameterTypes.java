package io.reelpipe.pipeline.model;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonFormat;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The small type vocabulary of filter parameters ({@link FilterDescriptor#types()}): derived from a parameter record
 * and checked against {@code with} values. The checks accept what the runtime's binder (Jackson) accepts for that
 * type, so lint never rejects a pipeline that would run; where a type has custom JSON creators it is {@code any}.
 */
public final class ParameterTypes {

    private ParameterTypes() {
    }

    /** Parameter name (and every {@code @JsonAlias}) to type, for a record; empty for anything else. */
    public static Map<String, String> of(Class<?> type) {
        Map<String, String> out = new LinkedHashMap<>();
        if (type == null || !type.isRecord()) {
            return out;
        }
        for (RecordComponent c : type.getRecordComponents()) {
            String t;
            JsonAlias alias;
            try {
                t = typeOf(c.getType(), annotated(c, type));
                alias = find(c, type, JsonAlias.class);
            } catch (RuntimeException | LinkageError e) {
                // reflection can fail in unusual class loaders: the name still counts, its type is not checked
                t = "any";
                alias = null;
            }
            out.put(c.getName(), t);
            if (alias != null) {
                for (String a : alias.value()) {
                    out.put(a, t);
                }
            }
        }
        return out;
    }

    private static boolean annotated(RecordComponent c, Class<?> owner) {
        JsonFormat f = find(c, owner, JsonFormat.class);
        return f != null && Arrays.asList(f.with()).contains(JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
    }

    private static <A extends java.lang.annotation.Annotation> A find(RecordComponent c, Class<?> owner, Class<A> a) {
        A found = c.getAnnotation(a);
        if (found == null) {
            found = c.getAccessor().getAnnotation(a);
        }
        if (found == null) {
            try {
                found = owner.getDeclaredField(c.getName()).getAnnotation(a);
            } catch (NoSuchFieldException ignored) {
                // records always have the field
            }
        }
        if (found == null) {
            try {
                Class<?>[] types = Arrays.stream(owner.getRecordComponents()).map(RecordComponent::getType).toArray(Class<?>[]::new);
                var ctor = owner.getDeclaredConstructor(types);
                RecordComponent[] all = owner.getRecordComponents();
                int i = 0;
                while (i < all.length && !all[i].getName().equals(c.getName())) {
                    i++;
                }
                for (var ann : ctor.getParameterAnnotations()[i]) {
                    if (a.isInstance(ann)) {
                        found = a.cast(ann);
                    }
                }
            } catch (NoSuchMethodException ignored) {
                // no canonical constructor visible
            }
        }
        return found;
    }

    static String typeOf(Class<?> t, boolean singleAsList) {
        if (t == String.class || t == CharSequence.class) {
            return "string";
        }
        if (t == Integer.class || t == int.class || t == Long.class || t == long.class || t == Short.class || t == short.class) {
            return "integer";
        }
        if (t == Double.class || t == double.class || t == Float.class || t == float.class
                || t == java.math.BigDecimal.class || t == Number.class) {
            return "number";
        }
        if (t == Boolean.class || t == boolean.class) {
            return "boolean";
        }
        if (t == java.time.Duration.class) {
            return "duration";
        }
        if (Collection.class.isAssignableFrom(t) || t.isArray()) {
            return singleAsList ? "list-or-single" : "list";
        }
        if (t.isEnum()) {
            if (hasCreator(t)) {
                return "any";
            }
            return "enum:" + Arrays.stream(t.getEnumConstants()).map(e -> ((Enum<?>) e).name()).collect(Collectors.joining(","));
        }
        if (Map.class.isAssignableFrom(t)) {
            return "object";
        }
        if (t.isRecord() && !hasCreator(t)) {
            return "object";
        }
        return "any";
    }

    private static boolean hasCreator(Class<?> t) {
        for (AnnotatedElement m : t.getDeclaredMethods()) {
            if (m.isAnnotationPresent(JsonCreator.class)) {
                return true;
            }
        }
        for (AnnotatedElement m : t.getDeclaredConstructors()) {
            if (m.isAnnotationPresent(JsonCreator.class)) {
                return true;
            }
        }
        return false;
    }

    /** Null when {@code value} fits {@code type}, else why not (for a person). */
    public static String check(String type, Object value) {
        if (type == null || value == null || type.equals("any")) {
            return null;
        }
        switch (type) {
            case "string" -> {
                return value instanceof Map || value instanceof List ? "must be a single value (text), not " + kind(value) : null;
            }
            case "integer" -> {
                if (value instanceof Integer || value instanceof Long) {
                    return null;
                }
                if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
                    return null;
                }
                if (value instanceof String s && s.trim().matches("-?\\d+")) {
                    return null;
                }
                return "must be a whole number, got " + describe(value);
            }
            case "number" -> {
                if (value instanceof Number) {
                    return null;
                }
                if (value instanceof String s) {
                    try {
                        Double.parseDouble(s.trim());
                        return null;
                    } catch (NumberFormatException ignored) {
                        // falls through
                    }
                }
                return "must be a number, got " + describe(value);
            }
            case "boolean" -> {
                if (value instanceof Boolean || value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
                    return null;
                }
                return "must be true or false, got " + describe(value);
            }
            case "duration" -> {
                if (value instanceof Number) {
                    return null;
                }
                try {
                    Condition.parseDuration(String.valueOf(value));
                    return null;
                } catch (RuntimeException e) {
                    return "must be a duration such as 2s or 10m, got " + describe(value);
                }
            }
            case "list" -> {
                return value instanceof List ? null : "must be a list, got " + describe(value);
            }
            case "list-or-single" -> {
                return value instanceof Map ? "must be a value or a list, got " + kind(value) : null;
            }
            case "object" -> {
                return value instanceof Map ? null : "must be a mapping of settings, got " + describe(value);
            }
            default -> {
                if (type.startsWith("enum:")) {
                    List<String> allowed = Arrays.asList(type.substring(5).split(","));
                    if (value instanceof String s && allowed.stream().anyMatch(a -> a.equalsIgnoreCase(s.trim()))) {
                        return null;
                    }
                    return "must be one of " + allowed.stream().map(a -> a.toLowerCase(Locale.ROOT))
                            .collect(Collectors.joining(", ")) + ", got " + describe(value);
                }
                return null;
            }
        }
    }

    private static String kind(Object v) {
        return v instanceof Map ? "a mapping" : v instanceof List ? "a list" : v instanceof String ? "text"
                : v instanceof Boolean ? "a boolean" : "a number";
    }

    private static String describe(Object v) {
        if (v instanceof Map || v instanceof List) {
            return kind(v);
        }
        return v instanceof String ? "'" + v + "'" : String.valueOf(v);
    }
}
