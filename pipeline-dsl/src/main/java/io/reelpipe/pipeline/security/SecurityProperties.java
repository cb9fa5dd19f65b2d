package io.reelpipe.pipeline.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * API-key authentication of the WebFlux services ({@code reelpipe.security.*}).
 *
 * @param enabled           check an API key on every request except {@code public-paths}; default {@code true}
 * @param bootstrapAdminKey a clear API key registered at startup as {@link Role#ADMIN} of {@code system-tenant}
 *                          (env {@code REELPIPE_SECURITY_BOOTSTRAP_ADMIN_KEY}; {@code ./reelpipe dev} makes one);
 *                          default none
 * @param systemTenant      the tenant whose admins act on any tenant (through {@code tenant-header}); default
 *                          {@code admin}
 * @param tenantHeader      header naming the tenant a system admin acts on; for every other key the filter
 *                          overwrites it with the key's tenant; default {@code X-Reelpipe-Tenant}
 * @param publicPaths       path patterns (Spring {@code PathPattern}) served without a key; default
 *                          {@code /actuator/health}, {@code /actuator/health/**}, {@code /actuator/prometheus}
 *                          (scraped without a key; drop it where that port is public), {@code /v1/signed/**}
 *                          (presigned URLs carry their own signature)
 * @param keyEnvironment    the {@code <env>} of new keys {@code rp_<env>_<random>}: letters and digits; default
 *                          {@code live}
 */
@ConfigurationProperties("reelpipe.security")
public record SecurityProperties(Boolean enabled, String bootstrapAdminKey, String systemTenant, String tenantHeader,
                                 List<String> publicPaths, String keyEnvironment) {

    public static final List<String> DEFAULT_PUBLIC_PATHS =
            List.of("/actuator/health", "/actuator/health/**", "/actuator/prometheus", "/v1/signed/**");

    public SecurityProperties {
        enabled = enabled == null || enabled;
        bootstrapAdminKey = blank(bootstrapAdminKey) ? null : bootstrapAdminKey.strip();
        systemTenant = blank(systemTenant) ? "admin" : systemTenant;
        tenantHeader = blank(tenantHeader) ? "X-Reelpipe-Tenant" : tenantHeader;
        publicPaths = publicPaths == null ? DEFAULT_PUBLIC_PATHS : List.copyOf(publicPaths);
        keyEnvironment = blank(keyEnvironment) ? "live" : keyEnvironment;
        if (!keyEnvironment.matches("[A-Za-z0-9]{1,16}")) {
            throw new IllegalArgumentException("reelpipe.security.key-environment must be 1-16 letters or digits");
        }
    }

    /** The defaults. */
    public static SecurityProperties defaults() {
        return new SecurityProperties(null, null, null, null, null, null);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
