package io.reelpipe.devstack.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.reelpipe.devstack.child.ChildMain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A server running in its own JVM, launched through {@link ChildMain} (which watches this JVM). */
final class JavaChild implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JavaChild.class);

    private final String name;
    private final Process process;
    private final Deque<String> recent = new ArrayDeque<>();
    private final CountDownLatch ready = new CountDownLatch(1);
    private final ProcessRegistry registry;

    private JavaChild(String name, Process process, Predicate<String> readyLine, ProcessRegistry registry) {
        this.name = name;
        this.process = process;
        this.registry = registry;
        Logger out = LoggerFactory.getLogger("io.reelpipe.devstack.server." + name);
        Thread pump = new Thread(() -> pump(process.getInputStream(), out, readyLine), "devstack-" + name + "-out");
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * Reads the classpath record {@code io/reelpipe/devstack/server/NAME.classpath} packaged by the
     * devstack-NAME-server artifact and checks that every jar is present in the local repository.
     */
    static List<Path> recordedClasspath(String server) {
        String resource = "io/reelpipe/devstack/server/" + server + ".classpath";
        URL url = JavaChild.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalStateException("classpath record " + resource + " not found: io.reelpipe:devstack-"
                    + server + "-server must be on the classpath (it is a dependency of io.reelpipe:devstack)");
        }
        String text;
        try (InputStream in = url.openStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Path> entries = new ArrayList<>();
        for (String entry : text.split(java.io.File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path p = Path.of(entry.trim());
            if (!Files.exists(p)) {
                throw new IllegalStateException("jar " + p + " of the " + server + " server classpath is missing from "
                        + "the local Maven repository; rebuild it with: ./mvnw -pl devstack -am install");
            }
            entries.add(p);
        }
        return entries;
    }

    /** Where {@link ChildMain} lives (devstack's jar or classes directory). */
    static Path childMainLocation() {
        try {
            return Path.of(ChildMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static JavaChild launch(String name, List<Path> classpath, List<String> jvmArgs, List<String> childArgs,
                            Path workDir, Predicate<String> readyLine, ProcessRegistry registry, boolean watchdog) {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cp = new ArrayList<>();
        cp.add(childMainLocation().toString());
        classpath.forEach(p -> cp.add(p.toString()));
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBin);
        cmd.addAll(jvmArgs);
        if (watchdog) {
            ProcessHandle self = ProcessHandle.current();
            cmd.add("-Dreelpipe.devstack.parent-pid=" + self.pid());
            cmd.add("-Dreelpipe.devstack.parent-start=" + ProcessRegistry.startMillis(self));
        }
        cmd.add("-cp");
        cmd.add(String.join(java.io.File.pathSeparator, cp));
        cmd.add(ChildMain.class.getName());
        cmd.addAll(childArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true);
        if (!watchdog) {
            // no stdin pipe to watch either
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        try {
            Process p = pb.start();
            registry.register(name, p.toHandle(), "TERM");
            log.debug("devstack.child.launched server={} pid={} cmd={}", name, p.pid(), cmd);
            return new JavaChild(name, p, readyLine, registry);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot launch the " + name + " JVM", e);
        }
    }

    private void pump(InputStream in, Logger out, Predicate<String> readyLine) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (recent) {
                    recent.addLast(line);
                    if (recent.size() > 60) {
                        recent.removeFirst();
                    }
                }
                if (readyLine != null && ready.getCount() > 0 && readyLine.test(line)) {
                    ready.countDown();
                }
                log(out, line);
            }
        } catch (IOException ignored) {
            // process gone
        }
    }

    /** Logs a child line at the level its own log layout ({@code LEVEL logger - message}) gave it. */
    private static void log(Logger out, String line) {
        int space = line.indexOf(' ');
        String level = space > 0 ? line.substring(0, space) : "";
        String rest = space > 0 ? line.substring(space + 1) : line;
        switch (level) {
            case "ERROR", "FATAL" -> out.error("{}", rest);
            case "WARN" -> out.warn("{}", rest);
            case "INFO" -> out.info("{}", rest);
            case "DEBUG", "TRACE" -> out.debug("{}", rest);
            default -> out.info("{}", line);
        }
    }

    /** Waits for the ready line; fails early when the process dies. */
    void awaitReadyLine(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!ready.await(100, TimeUnit.MILLISECONDS)) {
                if (!process.isAlive()) {
                    throw failure("exited with code " + process.exitValue() + " before it was ready");
                }
                if (System.nanoTime() > deadline) {
                    throw failure("was not ready within " + timeout.toSeconds() + " s");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("start interrupted");
        }
    }

    IllegalStateException failure(String what) {
        String tail;
        synchronized (recent) {
            tail = String.join("\n  ", recent);
        }
        return new IllegalStateException("the " + name + " JVM " + what + "; last output:\n  " + tail);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    /** SIGTERM (the server's own shutdown hooks run), then SIGKILL after {@code grace}. */
    void stop(Duration grace) {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn("devstack.child.kill server={} pid={} graceMs={}", name, process.pid(), grace.toMillis());
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        if (!process.isAlive()) {
            registry.unregister(name);
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(20));
    }
}
