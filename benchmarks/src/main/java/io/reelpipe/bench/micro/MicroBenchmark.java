package io.reelpipe.bench.micro;

import io.reelpipe.bench.BenchContext;
import io.reelpipe.bench.Benchmark;
import io.reelpipe.bench.Param;
import io.reelpipe.bench.Report;
import io.reelpipe.bench.Row;
import io.reelpipe.pipeline.wire.WireFormat;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** JMH micro figures (run programmatically with short iterations), each paired with a plain-library baseline. */
public final class MicroBenchmark implements Benchmark {

    @Override
    public String name() {
        return "micro";
    }

    @Override
    public String description() {
        return "JMH: WireFormat StageTask encode/decode vs plain Jackson Map; PipelineYaml.parse vs SnakeYAML load";
    }

    @Override
    public List<Param> parameters() {
        return List.of(
                Param.of("forks", 1, "JMH forks (0 = in this JVM: less isolated, works from any class path)"),
                Param.of("warmupIterations", 2, "JMH warm-up iterations"),
                Param.of("iterations", 3, "JMH measurement iterations"),
                Param.of("iterationTime", "1s", "length of each iteration"));
    }

    @Override
    public Report run(BenchContext ctx) throws Exception {
        long ms = ctx.durationParam("iterationTime").toMillis();
        ChainedOptionsBuilder opts = new OptionsBuilder()
                .include(WireFormatJmh.class.getName().replace(".", "\\.") + "\\..*")
                .include(PipelineYamlJmh.class.getName().replace(".", "\\.") + "\\..*")
                .forks(ctx.intParam("forks"))
                .warmupIterations(ctx.intParam("warmupIterations"))
                .measurementIterations(ctx.intParam("iterations"))
                .warmupTime(TimeValue.milliseconds(ms))
                .measurementTime(TimeValue.milliseconds(ms))
                .timeUnit(TimeUnit.SECONDS)
                .threads(1)
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT);
        if (ctx.intParam("forks") > 0) {
            opts.jvmArgsAppend("-Xmx512m");
            if (Runtime.version().feature() >= 24) {
                opts.jvmArgsAppend("--sun-misc-unsafe-memory-access=allow"); // JMH 1.37 uses Unsafe
            }
        }
        ctx.log("running JMH (%s forks)", ctx.param("forks"));
        Collection<RunResult> results = new Runner(opts.build()).run();
        Map<String, double[]> score = new HashMap<>();
        for (RunResult rr : results) {
            String method = rr.getParams().getBenchmark();
            method = method.substring(method.lastIndexOf('.') + 1);
            score.put(method, new double[] {rr.getPrimaryResult().getScore(), rr.getPrimaryResult().getScoreError()});
        }
        int bytes = WireFormat.write(WireFormatJmh.sampleTask()).length;
        Report r = new Report(name(), "JMH micro figures, 1 thread, ops/s (" + ctx.param("warmupIterations") + "x"
                + ctx.param("iterationTime") + " warm-up, " + ctx.param("iterations") + "x" + ctx.param("iterationTime")
                + " measured, " + ctx.param("forks") + " fork)");
        pair(r, score, "StageTask encode (" + bytes + " B JSON)", "encodeTask", "encodeMap");
        pair(r, score, "StageTask decode", "decodeTask", "decodeMap");
        pair(r, score, "pipeline YAML parse (ad-standard)", "pipelineYaml", "snakeYamlLoad");
        r.baseline("encode/decode: plain Jackson 3 JsonMapper on a Map holding the same JSON; YAML: SnakeYAML "
                + "new Yaml().load of the same text (no model, no validation, no positions)");
        r.note("error bars (99.9%) in ops/s: " + score.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + " ±" + Math.round(e.getValue()[1])).toList());
        return r;
    }

    private static void pair(Report r, Map<String, double[]> score, String figure, String ours, String base) {
        double[] o = score.get(ours);
        double[] b = score.get(base);
        if (o != null && b != null) {
            r.row(Row.higherBetter(figure, o[0], b[0], "ops/s"));
        }
    }
}
