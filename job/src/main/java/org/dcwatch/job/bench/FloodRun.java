package org.dcwatch.job.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.dcwatch.job.DetectionJob;
import org.dcwatch.job.config.JobSettings;
import org.dcwatch.job.generate.EventHubRecord;
import org.dcwatch.job.generate.SignInSpec;
import org.dcwatch.udfs.alert.Alert;

/**
 * The flood benchmark (issue 14): floods of one session ({@link FloodSignIns}) through the whole job on the embedded
 * Flink, two runs each.
 *
 * <ol>
 *   <li><b>CPU and alerts</b>: the bounded job on the flood's file, as {@code run} reads it, without checkpoints. Its
 *       cost is the JVM's CPU time from submission to the job's end — every thread, Flink's own, GC and the JIT
 *       included, the embedded Flink's start-up not — measured in this JVM, one job at a time; the end of the file
 *       fires every window, so the alerts are all there is to say.
 *   <li><b>State</b>: the same flood paced over about {@link #PACED_SECONDS} (at least {@link #MIN_PACED_RATE} a
 *       second), checkpointing every {@link #CHECKPOINT_INTERVAL} on the hashmap backend, whose checkpoints hold the
 *       whole state: the largest of them is what the flood made the job keep, and each task's largest says where it
 *       is kept (the de-duplication keeps every sign-in id for its horizon, whatever the rules do). Unpaced, a bounded
 *       job on a fast tree ends before its first checkpoint.
 * </ol>
 *
 * Before the measured runs, one unmeasured run of the smallest two-source flood compiles the job's hot code. A run
 * that has not ended within the timeout is cancelled and reported as a lower bound; larger floods of its shape are
 * then not run.
 */
public final class FloodRun {

    static final long SEED = 14;
    static final int PACED_SECONDS = 5;
    static final int MIN_PACED_RATE = 200;
    static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(1);

    private FloodRun() {}

    public static FloodResult measure(
            BenchCluster cluster,
            Path workDir,
            List<Integer> sizes,
            List<FloodSignIns.Shape> shapes,
            Duration timeout,
            PrintStream out)
            throws Exception {
        if (sizes.isEmpty()) {
            return new FloodResult(
                    cluster.startUpMillis(),
                    Runtime.getRuntime().availableProcessors(),
                    timeout.toSeconds(),
                    List.of(),
                    null);
        }
        int smallest = sizes.stream().min(Integer::compare).orElseThrow();
        out.println("bench: flood, warm-up run (two-sources, " + smallest + " sign-ins, unmeasured)");
        cpuAndAlerts(
                cluster,
                inputFile(
                        workDir,
                        new FloodSignIns(FloodSignIns.Shape.TWO_SOURCES, smallest, SEED, FloodSignIns.DEFAULT_START)),
                timeout);

        List<FloodResult.Run> runs = new ArrayList<>();
        for (FloodSignIns.Shape shape : shapes) {
            for (int size : sizes.stream().sorted().toList()) {
                FloodSignIns flood = new FloodSignIns(shape, size, SEED, FloodSignIns.DEFAULT_START);
                Path input = inputFile(workDir, flood);
                out.println("bench: flood " + shape.cliName() + ", " + size + " sign-ins: CPU and alerts on " + input);
                CpuRun cpu = cpuAndAlerts(cluster, input, timeout);
                out.println("bench: flood " + shape.cliName() + ", " + size + " sign-ins: state, paced");
                StateRun state = cpu.cut() ? new StateRun(-1, Map.of(), true) : state(cluster, workDir, flood, timeout);
                runs.add(new FloodResult.Run(
                        shape,
                        size,
                        cpu.cpuMillis(),
                        cpu.wallMillis(),
                        cpu.cut(),
                        state.largestCheckpointBytes(),
                        state.largestByTask(),
                        state.cut(),
                        cpu.alertDocuments(),
                        cpu.alertIds()));
                if (cpu.cut()) {
                    out.println("bench: flood " + shape.cliName() + ", " + size + " sign-ins cut at "
                            + timeout.toSeconds() + " s; larger floods of this shape are not run");
                    break;
                }
            }
        }
        return new FloodResult(
                cluster.startUpMillis(), Runtime.getRuntime().availableProcessors(), timeout.toSeconds(), runs, null);
    }

    /** The flood's file in {@code workDir}: reused when it is there (the generator is deterministic), written when not. */
    static Path inputFile(Path workDir, FloodSignIns flood) throws IOException {
        Path file = workDir.resolve(flood.fileName());
        if (Files.exists(file)) return file;
        Files.createDirectories(workDir);
        Path partial = workDir.resolve(file.getFileName() + ".partial");
        try (BufferedWriter writer = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            flood.write(writer);
        }
        Files.move(partial, file);
        return file;
    }

    private record CpuRun(
            long cpuMillis,
            long wallMillis,
            boolean cut,
            Map<String, Integer> alertDocuments,
            Map<String, Integer> alertIds) {}

    private static CpuRun cpuAndAlerts(BenchCluster cluster, Path input, Duration timeout) throws Exception {
        TimedSink<Alert> alerts = new TimedSink<>();
        StreamExecutionEnvironment env =
                BenchCluster.fileJob(input, 1, new DetectionJob.Outputs(alerts, null, null, null));
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = os.getProcessCpuTime();
        long wallBefore = System.nanoTime();
        boolean cut = false;
        try {
            cluster.run(env, timeout);
        } catch (TimeoutException e) {
            cut = true;
        }
        long cpuMillis = (os.getProcessCpuTime() - cpuBefore) / 1_000_000;
        long wallMillis = (System.nanoTime() - wallBefore) / 1_000_000;
        Map<String, Integer> documents = new HashMap<>();
        Map<String, Set<String>> ids = new HashMap<>();
        for (TimedSink.Arrival<Alert> arrival : alerts.drain()) {
            Alert alert = arrival.element();
            documents.merge(alert.ruleId(), 1, Integer::sum);
            ids.computeIfAbsent(alert.ruleId(), rule -> new HashSet<>()).add(alert.alertId());
        }
        Map<String, Integer> distinct = new HashMap<>();
        ids.forEach((rule, set) -> distinct.put(rule, set.size()));
        return new CpuRun(cpuMillis, wallMillis, cut, documents, distinct);
    }

    private record StateRun(long largestCheckpointBytes, Map<String, Long> largestByTask, boolean cut) {}

    private static StateRun state(BenchCluster cluster, Path workDir, FloodSignIns flood, Duration timeout)
            throws Exception {
        List<byte[]> messages = new ArrayList<>(flood.count());
        for (SignInSpec signIn : flood.signIns()) {
            messages.add(EventHubRecord.render(signIn).getBytes(StandardCharsets.UTF_8));
        }
        PacedMessages paced = new PacedMessages(messages);
        try {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(checkpointed(workDir));
            env.setParallelism(1);
            env.enableCheckpointing(CHECKPOINT_INTERVAL.toMillis());
            JobSettings settings = JobSettings.defaults();
            double rate = Math.max(MIN_PACED_RATE, (double) flood.count() / PACED_SECONDS);
            TimedSink<Alert> alerts = new TimedSink<>(); // the CPU run counts them; drained, so that none is kept
            new DetectionJob(
                            settings,
                            paced.source(rate, settings),
                            null,
                            List.of(),
                            new DetectionJob.Outputs(alerts, null, null, null))
                    .build(env);
            BenchCluster.JobRun run;
            try {
                run = cluster.run(env, timeout);
            } catch (TimeoutException e) {
                return new StateRun(-1, Map.of(), true);
            } finally {
                alerts.drain();
            }
            long largest = -1;
            Map<String, Long> largestByTask = new TreeMap<>();
            for (BenchCluster.CheckpointFigure checkpoint : run.checkpoints()) {
                largest = Math.max(largest, checkpoint.stateBytes());
                checkpoint.stateBytesByTask().forEach((task, bytes) -> largestByTask.merge(task, bytes, Math::max));
            }
            return new StateRun(largest, largestByTask, false);
        } finally {
            paced.release();
        }
    }

    /** Checkpoints on the heap backend, stored as files under the work directory. */
    private static Configuration checkpointed(Path workDir) {
        Configuration config = BenchCluster.jobConfiguration();
        config.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        config.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        config.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                workDir.resolve("checkpoints").toAbsolutePath().toUri().toString());
        return config;
    }
}
