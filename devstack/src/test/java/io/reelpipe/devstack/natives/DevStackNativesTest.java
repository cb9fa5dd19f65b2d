package io.reelpipe.devstack.natives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.junit.jupiter.api.Test;

/**
 * The dev stack's own natives (embedded Redis, embedded PostgreSQL) need nothing beyond a minimal Debian base and
 * bin/os-packages/runtime.txt: on a bare machine ./reelpipe dev starts its servers once bin/provision ran.
 */
class DevStackNativesTest {

    static final Path OS_PACKAGES = Path.of("..", "bin", "os-packages");

    @Test
    void redisNeedsOnlyTheBaseAndTheRuntimePackages() {
        List<NativeLibraryCheck.Native> redis = NativeLibraryCheck.scan(jarOf(redis.embedded.RedisServer.class))
                .stream().filter(n -> n.name().contains("linux-amd64")).toList();
        assertFalse(redis.isEmpty(), "the linux-amd64 redis-server is in embedded-redis's jar");
        // the dev stack runs this program from its jar (RedisServer), so it is checked as a program
        Set<String> run = Set.of(redis.getFirst().name());
        assertTrue(redis.getFirst().program(), redis::toString);
        NativeLibraryCheck check = new NativeLibraryCheck(NativeLibraryCheck.promised(OS_PACKAGES, Set.of()), run);
        assertEquals(List.of(), check.check(redis));
        // and the check sees the gap a bare machine had: without libssl3, Redis does not start
        NativeLibraryCheck withoutSsl = new NativeLibraryCheck(
                NativeLibraryCheck.promised(OS_PACKAGES, Set.of("libssl3")), run);
        assertTrue(withoutSsl.check(redis).stream().anyMatch(m -> m.library().equals("libssl.so.3")),
                () -> withoutSsl.check(redis).toString());
    }

    @Test
    void postgresNeedsOnlyTheBase() {
        Path binariesJar = Path.of(DefaultPostgresBinaryResolver.class.getClassLoader()
                .getResource("postgres-linux-x86_64.txz").getPath().replaceFirst("^file:", "").replaceFirst("!.*", ""));
        List<NativeLibraryCheck.Native> postgres = NativeLibraryCheck.scan(binariesJar);
        assertTrue(postgres.stream().anyMatch(n -> n.name().equals("postgres") && n.program()), postgres::toString);
        assertTrue(postgres.stream().anyMatch(n -> n.name().equals("initdb") && n.program()));
        NativeLibraryCheck check = new NativeLibraryCheck(NativeLibraryCheck.promised(OS_PACKAGES, Set.of()));
        assertEquals(List.of(), check.check(postgres));
    }

    static Path jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
