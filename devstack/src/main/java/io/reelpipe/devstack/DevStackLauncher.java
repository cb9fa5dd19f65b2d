package io.reelpipe.devstack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a DevStack until SIGTERM / SIGINT.
 *
 * <pre>
 * DevStackLauncher [DATA_DIR] [--data-dir DIR] [--env-file PATH] [--properties-file PATH] [--temp]
 * </pre>
 * DATA_DIR defaults to {@code .reelpipe/dev/data} (relative to the working directory) and is kept across runs.
 * {@code --env-file} writes {@code KEY=VALUE} lines in environment-variable form ({@code SPRING_R2DBC_URL=...});
 * {@code --properties-file} writes them in Spring property form ({@code spring.r2dbc.url=...}).
 */
public final class DevStackLauncher {

    private DevStackLauncher() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(".reelpipe", "dev", "data");
        Path envFile = null;
        Path propertiesFile = null;
        boolean temp = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--env-file" -> envFile = Path.of(args[++i]);
                case "--properties-file" -> propertiesFile = Path.of(args[++i]);
                case "--data-dir" -> dataDir = Path.of(args[++i]);
                case "--temp" -> temp = true;
                case "-h", "--help" -> {
                    usage(System.out);
                    return;
                }
                default -> {
                    if (args[i].startsWith("--")) {
                        usage(System.err);
                        System.exit(2);
                    }
                    dataDir = Path.of(args[i]);
                }
            }
        }
        DevStack stack = DevStack.start(DevStackOptions.builder().dataDir(temp ? null : dataDir).build());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("devstack: stopping");
            stack.close();
            stopped.countDown();
        }, "devstack-launcher-stop"));
        if (envFile != null) {
            write(envFile, stack.environmentVariables());
        }
        if (propertiesFile != null) {
            write(propertiesFile, stack.springProperties());
        }
        System.out.println();
        System.out.print(stack.describe());
        if (envFile != null) {
            System.out.println("env file: " + envFile.toAbsolutePath());
        }
        if (propertiesFile != null) {
            System.out.println("properties file: " + propertiesFile.toAbsolutePath());
        }
        System.out.println("devstack: ready (Ctrl-C or SIGTERM to stop)");
        System.out.flush();
        stopped.await();
    }

    private static void write(Path file, Map<String, String> values) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, sb);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static void usage(PrintStream out) {
        out.println("usage: DevStackLauncher [DATA_DIR] [--data-dir DIR] [--env-file PATH] [--properties-file PATH]"
                + " [--temp]");
        out.println("  DATA_DIR defaults to .reelpipe/dev/data and is reused across runs; --temp uses a temp dir.");
        out.println("  Servers named by REELPIPE_KAFKA_BOOTSTRAP_SERVERS, REELPIPE_POSTGRES_URL, REELPIPE_REDIS_URI,");
        out.println("  REELPIPE_S3_ENDPOINT are used instead of starting local ones.");
    }
}
