package io.reelpipe.devstack;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/** Started as its own JVM by {@link OrphanCleanupTest}: starts a stack, reports its pids, waits to be killed. */
public final class OrphanChild {

    private OrphanChild() {
    }

    public static void main(String[] args) throws Exception {
        DevStack stack = DevStack.start(DevStackOptions.builder()
                .stateDir(Path.of(args[0]))
                .environment(Map.of())
                .build());
        String pids = stack.processIds().values().stream().map(String::valueOf).collect(Collectors.joining(","));
        System.out.println("DEVSTACK-READY pids=" + pids + " dataDir=" + stack.dataDir());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
