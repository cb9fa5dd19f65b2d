package io.reelpipe.devstack.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wrappers that let root start PostgreSQL where user namespaces are forbidden (chroot, Docker): called directly
 * (no unshare), as root, on a data dir below a root-only folder, they create and run a cluster owned by nobody.
 */
class RootlessPostgresTest {

    @Test
    void rootRunsInitdbAndPostgresAsNobodyBelowARootOnlyFolder(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.readString(Path.of("/proc/self/status")).lines()
                .anyMatch(l -> l.matches("Uid:\\s+\\d+\\s+0\\s.*")), "only meaningful as root");
        Path bin = RootlessPostgres.prepareBinaries(RootlessPostgres.binariesDir()).resolve("bin");
        assertTrue(Files.readString(bin.resolve("initdb")).contains("setpriv"), "initdb is the wrapper");
        assertTrue(Files.isExecutable(bin.resolve("initdb.real")));

        Path rootOnly = tmp.resolve("root-only");
        Files.createDirectories(rootOnly);
        Files.setPosixFilePermissions(rootOnly, PosixFilePermissions.fromString("rwx------"));
        Path pgData = rootOnly.resolve("postgres");
        RootlessPostgres.ownDataDirectory(pgData);

        Process initdb = run(List.of(bin.resolve("initdb").toString(), "-A", "trust", "-U", "postgres", "-D",
                pgData.toString(), "-E", "UTF-8"), tmp.resolve("initdb.log"));
        assertEquals(0, initdb.waitFor(), () -> log(tmp.resolve("initdb.log")));
        assertEquals(RootlessPostgres.NOBODY, Files.getAttribute(pgData.resolve("PG_VERSION"), "unix:uid"));

        int port = new Ports().pick(0);
        Process start = run(List.of(bin.resolve("pg_ctl").toString(), "-D", pgData.toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -c listen_addresses=127.0.0.1",
                "-l", pgData.resolve("server.log").toString(), "start"), tmp.resolve("start.log"));
        try {
            assertEquals(0, start.waitFor(), () -> log(tmp.resolve("start.log")) + log(pgData.resolve("server.log")));
            long postmaster = Long.parseLong(Files.readAllLines(pgData.resolve("postmaster.pid")).get(0).trim());
            String status = Files.readString(Path.of("/proc/" + postmaster + "/status"));
            assertTrue(status.lines().anyMatch(l -> l.matches("Uid:\\s+65534\\s.*")), status);
        } finally {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", pgData.toString(), "-m", "immediate", "stop"),
                    tmp.resolve("stop.log")).waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static Process run(List<String> command, Path log) throws Exception {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static String log(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (Exception e) {
            return e.toString();
        }
    }
}
