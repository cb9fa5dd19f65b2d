package io.reelpipe.devstack.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pid files of the server processes one DevStack started, so that nothing outlives its owner JVM.
 *
 * <p>Layout: {@code STATE_DIR/pids/OWNERPID-OWNERSTARTMILLIS/NAME.pid} (a properties file: pid, start, signal,
 * command) plus {@code owner.properties} (temp data dir to delete). Three independent safety nets:
 * <ol>
 *   <li>{@link #close()} on a clean stop (the DevStack also has a shutdown hook);</li>
 *   <li>a tiny {@code sh} reaper per owner that blocks on a pipe from the owner and, when the owner dies
 *       (even by {@code kill -9}: the kernel closes the pipe), kills every process listed here;</li>
 *   <li>{@link #sweep(Path)} at the next start, which kills processes of owners that are gone.</li>
 * </ol>
 * Java server processes also watch their parent themselves (see {@code ChildMain}).
 */
public final class ProcessRegistry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProcessRegistry.class);

    private static final String REAPER_SCRIPT = """
            dir="$1"
            cat >/dev/null 2>&1
            pids() { for f in "$dir"/*.pid; do [ -f "$f" ] && sed -n 's/^pid=//p' "$f"; done; }
            for f in "$dir"/*.pid; do
              [ -f "$f" ] || continue
              pid=$(sed -n 's/^pid=//p' "$f"); sig=$(sed -n 's/^signal=//p' "$f")
              [ -n "$pid" ] && kill -"${sig:-TERM}" "$pid" 2>/dev/null
            done
            i=0
            while [ $i -lt 30 ]; do
              alive=0
              for pid in $(pids); do kill -0 "$pid" 2>/dev/null && alive=1; done
              [ $alive = 0 ] && break
              sleep 0.5; i=$((i+1))
            done
            for pid in $(pids); do kill -KILL "$pid" 2>/dev/null; done
            tmp=$(sed -n 's/^tempDataDir=//p' "$dir/owner.properties" 2>/dev/null)
            [ -n "$tmp" ] && rm -rf "$tmp"
            rm -rf "$dir"
            """;

    private final Path ownerDir;
    private final Process reaper;

    private ProcessRegistry(Path ownerDir, Process reaper) {
        this.ownerDir = ownerDir;
        this.reaper = reaper;
    }

    public static Path defaultStateDir() {
        String configured = System.getProperty("reelpipe.devstack.state-dir");
        return configured != null ? Path.of(configured)
                : Path.of(System.getProperty("java.io.tmpdir"), "reelpipe-devstack");
    }

    /** Opens the pid directory of this JVM; with {@code reaper}, also starts the shell reaper. */
    public static ProcessRegistry open(Path stateDir, Path tempDataDir, boolean reaper) {
        ProcessHandle self = ProcessHandle.current();
        Path dir = stateDir.resolve("pids").resolve(self.pid() + "-" + startMillis(self) + "-" + System.nanoTime());
        try {
            Files.createDirectories(dir);
            Properties owner = new Properties();
            owner.setProperty("pid", Long.toString(self.pid()));
            owner.setProperty("start", Long.toString(startMillis(self)));
            if (tempDataDir != null) {
                owner.setProperty("tempDataDir", tempDataDir.toString());
            }
            store(owner, dir.resolve("owner.properties"));
            Process reaperProcess = null;
            if (reaper && Files.isExecutable(Path.of("/bin/sh"))) {
                reaperProcess = new ProcessBuilder("/bin/sh", "-c", REAPER_SCRIPT, "devstack-reaper", dir.toString())
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
            }
            return new ProcessRegistry(dir, reaperProcess);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create devstack pid directory " + dir, e);
        }
    }

    public void register(String name, ProcessHandle process, String stopSignal) {
        Properties p = new Properties();
        p.setProperty("pid", Long.toString(process.pid()));
        p.setProperty("start", Long.toString(startMillis(process)));
        p.setProperty("signal", stopSignal);
        p.setProperty("name", name);
        process.info().command().ifPresent(c -> p.setProperty("command", c));
        try {
            store(p, ownerDir.resolve(name + ".pid"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        log.debug("devstack.process.registered name={} pid={}", name, process.pid());
    }

    public void unregister(String name) {
        try {
            Files.deleteIfExists(ownerDir.resolve(name + ".pid"));
        } catch (IOException e) {
            log.warn("devstack.process.unregister-failed name={} error={}", name, e.toString());
        }
    }

    /** Stops the reaper (nothing left for it to kill) and removes the pid directory. */
    @Override
    public void close() {
        if (reaper != null) {
            try {
                // remaining pid files would be killed by the reaper: everything is stopped by now
                try (OutputStream ignored = reaper.getOutputStream()) {
                    // closing stdin lets the reaper run its (now empty) sweep and exit
                }
                if (!reaper.waitFor(5, TimeUnit.SECONDS)) {
                    reaper.destroyForcibly();
                }
            } catch (IOException | InterruptedException e) {
                reaper.destroyForcibly();
            }
        }
        Files2.deleteRecursively(ownerDir);
    }

    /**
     * Kills the processes left by owners that are gone, and deletes their temp data dirs.
     *
     * @return the pids that were still alive and got stopped
     */
    public static List<Long> sweep(Path stateDir) {
        Path pidsDir = stateDir.resolve("pids");
        List<Long> killed = new ArrayList<>();
        if (!Files.isDirectory(pidsDir)) {
            return killed;
        }
        List<Path> staleOwners = new ArrayList<>();
        try (DirectoryStream<Path> owners = Files.newDirectoryStream(pidsDir)) {
            for (Path ownerDir : owners) {
                Properties owner = load(ownerDir.resolve("owner.properties"));
                long ownerPid = parseLong(owner.getProperty("pid"), -1);
                if (ownerPid < 0) {
                    ownerPid = parseLong(ownerDir.getFileName().toString().split("-")[0], -1);
                }
                long ownerStart = parseLong(owner.getProperty("start"), 0);
                if (!isAlive(ownerPid, ownerStart)) {
                    staleOwners.add(ownerDir);
                }
            }
        } catch (IOException e) {
            log.warn("devstack.sweep.failed dir={} error={}", pidsDir, e.toString());
            return killed;
        }
        List<ProcessHandle> stopping = new ArrayList<>();
        for (Path ownerDir : staleOwners) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(ownerDir, "*.pid")) {
                for (Path f : files) {
                    Properties p = load(f);
                    long pid = parseLong(p.getProperty("pid"), -1);
                    long start = parseLong(p.getProperty("start"), 0);
                    Optional<ProcessHandle> h = ProcessHandle.of(pid);
                    if (h.isPresent() && isAlive(pid, start)) {
                        log.info("devstack.sweep.orphan name={} pid={} owner={}", p.getProperty("name"), pid,
                                ownerDir.getFileName());
                        signal(h.get(), p.getProperty("signal", "TERM"));
                        stopping.add(h.get());
                        killed.add(pid);
                    }
                }
            } catch (IOException e) {
                log.warn("devstack.sweep.failed dir={} error={}", ownerDir, e.toString());
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (ProcessHandle h : stopping) {
            long left = deadline - System.nanoTime();
            try {
                h.onExit().get(Math.max(left, 1), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                log.warn("devstack.sweep.kill pid={}", h.pid());
                h.descendants().forEach(ProcessHandle::destroyForcibly);
                h.destroyForcibly();
            }
        }
        for (Path ownerDir : staleOwners) {
            Properties owner = load(ownerDir.resolve("owner.properties"));
            String temp = owner.getProperty("tempDataDir");
            if (temp != null) {
                Files2.deleteRecursively(Path.of(temp));
            }
            Files2.deleteRecursively(ownerDir);
        }
        return killed;
    }

    private static void signal(ProcessHandle h, String signal) {
        if (!"TERM".equals(signal)) {
            try {
                Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(h.pid()))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0) {
                    return;
                }
            } catch (IOException | InterruptedException e) {
                // fall back to SIGTERM
            }
        }
        h.destroy();
    }

    static boolean isAlive(long pid, long startMillis) {
        if (pid <= 0) {
            return false;
        }
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().isAlive()) {
            return false;
        }
        return startMillis <= 0 || startMillis(h.get()) == 0 || startMillis(h.get()) == startMillis;
    }

    public static long startMillis(ProcessHandle h) {
        return h.info().startInstant().map(i -> i.toEpochMilli()).orElse(0L);
    }

    private static long parseLong(String s, long dflt) {
        try {
            return s == null ? dflt : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    private static Properties load(Path file) {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException e) {
                // unreadable: treat as empty
            }
        }
        return p;
    }

    private static void store(Properties p, Path file) throws IOException {
        // plain KEY=VALUE lines (no escaping surprises for the shell reaper)
        StringBuilder sb = new StringBuilder();
        for (String k : p.stringPropertyNames()) {
            sb.append(k).append('=').append(p.getProperty(k).replace("\n", " ")).append('\n');
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, sb);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
