package io.reelpipe.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ./reelpipe dev stopped and started on the same data dir keeps what it held: PostgreSQL rows and Redis state, the
 * latter even when Redis was killed (append-only file), so live job state written a moment before survives.
 */
class KeptDataDirTest {

    @Test
    void redisAndPostgresKeepTheirDataAcrossARestart(@TempDir Path data) throws Exception {
        DevStackOptions options = DevStackOptions.builder().dataDir(data)
                .servers(DevStackOptions.Server.REDIS, DevStackOptions.Server.POSTGRES).watchdog(false).build();
        try (DevStack first = DevStack.start(options)) {
            assertEquals("+OK\r\n", redis(first, "*3\r\n$3\r\nSET\r\n$7\r\nrp:kept\r\n$5\r\nvalue\r\n", 5));
            // Redis dies hard 1.5 s later (a crash, an OOM kill, a closed laptop): no snapshot has caught the write,
            // only the append-only file (fsync every second) has
            Thread.sleep(1500);
            ProcessHandle redis = ProcessHandle.of(first.processIds().get(DevStackOptions.Server.REDIS)).orElseThrow();
            redis.destroyForcibly();
            redis.onExit().get(10, TimeUnit.SECONDS);
            try (Connection c = DriverManager.getConnection(first.postgresJdbcUrl(), first.postgresUser(),
                    first.postgresPassword()); Statement st = c.createStatement()) {
                st.execute("create table kept (v text)");
                st.execute("insert into kept values ('row')");
            }
        }
        try (DevStack second = DevStack.start(options)) {
            assertEquals("$5\r\nvalue\r\n", redis(second, "*2\r\n$3\r\nGET\r\n$7\r\nrp:kept\r\n", 11));
            try (Connection c = DriverManager.getConnection(second.postgresJdbcUrl(), second.postgresUser(),
                    second.postgresPassword()); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select v from kept")) {
                assertTrue(rs.next());
                assertEquals("row", rs.getString(1));
            }
        }
    }

    private static String redis(DevStack stack, String command, int replyLength) throws Exception {
        URI uri = URI.create(stack.redisUri());
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 2000);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(command.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder got = new StringBuilder();
            byte[] buf = new byte[64];
            while (got.length() < replyLength) {
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                got.append(new String(buf, 0, n, StandardCharsets.US_ASCII));
            }
            return got.toString();
        }
    }
}
