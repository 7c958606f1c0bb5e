package org.dcwatch.job.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one benchmark measured, as text for a person and as one JSON line for a file or a script. The figures are
 * derived here from the raw measurements, so that the arithmetic is tested apart from the timing.
 *
 * @param startUpMillis the embedded Flink's start-up, excluded from every other figure
 * @param cores the machine's available processors, which every task shares
 * @param throughputRuns phase 1's measured runs of the same job on the same file, after the warm-up; empty when skipped
 * @param latency phase 2, or null when skipped
 */
public record BenchmarkResult(long startUpMillis, int cores, List<Throughput> throughputRuns, Latency latency) {

    public BenchmarkResult {
        throughputRuns = List.copyOf(throughputRuns);
    }

    /**
     * The median run by records a second per core used, or null when phase 1 was skipped. A shared machine makes one
     * run differ from the next (other virtual machines, the page cache), in either direction; the
     * median of a few is the figure to compare, and the runs are reported beside it.
     */
    public Throughput throughput() {
        if (throughputRuns.isEmpty()) return null;
        List<Throughput> sorted = new ArrayList<>(throughputRuns);
        sorted.sort(Comparator.comparingDouble(Throughput::recordsPerSecondPerCoreUsed));
        return sorted.get((sorted.size() - 1) / 2);
    }

    /**
     * The bounded job on a file.
     *
     * @param deploymentMillis submission to the first task running
     * @param processingMillis the first task running to the last one finished
     * @param coresUsed the JVM's CPU time over the job's wall-clock time, submission to end: how many cores it kept busy
     * @param warmUpRecords records of the same job run before, unmeasured, so that the figures are those of a job that
     *     has been running (the JIT compiler done), as a streaming job is; 0 for a cold run
     */
    public record Throughput(
            long records,
            long inputBytes,
            int parallelism,
            long deploymentMillis,
            long processingMillis,
            double coresUsed,
            int visibilityRecords,
            long warmUpRecords) {

        public double recordsPerSecond() {
            return records * 1000.0 / Math.max(processingMillis, 1);
        }

        /** Per parallel task; each task of the graph is a thread, so a pipeline may use more than one core. */
        public double recordsPerSecondPerTask() {
            return recordsPerSecond() / parallelism;
        }

        /** Records a second per core kept busy: the figure that scales to more cores, if the work parallelizes. */
        public double recordsPerSecondPerCoreUsed() {
            return recordsPerSecond() / Math.max(coresUsed, 0.01);
        }

        public double megabytesPerSecond() {
            return inputBytes / 1_000_000.0 * 1000.0 / Math.max(processingMillis, 1);
        }
    }

    /**
     * The job at a fixed offered load with checkpoints.
     *
     * @param alertLatencies milliseconds from the last evidence sign-in's arrival to each alert document at the sink
     *     (updates of an alert included)
     * @param alertLatenciesByRule the same per rule: unseen-asn alerts on arrival, the session rules when the
     *     watermark passes their evidence, so their latencies differ by about the out-of-orderness
     * @param alertsFiredByEndOfInput alerts left out of the latencies: their last evidence arrived within the
     *     out-of-orderness of the input's end, so the final watermark fired them, not the traffic
     * @param visibilityLatencies milliseconds from a device-code sign-in's arrival to its visibility record
     */
    public record Latency(
            int offeredPerSecond,
            long seconds,
            long records,
            long outOfOrdernessMillis,
            int scenarios,
            Percentiles alertLatencies,
            Map<String, Percentiles> alertLatenciesByRule,
            int alertsFiredByEndOfInput,
            Percentiles visibilityLatencies,
            long processingMillis,
            int users,
            long checkpointIntervalMillis,
            List<BenchCluster.CheckpointFigure> checkpoints) {

        /** The checkpoint with the most state: the run's end drains the state, so the last is not the largest. */
        public BenchCluster.CheckpointFigure largestCheckpoint() {
            BenchCluster.CheckpointFigure largest = null;
            for (BenchCluster.CheckpointFigure checkpoint : checkpoints) {
                if (largest == null || checkpoint.stateBytes() > largest.stateBytes()) largest = checkpoint;
            }
            return largest;
        }

        public double stateBytesPerUser() {
            BenchCluster.CheckpointFigure largest = largestCheckpoint();
            return largest == null || users == 0 ? 0 : (double) largest.stateBytes() / users;
        }

        public Percentiles checkpointDurations() {
            List<Long> durations = new ArrayList<>();
            for (BenchCluster.CheckpointFigure checkpoint : checkpoints) durations.add(checkpoint.durationMillis());
            return new Percentiles(durations);
        }

        public double achievedPerSecond() {
            return records * 1000.0 / Math.max(processingMillis, 1);
        }
    }

    public String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("startUpMillis", startUpMillis);
        json.put("cores", cores);
        Throughput throughput = throughput();
        if (throughput != null) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("records", throughput.records());
            t.put("inputBytes", throughput.inputBytes());
            t.put("parallelism", throughput.parallelism());
            t.put("deploymentMillis", throughput.deploymentMillis());
            t.put("processingMillis", throughput.processingMillis());
            t.put("recordsPerSecond", round(throughput.recordsPerSecond()));
            t.put("recordsPerSecondPerTask", round(throughput.recordsPerSecondPerTask()));
            t.put("megabytesPerSecond", round(throughput.megabytesPerSecond()));
            t.put("coresUsed", hundredths(throughput.coresUsed()));
            t.put("recordsPerSecondPerCoreUsed", round(throughput.recordsPerSecondPerCoreUsed()));
            t.put("visibilityRecords", throughput.visibilityRecords());
            t.put("warmUpRecords", throughput.warmUpRecords());
            List<Map<String, Object>> runs = new ArrayList<>();
            for (Throughput run : throughputRuns) {
                Map<String, Object> figures = new LinkedHashMap<>();
                figures.put("recordsPerSecond", round(run.recordsPerSecond()));
                figures.put("coresUsed", hundredths(run.coresUsed()));
                figures.put("recordsPerSecondPerCoreUsed", round(run.recordsPerSecondPerCoreUsed()));
                runs.add(figures);
            }
            t.put("runs", runs);
            json.put("throughput", t);
        }
        if (latency != null) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("offeredPerSecond", latency.offeredPerSecond());
            l.put("achievedPerSecond", round(latency.achievedPerSecond()));
            l.put("seconds", latency.seconds());
            l.put("records", latency.records());
            l.put("outOfOrdernessMillis", latency.outOfOrdernessMillis());
            l.put("scenarios", latency.scenarios());
            l.put("alerts", latency.alertLatencies().count());
            l.put("alertsFiredByEndOfInput", latency.alertsFiredByEndOfInput());
            l.put("alertLatencyP50Millis", latency.alertLatencies().percentile(50));
            l.put("alertLatencyP99Millis", latency.alertLatencies().percentile(99));
            l.put("alertLatencyMaxMillis", latency.alertLatencies().max());
            Map<String, Object> byRule = new LinkedHashMap<>();
            latency.alertLatenciesByRule().forEach((rule, p) -> {
                Map<String, Object> figures = new LinkedHashMap<>();
                figures.put("alerts", p.count());
                figures.put("p50Millis", p.percentile(50));
                figures.put("p99Millis", p.percentile(99));
                byRule.put(rule, figures);
            });
            l.put("alertLatencyByRule", byRule);
            l.put("visibilityRecords", latency.visibilityLatencies().count());
            l.put("visibilityLatencyP50Millis", latency.visibilityLatencies().percentile(50));
            l.put("visibilityLatencyP99Millis", latency.visibilityLatencies().percentile(99));
            l.put("users", latency.users());
            l.put("checkpointIntervalMillis", latency.checkpointIntervalMillis());
            l.put("checkpoints", latency.checkpoints().size());
            BenchCluster.CheckpointFigure largest = latency.largestCheckpoint();
            l.put("largestCheckpointBytes", largest == null ? 0 : largest.stateBytes());
            l.put("stateBytesPerUser", round(latency.stateBytesPerUser()));
            l.put("checkpointDurationP50Millis", latency.checkpointDurations().percentile(50));
            l.put("checkpointDurationMaxMillis", latency.checkpointDurations().max());
            json.put("latency", l);
        }
        return ResultJson.write(json);
    }

    public String toText() {
        StringBuilder text = new StringBuilder();
        text.append(
                format("embedded Flink start-up: %d ms (excluded below); %d cores available%n", startUpMillis, cores));
        Throughput t = throughput();
        if (t != null) {
            text.append(format(
                    "throughput: %,d records (%.1f MB of Event Hub JSON), parallelism %d, %s%s%n",
                    t.records(),
                    t.inputBytes() / 1e6,
                    t.parallelism(),
                    t.warmUpRecords() == 0
                            ? "cold (no warm-up)"
                            : format("after a warm-up run of %,d records", t.warmUpRecords()),
                    throughputRuns.size() == 1 ? "" : format("; the median of %d runs", throughputRuns.size())));
            text.append(format(
                    "  %,.0f records/s, %,.0f records/s per task, %.1f MB/s over %.1f s of processing "
                            + "(deployment %d ms excluded); %,d visibility records%n",
                    t.recordsPerSecond(),
                    t.recordsPerSecondPerTask(),
                    t.megabytesPerSecond(),
                    t.processingMillis() / 1000.0,
                    t.deploymentMillis(),
                    t.visibilityRecords()));
            text.append(format(
                    "  %.2f cores busy (JVM CPU time / wall time): %,.0f records/s per core used%n",
                    t.coresUsed(), t.recordsPerSecondPerCoreUsed()));
            if (throughputRuns.size() > 1) {
                StringBuilder runs = new StringBuilder();
                for (Throughput run : throughputRuns) {
                    runs.append(runs.length() == 0 ? "" : "; ")
                            .append(format(
                                    "%,.0f records/s, %.2f cores, %,.0f per core",
                                    run.recordsPerSecond(), run.coresUsed(), run.recordsPerSecondPerCoreUsed()));
                }
                text.append("  runs: ").append(runs).append(format("%n"));
            }
        }
        if (latency != null) {
            Latency l = latency;
            BenchCluster.CheckpointFigure largest = l.largestCheckpoint();
            text.append(format(
                    "latency: %,d records/s offered for %d s (%,d records, %d scenarios, %,d users), "
                            + "out-of-orderness %d ms, achieved %,.0f records/s%n",
                    l.offeredPerSecond(),
                    l.seconds(),
                    l.records(),
                    l.scenarios(),
                    l.users(),
                    l.outOfOrdernessMillis(),
                    l.achievedPerSecond()));
            text.append(format(
                    "  arrival to alert: p50 %d ms, p99 %d ms, max %d ms over %d alerts "
                            + "(%d more fired by the end of input, left out)%n",
                    l.alertLatencies().percentile(50),
                    l.alertLatencies().percentile(99),
                    l.alertLatencies().max(),
                    l.alertLatencies().count(),
                    l.alertsFiredByEndOfInput()));
            latency.alertLatenciesByRule()
                    .forEach((rule, p) -> text.append(format(
                            "    %-38s p50 %d ms, p99 %d ms over %d alerts%n",
                            rule, p.percentile(50), p.percentile(99), p.count())));
            text.append(format(
                    "  arrival to visibility record: p50 %d ms, p99 %d ms over %d records%n",
                    l.visibilityLatencies().percentile(50),
                    l.visibilityLatencies().percentile(99),
                    l.visibilityLatencies().count()));
            text.append(format(
                    "state: %d checkpoints every %d ms (hashmap backend); largest %,d bytes = %.0f bytes "
                            + "per user; duration p50 %d ms, max %d ms%n",
                    l.checkpoints().size(),
                    l.checkpointIntervalMillis(),
                    largest == null ? 0 : largest.stateBytes(),
                    l.stateBytesPerUser(),
                    l.checkpointDurations().percentile(50),
                    l.checkpointDurations().max()));
        }
        return text.toString();
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    /** Cores busy are reported to the hundredth, the same for the median and for each run. */
    private static double hundredths(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
