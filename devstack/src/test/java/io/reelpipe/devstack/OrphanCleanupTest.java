package io.reelpipe.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.reelpipe.devstack.DevStackOptions.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No server process may outlive its owner JVM, even after kill -9 of the owner. */
class OrphanCleanupTest {

    @TempDir
    Path stateDir;

    private Process owner;

    private record Child(Process process, List<Long> pids, Path dataDir) {
    }

    @AfterEach
    void killOwner() {
        if (owner != null) {
            owner.destroyForcibly();
        }
    }

    @Test
    void nextStartSweepsOrphansOfAKilledOwner() throws Exception {
        // watchdogs off: only the pid files and the sweep stand between a kill -9 and orphans
        Child child = startOwner(false);
        owner.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        Thread.sleep(1500);
        for (long pid : child.pids()) {
            assertTrue(alive(pid), "without watchdogs pid " + pid + " is an orphan until the next start");
        }

        try (DevStack next = DevStack.start(DevStackOptions.builder().stateDir(stateDir).environment(Map.of())
                .servers(Server.REDIS).build())) {
            for (long pid : child.pids()) {
                assertFalse(alive(pid), "pid " + pid + " was swept by the next start");
            }
            assertFalse(Files.exists(child.dataDir()), "the dead owner's temp data dir was deleted");
            assertEquals(1, next.processIds().size());
        }
    }

    @Test
    void watchdogsStopServersWhenTheOwnerIsKilled() throws Exception {
        Child child = startOwner(true);
        owner.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<Long> alive = new ArrayList<>(child.pids());
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            alive.removeIf(pid -> !alive(pid));
            Thread.sleep(200);
        }
        assertEquals(List.of(), alive, "server processes still alive after their owner was killed");
        deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Files.exists(child.dataDir()) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertFalse(Files.exists(child.dataDir()), "the reaper deleted the temp data dir");
    }

    private Child startOwner(boolean watchdog) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx256m",
                "-Dreelpipe.devstack.watchdog=" + watchdog, "-cp", cp, OrphanChild.class.getName(),
                stateDir.toString()));
        owner = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(owner.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    System.out.println("[owner] " + line);
                    if (line.startsWith("DEVSTACK-READY")) {
                        ready.complete(line);
                    }
                }
                ready.completeExceptionally(new IllegalStateException("owner JVM ended before it was ready"));
            } catch (Exception e) {
                ready.completeExceptionally(e);
            }
        }, "owner-out");
        pump.setDaemon(true);
        pump.start();
        String line = ready.get(90, TimeUnit.SECONDS);
        String pidsPart = line.substring(line.indexOf("pids=") + 5, line.indexOf(" dataDir="));
        Path dataDir = Path.of(line.substring(line.indexOf("dataDir=") + 8).trim());
        List<Long> pids = Arrays.stream(pidsPart.split(",")).map(Long::parseLong).toList();
        assertEquals(4, pids.size(), "kafka, postgres, redis and s3 pids: " + line);
        pids.forEach(pid -> assertTrue(alive(pid)));
        return new Child(owner, pids, dataDir);
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
