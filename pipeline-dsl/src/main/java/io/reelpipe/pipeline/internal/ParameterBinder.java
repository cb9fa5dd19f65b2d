package io.reelpipe.pipeline.internal;

import io.reelpipe.pipeline.filter.InvalidParametersException;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Binds a stage's {@code with} block to its filter's parameter type, strictly: unknown names and wrong types are
 * {@link InvalidParametersException}s naming the parameter.
 */
public final class ParameterBinder {

    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // Jackson 3 fails on a missing primitive by default; a missing parameter takes its type's default instead.
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private ParameterBinder() {
    }

    public static <P> P bind(String filter, Map<String, Object> with, Class<P> type) {
        Map<String, Object> params = with == null ? Map.of() : with;
        if (type == Void.class || type == void.class) {
            if (!params.isEmpty()) {
                String first = params.keySet().iterator().next();
                throw new InvalidParametersException(first, "filter '" + filter + "' takes no parameters, got '"
                        + String.join("', '", params.keySet()) + "'", null);
            }
            return null;
        }
        try {
            return STRICT.convertValue(params, type);
        } catch (UnrecognizedPropertyException e) {
            String name = path(e);
            throw new InvalidParametersException(name, "unknown parameter '" + name + "' for filter '" + filter
                    + "' (accepted: " + e.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                    .collect(Collectors.joining(", ")) + ")", e);
        } catch (JacksonException e) {
            String name = path(e);
            throw new InvalidParametersException(name, "invalid parameter '" + name + "' for filter '" + filter + "': "
                    + firstLine(e.getOriginalMessage()), e);
        } catch (IllegalArgumentException e) {
            throw new InvalidParametersException("", "invalid parameters for filter '" + filter + "': "
                    + firstLine(e.getMessage()), e);
        }
    }

    private static String path(JacksonException e) {
        StringBuilder sb = new StringBuilder();
        for (JacksonException.Reference r : e.getPath()) {
            if (r.getPropertyName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(r.getPropertyName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
