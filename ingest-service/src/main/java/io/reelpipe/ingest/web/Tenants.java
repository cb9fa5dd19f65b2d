package io.reelpipe.ingest.web;

import io.reelpipe.ingest.IngestProperties;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The tenant of a request: the {@code X-Reelpipe-Tenant} header, else {@code reelpipe.ingest.default-tenant}.
 * A placeholder until real authentication arrives; the name is checked because it becomes an object key segment.
 */
@Component
public class Tenants {

    public static final String HEADER = "X-Reelpipe-Tenant";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final IngestProperties props;

    public Tenants(IngestProperties props) {
        this.props = props;
    }

    public String resolve(String header) {
        if (header == null || header.isBlank()) {
            return props.getDefaultTenant();
        }
        String t = header.strip();
        if (!NAME.matcher(t).matches() || t.contains("..")) {
            throw new ApiExceptions.BadRequest("the tenant '" + t + "' is not a valid name (letters, digits, '.', '_' "
                    + "and '-', up to 64 characters)");
        }
        return t;
    }
}
