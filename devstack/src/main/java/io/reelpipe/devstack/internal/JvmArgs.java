package io.reelpipe.devstack.internal;

import java.util.ArrayList;
import java.util.List;

/** JVM options shared by the server JVMs: small, quick to start, quiet on new JDKs. */
final class JvmArgs {

    private JvmArgs() {
    }

    static List<String> common() {
        List<String> args = new ArrayList<>();
        args.add("-XX:+UseSerialGC");
        args.add("-XX:-UsePerfData");
        args.add("-Xshare:auto");
        args.add("-Djava.awt.headless=true");
        args.add("-Dfile.encoding=UTF-8");
        args.add("--enable-native-access=ALL-UNNAMED");
        if (Runtime.version().feature() >= 24) {
            args.add("--sun-misc-unsafe-memory-access=allow");
        }
        return args;
    }
}
