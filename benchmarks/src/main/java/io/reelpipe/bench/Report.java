package io.reelpipe.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a benchmark measured: rows of figures (Reelpipe vs baseline), what Reelpipe and the baseline were,
 * free-form notes, and (filled in by the harness) the parameters used, the machine and the timing of the run.
 */
public final class Report {

    private final String name;
    private final String title;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private String reelpipeLabel = "reelpipe";
    private String baselineLabel = "baseline";
    private String baselineDescription;
    private Map<String, String> parameters = Map.of();
    private Machine machine;
    private Instant startedAt;
    private Instant finishedAt;

    public Report(String name, String title) {
        this.name = name;
        this.title = title;
    }

    public Report row(Row row) {
        rows.add(row);
        return this;
    }

    public Report note(String note) {
        notes.add(note);
        return this;
    }

    /** What the baseline is, in words (printed under the table). */
    public Report baseline(String description) {
        this.baselineDescription = description;
        return this;
    }

    /** Column headers when "reelpipe" / "baseline" would mislead (e.g. "2 workers" / "1 worker"). */
    public Report labels(String reelpipe, String baseline) {
        this.reelpipeLabel = reelpipe;
        this.baselineLabel = baseline;
        return this;
    }

    void finish(Map<String, String> params, Machine machine, Instant startedAt, Instant finishedAt) {
        this.parameters = new LinkedHashMap<>(params);
        this.machine = machine;
        this.startedAt = startedAt;
        this.finishedAt = finishedAt;
    }

    public String name() { return name; }
    public String title() { return title; }
    public List<Row> rows() { return rows; }
    public List<String> notes() { return notes; }
    public String reelpipeLabel() { return reelpipeLabel; }
    public String baselineLabel() { return baselineLabel; }
    public String baselineDescription() { return baselineDescription; }
    public Map<String, String> parameters() { return parameters; }
    public Machine machine() { return machine; }
    public Instant startedAt() { return startedAt; }
    public Instant finishedAt() { return finishedAt; }
}
