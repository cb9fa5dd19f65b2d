package io.reelpipe.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Prints a report as an aligned table and writes it as JSON ({@code NAME-TIMESTAMP.json} and {@code NAME-latest.json}). */
public final class ReportWriter {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private ReportWriter() {
    }

    public static String table(Report r) {
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"figure", r.reelpipeLabel(), r.baselineLabel(), "unit", "ratio", "better"});
        for (Row row : r.rows()) {
            lines.add(new String[] {row.figure(), num(row.reelpipe()), num(row.baseline()), row.unit() == null ? "" : row.unit(),
                    row.ratio() == null ? "-" : String.format(Locale.ROOT, "%.2fx", row.ratio()),
                    row.higherIsBetter() ? "higher" : "lower"});
        }
        int[] w = new int[6];
        for (String[] l : lines) {
            for (int i = 0; i < l.length; i++) {
                w[i] = Math.max(w[i], l[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("== ").append(r.name()).append(": ").append(r.title()).append('\n');
        for (int n = 0; n < lines.size(); n++) {
            String[] l = lines.get(n);
            sb.append(String.format(Locale.ROOT, "%-" + w[0] + "s  %" + w[1] + "s  %" + w[2] + "s  %-" + w[3] + "s  %" + w[4]
                    + "s  %s", (Object[]) l).stripTrailing()).append('\n');
            if (n == 0) {
                sb.append("-".repeat(w[0] + w[1] + w[2] + w[3] + w[4] + w[5] + 10)).append('\n');
            }
        }
        for (Row row : r.rows()) {
            if (row.note() != null) {
                sb.append("  ").append(row.figure()).append(": ").append(row.note()).append('\n');
            }
        }
        if (r.baselineDescription() != null) {
            sb.append("baseline: ").append(r.baselineDescription()).append('\n');
        }
        for (String note : r.notes()) {
            sb.append("note: ").append(note).append('\n');
        }
        if (!r.parameters().isEmpty()) {
            sb.append("parameters: ");
            sb.append(String.join(" ", r.parameters().entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toList()));
            sb.append('\n');
        }
        if (r.machine() != null) {
            sb.append("machine: ").append(r.machine().summary()).append('\n');
        }
        if (r.startedAt() != null) {
            sb.append(String.format(Locale.ROOT, "run: %s, %.1f s%n", r.startedAt(),
                    (r.finishedAt().toEpochMilli() - r.startedAt().toEpochMilli()) / 1000.0));
        }
        return sb.toString();
    }

    /** Three significant digits or more, no exponent: 0.123, 12.3, 1234. */
    static String num(Double v) {
        if (v == null) {
            return "-";
        }
        double a = Math.abs(v);
        if (a == 0 || a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    public static Map<String, Object> toJson(Report r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.name());
        m.put("title", r.title());
        m.put("startedAt", r.startedAt() == null ? null : r.startedAt().toString());
        m.put("finishedAt", r.finishedAt() == null ? null : r.finishedAt().toString());
        m.put("parameters", r.parameters());
        m.put("labels", Map.of("reelpipe", r.reelpipeLabel(), "baseline", r.baselineLabel()));
        m.put("baseline", r.baselineDescription());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Row row : r.rows()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("figure", row.figure());
            x.put("reelpipe", row.reelpipe());
            x.put("baseline", row.baseline());
            x.put("unit", row.unit());
            x.put("ratio", row.ratio());
            x.put("higherIsBetter", row.higherIsBetter());
            if (row.note() != null) {
                x.put("note", row.note());
            }
            rows.add(x);
        }
        m.put("rows", rows);
        m.put("notes", r.notes());
        Machine mc = r.machine();
        if (mc != null) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("cores", mc.cores());
            x.put("cpu", mc.cpu());
            x.put("memoryMb", mc.memoryMb());
            x.put("jdk", mc.jdk());
            x.put("jvm", mc.jvm());
            x.put("os", mc.os());
            x.put("arch", mc.arch());
            x.put("hostname", mc.hostname());
            x.put("loadAverageStart", mc.loadAverageStart());
            x.put("loadAverageEnd", mc.loadAverageEnd());
            m.put("machine", x);
        }
        return m;
    }

    /** Writes {@code dir/NAME-yyyyMMdd-HHmmss.json} and {@code dir/NAME-latest.json}; returns the first. */
    public static Path write(Report r, Path dir) throws IOException {
        Files.createDirectories(dir);
        byte[] json = JSON.writeValueAsBytes(toJson(r));
        Path stamped = dir.resolve(r.name() + "-" + STAMP.format(r.startedAt()) + ".json");
        Files.write(stamped, json);
        Files.write(dir.resolve(r.name() + "-latest.json"), json);
        return stamped;
    }
}
