package org.dcwatch.job.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.checkpoint.AbstractCheckpointStats;
import org.apache.flink.runtime.checkpoint.CheckpointStatsStatus;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.dcwatch.job.DetectionJob;
import org.dcwatch.job.config.JobSettings;
import org.dcwatch.job.source.SignInFiles;
import org.dcwatch.udfs.alert.Alert;
import org.dcwatch.udfs.rules.RuleCatalogue;

/**
 * The tenant benchmark: one tenant's users with 30 days of baseline history ({@link TenantSignIns}) through the job on
 * RocksDB with incremental checkpoints, as the Kubernetes manifest deploys it; a savepoint at the end; and restores
 * from that savepoint at each parallelism asked for, each followed by device-code probes whose alerts say whether the
 * baselines came back intact.
 *
 * <p>The job reads a directory it monitors ({@link SignInFiles#monitoredSource}): the history, then — restored — the
 * probes, written beside it. It never ends by itself, so no final watermark fires the baselines' cleanup timers: the
 * state at the savepoint is the state of a job that has been running for 30 days. The history's job runs at
 * parallelism 1, so that its end marker's alert says that the baseline's operator has read it all.
 */
public final class TenantRun {

    /** The TaskManager's managed memory: the manifest's TaskManager of 4096 MB process memory gets this much. */
    public static final MemorySize MANAGED_MEMORY = MemorySize.parse("1372m");

    static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(10);
    /** How often a restored job's source looks for the probes' file: part of the time to its first record. */
    static final Duration DISCOVERY_INTERVAL = Duration.ofMillis(500);

    /** The job's one bounded input, without a tuning topic: it ends at once, and declines checkpoints as it does. */
    private static final String TUNING_INPUT = "Source: no tuning updates";

    /** The task of the baseline, whose input is every sign-in of the history. */
    private static final String BASELINE_TASK = "rule unseen-asn";
    /** How often the history's progress is sampled: its figures are up to {@link #METRICS_FETCHED_EVERY} old. */
    static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);

    static final Duration METRICS_FETCHED_EVERY = Duration.ofMillis(500);

    private static final Duration HISTORY_TIMEOUT = Duration.ofHours(2);
    private static final Duration PROBE_TIMEOUT = Duration.ofMinutes(10);

    private TenantRun() {}

    /**
     * The embedded TaskManager's options: the manifest's managed memory, which bounds RocksDB's memory; and metrics
     * fetched for the REST endpoint often enough (default: every 10 s) that the history's progress is current.
     */
    public static Configuration clusterOptions() {
        Configuration config = new Configuration();
        config.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MANAGED_MEMORY);
        config.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, METRICS_FETCHED_EVERY);
        return config;
    }

    /**
     * Runs the benchmark in {@code workDir}: the history file of {@code users} users is generated there once and
     * reused; each run's checkpoints, savepoint and input directory are made afresh under {@code run/}.
     *
     * @param parallelisms the restores' parallelisms, in order (the cluster needs as many slots as the largest)
     */
    public static TenantResult measure(
            BenchCluster cluster, Path workDir, int users, int probes, List<Integer> parallelisms, PrintStream log)
            throws Exception {
        TenantSignIns tenant = new TenantSignIns(users);
        Path tenantDir = workDir.resolve("tenant-" + users);
        Path history = tenantDir.resolve("history-" + users + ".jsonl");
        long generationMillis = 0;
        if (!Files.exists(history)) {
            log.println("bench: generating the history of " + users + " users into " + history);
            long start = System.nanoTime();
            tenant.writeHistory(history);
            generationMillis = (System.nanoTime() - start) / 1_000_000;
        }
        long signIns;
        try (Stream<String> lines = Files.lines(history)) {
            signIns = lines.count();
        }

        Path runDir = tenantDir.resolve("run");
        deleteRecursively(runDir);
        Path input = Files.createDirectories(runDir.resolve("input"));
        // a link, not a copy: the run's directory is deleted by the next run, the history is reused
        Files.createLink(input.resolve("a-history.jsonl"), history);

        log.println("bench: the history's " + signIns + " sign-ins through the job on RocksDB");
        long residentBefore = residentBytes();
        TimedSink<Alert> historyAlerts = new TimedSink<>();
        StreamExecutionEnvironment env = job(runDir, input, 1, historyAlerts, null);
        JobID historyJob = cluster.submit(env);
        long firstRunning = cluster.awaitAllTasksRunning(historyJob);
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = os.getProcessCpuTime();
        long wallBefore = System.nanoTime();
        ProgressSampler progress = new ProgressSampler(cluster, historyJob, firstRunning);
        long markerArrival =
                awaitAlertOf(cluster, historyJob, historyAlerts, tenant.markerUserId(), HISTORY_TIMEOUT, progress);
        long cpuMillis = (os.getProcessCpuTime() - cpuBefore) / 1_000_000;
        long wallMillis = (System.nanoTime() - wallBefore) / 1_000_000;
        long processingMillis = markerArrival - firstRunning;
        historyAlerts.drain();

        // one checkpoint with the whole history, then the memory it needs, then the savepoint
        cluster.awaitTasksFinished(historyJob, TUNING_INPUT);
        cluster.checkpoint(historyJob);
        List<TenantResult.Checkpoint> checkpoints = checkpoints(cluster.executionGraph(historyJob), firstRunning);
        TenantResult.Memory memory = memory(residentBefore, directorySize(runDir.resolve("rocksdb")));
        log.println("bench: stopping with a savepoint");
        long stopStart = System.nanoTime();
        String savepoint = cluster.stopWithSavepoint(historyJob, runDir.resolve("savepoints"));
        long savepointMillis = (System.nanoTime() - stopStart) / 1_000_000;
        long savepointBytes = directorySize(localPath(savepoint));

        List<TenantSignIns.Probe> probeList = tenant.probes(probes);
        tenant.writeProbes(probeList, input.resolve("b-probes.jsonl"));
        List<TenantResult.Restore> restores = new ArrayList<>();
        for (int parallelism : parallelisms) {
            log.println("bench: restoring the savepoint at parallelism " + parallelism);
            restores.add(restore(cluster, runDir, input, savepoint, parallelism, probeList));
        }
        return new TenantResult(
                users,
                Runtime.getRuntime().availableProcessors(),
                generationMillis,
                new TenantResult.History(
                        signIns,
                        Files.size(history),
                        processingMillis,
                        (double) cpuMillis / Math.max(wallMillis, 1),
                        CHECKPOINT_INTERVAL.toMillis(),
                        checkpoints,
                        progress.samples()),
                new TenantResult.Savepoint(savepoint, savepointMillis, savepointBytes),
                memory,
                restores);
    }

    /**
     * The job restored from the savepoint at the parallelism, on the probes: the time to run again and to its first
     * alert, then each probe's unseen-asn alerts.
     */
    private static TenantResult.Restore restore(
            BenchCluster cluster,
            Path runDir,
            Path input,
            String savepoint,
            int parallelism,
            List<TenantSignIns.Probe> probes)
            throws Exception {
        TimedSink<Alert> alerts = new TimedSink<>();
        StreamExecutionEnvironment env = job(runDir, input, parallelism, alerts, savepoint);
        long submitted = System.currentTimeMillis();
        JobID jobId = cluster.submit(env);
        try {
            long running = cluster.awaitAllTasksRunning(jobId);
            // the last probe is from a new ASN: once its alert is in, the source has read every probe, and once a
            // checkpoint after it completes, every operator has processed them all
            awaitAlertOf(cluster, jobId, alerts, probes.get(probes.size() - 1).userId(), PROBE_TIMEOUT, () -> {});
            cluster.awaitTasksFinished(jobId, TUNING_INPUT);
            cluster.checkpoint(jobId);
            List<TimedSink.Arrival<Alert>> received = alerts.drain();
            long firstAlert = received.stream()
                    .mapToLong(TimedSink.Arrival::wallClockMillis)
                    .min()
                    .orElseThrow();

            Map<String, TenantSignIns.Probe> probeOfUser = new HashMap<>();
            for (TenantSignIns.Probe probe : probes) probeOfUser.put(probe.userId(), probe);
            Map<String, Integer> alertsOfUser = new HashMap<>();
            int otherAlerts = 0;
            for (TimedSink.Arrival<Alert> arrival : received) {
                Alert alert = arrival.element();
                if (alert.ruleId().equals(RuleCatalogue.UNSEEN_ASN) && probeOfUser.containsKey(alert.userKey())) {
                    alertsOfUser.merge(alert.userKey(), 1, Integer::sum);
                } else {
                    otherAlerts++;
                }
            }
            int known = 0;
            int knownAlerted = 0;
            int fresh = 0;
            int freshAlertedOnce = 0;
            for (TenantSignIns.Probe probe : probes) {
                int raised = alertsOfUser.getOrDefault(probe.userId(), 0);
                if (probe.knownAsn()) {
                    known++;
                    if (raised > 0) knownAlerted++;
                } else {
                    fresh++;
                    if (raised == 1) freshAlertedOnce++;
                }
            }
            return new TenantResult.Restore(
                    parallelism,
                    running - submitted,
                    firstAlert - submitted,
                    DISCOVERY_INTERVAL.toMillis(),
                    known,
                    fresh,
                    knownAlerted,
                    freshAlertedOnce,
                    otherAlerts);
        } finally {
            cluster.cancel(jobId);
        }
    }

    /** The real job on the monitored directory, on RocksDB as the manifest configures it; restored if a savepoint. */
    private static StreamExecutionEnvironment job(
            Path runDir, Path input, int parallelism, TimedSink<Alert> alerts, String savepoint) {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(configuration(runDir, savepoint));
        env.setParallelism(parallelism);
        JobSettings settings = JobSettings.defaults();
        new DetectionJob(
                        settings,
                        SignInFiles.monitoredSource(input.toString(), settings, DISCOVERY_INTERVAL),
                        null,
                        List.of(),
                        new DetectionJob.Outputs(alerts, null, null, null))
                .build(env);
        return env;
    }

    /**
     * deploy/k8s/flinkdeployment.yaml's state options: RocksDB, incremental checkpoints, a 5-minute timeout, three
     * failures tolerated, three retained, kept on cancellation; but checkpoints every 10 s (the manifest: 30 s), so
     * that the history's run shows the state grow, and file storage under the run's directory, RocksDB's working
     * files there too.
     */
    static Configuration configuration(Path runDir, String savepoint) {
        Configuration config = BenchCluster.jobConfiguration();
        config.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        config.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        config.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, uri(runDir.resolve("checkpoints")));
        config.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, uri(runDir.resolve("savepoints")));
        config.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, CHECKPOINT_INTERVAL);
        config.set(CheckpointingOptions.CHECKPOINTING_TIMEOUT, Duration.ofMinutes(5));
        config.set(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER, 3);
        config.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3);
        config.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        config.set(
                RocksDBOptions.LOCAL_DIRECTORIES,
                runDir.resolve("rocksdb").toAbsolutePath().toString());
        if (savepoint != null) config.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        return config;
    }

    /** What the harness does while it waits. */
    private interface WhileWaiting {
        void run() throws Exception;
    }

    /** The baseline task's input every {@link #PROGRESS_INTERVAL} while the history runs. */
    private static final class ProgressSampler implements WhileWaiting {
        private final BenchCluster cluster;
        private final JobID jobId;
        private final long firstRunning;
        private final List<TenantResult.Progress> samples = new ArrayList<>();

        ProgressSampler(BenchCluster cluster, JobID jobId, long firstRunning) {
            this.cluster = cluster;
            this.jobId = jobId;
            this.firstRunning = firstRunning;
        }

        @Override
        public void run() throws Exception {
            long after = System.currentTimeMillis() - firstRunning;
            if (samples.isEmpty()
                    || after - samples.get(samples.size() - 1).afterMillis() >= PROGRESS_INTERVAL.toMillis()) {
                samples.add(new TenantResult.Progress(after, cluster.recordsIn(jobId, BASELINE_TASK)));
            }
        }

        List<TenantResult.Progress> samples() {
            return samples;
        }
    }

    /**
     * Waits for an alert of the user and returns when it arrived; fails when the job does, or after the timeout.
     * Meanwhile, runs {@code whileWaiting} at every poll.
     */
    private static long awaitAlertOf(
            BenchCluster cluster,
            JobID jobId,
            TimedSink<Alert> alerts,
            String userKey,
            Duration timeout,
            WhileWaiting whileWaiting)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            for (TimedSink.Arrival<Alert> arrival : alerts.received()) {
                if (userKey.equals(arrival.element().userKey())) return arrival.wallClockMillis();
            }
            cluster.assertNotFailed(jobId);
            whileWaiting.run();
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new TimeoutException("no alert for " + userKey + " after " + timeout.toSeconds() + " s");
    }

    private static List<TenantResult.Checkpoint> checkpoints(AccessExecutionGraph graph, long firstRunning) {
        List<TenantResult.Checkpoint> checkpoints = new ArrayList<>();
        for (AbstractCheckpointStats stats :
                graph.getCheckpointStatsSnapshot().getHistory().getCheckpoints()) {
            if (stats.getStatus() != CheckpointStatsStatus.COMPLETED) continue;
            checkpoints.add(new TenantResult.Checkpoint(
                    stats.getCheckpointId(),
                    stats.getTriggerTimestamp() - firstRunning,
                    stats.getStateSize(),
                    stats.getCheckpointedSize(),
                    stats.getEndToEndDuration()));
        }
        checkpoints.sort(Comparator.comparingLong(TenantResult.Checkpoint::id));
        return checkpoints;
    }

    /** The embedded TaskManager's memory, measured in this JVM after a full collection. */
    private static TenantResult.Memory memory(long residentBefore, long rocksDbLocalBytes) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        long direct = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) direct = pool.getMemoryUsed();
        }
        return new TenantResult.Memory(
                memory.getHeapMemoryUsage().getUsed(),
                memory.getHeapMemoryUsage().getCommitted(),
                memory.getNonHeapMemoryUsage().getCommitted(),
                direct,
                residentBytes(),
                residentBefore,
                MANAGED_MEMORY.getBytes(),
                rocksDbLocalBytes);
    }

    /** {@code VmRSS} of {@code /proc/self/status}, or -1 where there is none (not Linux). */
    static long residentBytes() {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) return -1;
        try (Stream<String> lines = Files.lines(status)) {
            return lines.filter(line -> line.startsWith("VmRSS:"))
                    .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024)
                    .findFirst()
                    .orElse(-1L);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long directorySize(Path directory) throws IOException {
        if (!Files.exists(directory)) return 0;
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(file -> {
                        try {
                            return Files.size(file);
                        } catch (IOException e) {
                            return 0; // RocksDB deletes files as it compacts
                        }
                    })
                    .sum();
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) return;
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(path);
        }
    }

    private static String uri(Path path) {
        return path.toAbsolutePath().toUri().toString();
    }

    /** A savepoint's path, which Flink gives as a {@code file:} URI, on the local disk. */
    private static Path localPath(String savepoint) {
        return savepoint.startsWith("file:") ? Path.of(URI.create(savepoint)) : Path.of(savepoint);
    }
}
