package io.reelpipe.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a report was measured. Load averages at start and end make noisy runs visible: on a shared 2-core machine
 * a load of 10 means the figures are mostly noise relative to each other across runs (but the ratio of a pair
 * measured back to back in the same run is still meaningful).
 */
public record Machine(int cores, String cpu, long memoryMb, String jdk, String jvm, String os, String arch,
                      double[] loadAverageStart, double[] loadAverageEnd, String hostname) {

    /** Cores, CPU model, memory, JDK, OS and the 1/5/15-minute load averages now (as both start and end). */
    public static Machine now() {
        double[] load = loadAverage();
        return new Machine(Runtime.getRuntime().availableProcessors(), cpuModel(), totalMemoryMb(),
                Runtime.version().toString(), System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name"),
                System.getProperty("os.name") + " " + System.getProperty("os.version"), System.getProperty("os.arch"),
                load, load, hostName());
    }

    public Machine withEnd(double[] end) {
        return new Machine(cores, cpu, memoryMb, jdk, jvm, os, arch, loadAverageStart, end, hostname);
    }

    /** 1, 5 and 15 minute load averages from /proc/loadavg (the JMX one only has the first). */
    public static double[] loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])};
        } catch (Exception e) {
            double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return new double[] {l, -1, -1};
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?");
        } catch (Exception e) {
            return "?";
        }
    }

    private static long totalMemoryMb() {
        try {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                return os.getTotalMemorySize() >> 20;
            }
        } catch (Throwable ignored) {
            // not a HotSpot JVM
        }
        return -1;
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "?";
        }
    }

    public String summary() {
        return String.format(java.util.Locale.ROOT, "%d cores (%s), %d MB, JDK %s, %s %s; load avg %s at start, %s at end",
                cores, cpu, memoryMb, jdk, os, arch, fmt(loadAverageStart), fmt(loadAverageEnd));
    }

    private static String fmt(double[] l) {
        return String.format(java.util.Locale.ROOT, "%.2f/%.2f/%.2f", l[0], l[1], l[2]);
    }
}
