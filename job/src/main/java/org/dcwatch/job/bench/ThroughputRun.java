package org.dcwatch.job.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.dcwatch.job.DetectionJob;
import org.dcwatch.job.generate.LoadSignIns;
import org.dcwatch.udfs.alert.Alert;
import org.dcwatch.udfs.alert.VisibilityRecord;

/**
 * Phase 1: the bounded job on a generated file of Event Hub envelopes, as {@code run} reads it, without checkpoints
 * (they are measured in phase 2). Throughput counts from the first task running to the last one finished, so that
 * neither the embedded Flink's start-up nor the job's deployment is in it; both are reported apart.
 */
public final class ThroughputRun {

    /** What {@code generate --records N --users N/50 --days 2 --seed 1} writes: BENCHMARKS.md's load file. */
    static final int RECORDS_PER_USER = 50;

    static final int RECORDS_PER_ENVELOPE = 10;
    static final long SEED = 1;
    /** The warm-up runs' file: short runs, so that the warm-up ends close to the records asked for. */
    public static final int WARM_UP_FILE_RECORDS = 200_000;

    private static final Instant END = Instant.parse("2026-03-01T00:00:00Z");
    private static final Duration SPAN = Duration.ofDays(2);

    private ThroughputRun() {}

    /** The input file of {@code records} records in {@code workDir}: reused when it is there, generated when not. */
    public static Path inputFile(Path workDir, long records) throws IOException {
        Path file = workDir.resolve("load-" + records + "-seed" + SEED + ".jsonl");
        if (Files.exists(file)) return file;
        Files.createDirectories(workDir);
        Path partial = workDir.resolve(file.getFileName() + ".partial");
        int users = (int) Math.max(100, records / RECORDS_PER_USER);
        try (BufferedWriter out = Files.newBufferedWriter(partial)) {
            new LoadSignIns(SEED, users, END.minus(SPAN), SPAN).write(out, records, RECORDS_PER_ENVELOPE);
        }
        Files.move(partial, file);
        return file;
    }

    /**
     * Runs the job on {@code input} and measures it. A streaming job runs for weeks, so its cost is that of compiled
     * code: without a warm-up, the JIT compiler's threads take a large share of a short run's CPU, and still a visible
     * one long after (C2 takes its time over the parser's large compiled methods). Run
     * the job on a warm-up file first, in the same JVM and cluster, and say how many records it saw.
     */
    public static BenchmarkResult.Throughput measure(
            BenchCluster cluster, Path input, long records, int parallelism, long warmUpRecords) throws Exception {
        TimedSink<Alert> alerts = new TimedSink<>();
        TimedSink<VisibilityRecord> visibility = new TimedSink<>();
        StreamExecutionEnvironment env =
                BenchCluster.fileJob(input, parallelism, new DetectionJob.Outputs(alerts, visibility, null, null));
        // the JVM's CPU time over the run says how many cores the pipeline's threads kept busy: with parallelism 1
        // there is still one thread per chain of operators, plus Flink's own
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = os.getProcessCpuTime();
        long wallBefore = System.nanoTime();
        BenchCluster.JobRun run = cluster.run(env);
        long cpuMillis = (os.getProcessCpuTime() - cpuBefore) / 1_000_000;
        long wallMillis = (System.nanoTime() - wallBefore) / 1_000_000;
        alerts.drain();
        int visibilityRecords = visibility.drain().size();
        return new BenchmarkResult.Throughput(
                records,
                Files.size(input),
                parallelism,
                run.deploymentMillis(),
                run.processingMillis(),
                (double) cpuMillis / Math.max(wallMillis, 1),
                visibilityRecords,
                warmUpRecords);
    }
}
