package io.reelpipe.devstack.child;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Entry point of every server JVM that devstack launches. It depends on the JDK only, because it runs on the
 * server's classpath (Kafka, S3Proxy), not on devstack's.
 *
 * <p>It exits the JVM (running the server's shutdown hooks, then halting after a grace period) as soon as the
 * JVM that launched it is gone: its standard input (a pipe held by the parent) reaches end of file, or the
 * parent pid (system properties {@code reelpipe.devstack.parent-pid} / {@code parent-start}) is no longer alive.
 * So no server JVM outlives its owner, even after {@code kill -9} of the owner.
 *
 * <p>Arguments: {@code [--call CLASS METHOD N ARG1..ARGN]... MAIN_CLASS [ARGS...]}. Each {@code --call} runs a
 * static method first, in this JVM ({@code int m(String[], PrintStream)} or {@code void m(String[])}); a
 * non-zero result aborts. Used to format Kafka storage without paying for a second JVM.
 */
public final class ChildMain {

    private static final AtomicBoolean EXITING = new AtomicBoolean();

    private ChildMain() {
    }

    public static void main(String[] args) throws Throwable {
        long parentPid = Long.getLong("reelpipe.devstack.parent-pid", -1L);
        long parentStart = Long.getLong("reelpipe.devstack.parent-start", 0L);
        if (parentPid > 0) {
            watchParent(parentPid, parentStart);
        }
        int i = 0;
        while (i < args.length && args[i].equals("--call")) {
            String cls = args[i + 1];
            String method = args[i + 2];
            int n = Integer.parseInt(args[i + 3]);
            String[] callArgs = Arrays.copyOfRange(args, i + 4, i + 4 + n);
            i += 4 + n;
            int rc = call(cls, method, callArgs);
            if (rc != 0) {
                System.err.println("[devstack-child] " + cls + "." + method + " failed with exit code " + rc);
                System.exit(rc);
            }
        }
        if (i >= args.length) {
            throw new IllegalArgumentException("no main class given");
        }
        Method main = Class.forName(args[i]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, i + 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static int call(String cls, String method, String[] callArgs) throws Throwable {
        Class<?> c = Class.forName(cls);
        try {
            try {
                Method m = c.getMethod(method, String[].class, PrintStream.class);
                Object r = m.invoke(null, callArgs, System.out);
                return r instanceof Integer code ? code : 0;
            } catch (NoSuchMethodException e) {
                Method m = c.getMethod(method, String[].class);
                Object r = m.invoke(null, (Object) callArgs);
                return r instanceof Integer code ? code : 0;
            }
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } finally {
            System.out.flush();
        }
    }

    private static void watchParent(long parentPid, long parentStart) {
        Thread stdin = new Thread(() -> {
            byte[] buf = new byte[256];
            try {
                while (System.in.read(buf) >= 0) {
                    // the parent never writes; EOF means it closed the pipe or died
                }
            } catch (Exception ignored) {
                // treat like EOF
            }
            parentGone("standard input closed");
        }, "devstack-stdin-watchdog");
        stdin.setDaemon(true);
        stdin.start();

        Thread poll = new Thread(() -> {
            while (true) {
                if (!alive(parentPid, parentStart)) {
                    parentGone("parent pid " + parentPid + " is gone");
                    return;
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "devstack-parent-watchdog");
        poll.setDaemon(true);
        poll.start();
    }

    private static boolean alive(long pid, long startMillis) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().isAlive()) {
            return false;
        }
        if (startMillis <= 0) {
            return true;
        }
        return h.get().info().startInstant().map(s -> s.toEpochMilli() == startMillis).orElse(true);
    }

    private static void parentGone(String why) {
        if (!EXITING.compareAndSet(false, true)) {
            return;
        }
        System.err.println("[devstack-child] owner JVM gone (" + why + "): shutting down");
        Thread halter = new Thread(() -> {
            try {
                Thread.sleep(15_000);
            } catch (InterruptedException ignored) {
                // halt now
            }
            Runtime.getRuntime().halt(1);
        }, "devstack-halter");
        halter.setDaemon(true);
        halter.start();
        System.exit(0);
    }
}
