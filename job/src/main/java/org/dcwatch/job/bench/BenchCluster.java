package org.dcwatch.job.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.AbstractCheckpointStats;
import org.apache.flink.runtime.checkpoint.CheckpointStatsStatus;
import org.apache.flink.runtime.checkpoint.TaskStateStats;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.AccessExecution;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionJobVertex;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.executiongraph.ArchivedExecutionGraph;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.dcwatch.job.DetectionJob;
import org.dcwatch.job.JobConfiguration;
import org.dcwatch.job.config.JobSettings;
import org.dcwatch.job.source.SignInFiles;

/**
 * An embedded Flink that the benchmark starts once and runs its jobs on. Started by the harness itself rather than by
 * {@code env.execute()}, so that its start-up is measured apart from the jobs, and so that a finished job's execution
 * graph — when its tasks started and ended, its completed checkpoints — can be read afterwards. Listens on 127.0.0.1
 * only.
 */
public final class BenchCluster implements AutoCloseable {

    /** When a job's tasks ran, and the checkpoints it completed. */
    record JobRun(
            long submittedMillis,
            long firstTaskRunningMillis,
            long lastTaskFinishedMillis,
            List<CheckpointFigure> checkpoints) {

        /** From the first task running to the last one finished: the job's work without its submission. */
        long processingMillis() {
            return lastTaskFinishedMillis - firstTaskRunningMillis;
        }

        /** From submission to the first task running: scheduling and deploying the tasks. */
        long deploymentMillis() {
            return firstTaskRunningMillis - submittedMillis;
        }
    }

    /**
     * A completed checkpoint: full state size (hashmap backend, so every checkpoint is full) and end-to-end duration,
     * and the state size of each task (a chain of operators, by its name) that had any.
     */
    record CheckpointFigure(long id, long stateBytes, long durationMillis, Map<String, Long> stateBytesByTask) {

        CheckpointFigure {
            stateBytesByTask = Map.copyOf(stateBytesByTask);
        }

        CheckpointFigure(long id, long stateBytes, long durationMillis) {
            this(id, stateBytes, durationMillis, Map.of());
        }
    }

    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MiniCluster cluster;
    private final long startUpMillis;

    public BenchCluster(int slots) throws Exception {
        this(slots, new Configuration());
    }

    /** @param clusterOptions the TaskManager's options beyond the benchmarks' own, e.g. its managed memory */
    public BenchCluster(int slots, Configuration clusterOptions) throws Exception {
        Configuration config = new Configuration(clusterOptions);
        config.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        config.set(RestOptions.ADDRESS, "127.0.0.1");
        config.set(RestOptions.BIND_PORT, "0");
        config.set(JobManagerOptions.ADDRESS, "127.0.0.1");
        // every checkpoint of a one-minute run at 5 s, not only the last 10 (the default)
        config.set(WebOptions.CHECKPOINTS_HISTORY_SIZE, 1000);
        long start = System.nanoTime();
        cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(config)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
        cluster.start();
        startUpMillis = (System.nanoTime() - start) / 1_000_000;
    }

    public long startUpMillis() {
        return startUpMillis;
    }

    /** The configuration every benchmark job runs with: as {@code run}'s, with no restarts and no Kryo. */
    static Configuration jobConfiguration() {
        return JobConfiguration.failFast();
    }

    /** The job on a sign-in file, with the default settings and no tuning, in the benchmarks' configuration. */
    static StreamExecutionEnvironment fileJob(Path input, int parallelism, DetectionJob.Outputs outputs) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(jobConfiguration());
        env.setParallelism(parallelism);
        JobSettings settings = JobSettings.defaults();
        new DetectionJob(settings, SignInFiles.source(input.toString(), settings), null, List.of(), outputs).build(env);
        return env;
    }

    /** Runs the job built on {@code env} to its end; fails when it fails. */
    JobRun run(StreamExecutionEnvironment env) throws Exception {
        return run(env, null);
    }

    /**
     * Runs the job built on {@code env} to its end, or cancels it when it has not ended within {@code timeout} (null:
     * no limit) and throws {@link TimeoutException} once it is cancelled; fails when it fails.
     */
    JobRun run(StreamExecutionEnvironment env, Duration timeout) throws Exception {
        long submitted = System.currentTimeMillis();
        JobID jobId = cluster.submitJob(env.getStreamGraph()).get().getJobID();
        JobResult result;
        try {
            result = timeout == null
                    ? cluster.requestJobResult(jobId).get()
                    : cluster.requestJobResult(jobId).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            cluster.cancelJob(jobId).get();
            cluster.requestJobResult(jobId).get();
            throw new TimeoutException("cancelled after " + timeout.toSeconds() + " s");
        }
        if (!result.isSuccess()) {
            throw new IllegalStateException(
                    "benchmark job failed",
                    result.getSerializedThrowable()
                            .map(t -> (Throwable) t.deserializeError(getClass().getClassLoader()))
                            .orElse(null));
        }
        ArchivedExecutionGraph graph = cluster.getArchivedExecutionGraph(jobId).get();
        long firstRunning = Long.MAX_VALUE;
        long lastFinished = 0;
        for (AccessExecutionVertex vertex : graph.getAllExecutionVertices()) {
            AccessExecution attempt = vertex.getCurrentExecutionAttempt();
            firstRunning = Math.min(firstRunning, attempt.getStateTimestamp(ExecutionState.RUNNING));
            lastFinished = Math.max(lastFinished, attempt.getStateTimestamp(ExecutionState.FINISHED));
        }
        List<CheckpointFigure> checkpoints = new ArrayList<>();
        if (graph.getCheckpointStatsSnapshot() != null) {
            for (AbstractCheckpointStats stats :
                    graph.getCheckpointStatsSnapshot().getHistory().getCheckpoints()) {
                if (stats.getStatus() == CheckpointStatsStatus.COMPLETED) {
                    Map<String, Long> byTask = new HashMap<>();
                    for (AccessExecutionJobVertex vertex :
                            graph.getAllVertices().values()) {
                        TaskStateStats task = stats.getTaskStateStats(vertex.getJobVertexId());
                        if (task != null && task.getStateSize() > 0)
                            byTask.merge(vertex.getName(), task.getStateSize(), Long::sum);
                    }
                    checkpoints.add(new CheckpointFigure(
                            stats.getCheckpointId(), stats.getStateSize(), stats.getEndToEndDuration(), byTask));
                }
            }
        }
        return new JobRun(submitted, firstRunning, lastFinished, checkpoints);
    }

    /** Submits the job built on {@code env} and returns at once: for an unbounded job, which {@link #cancel} ends. */
    JobID submit(StreamExecutionEnvironment env) throws Exception {
        return cluster.submitJob(env.getStreamGraph()).get().getJobID();
    }

    /** The running job's execution graph as it stands: its tasks' states, its checkpoints so far. */
    AccessExecutionGraph executionGraph(JobID jobId) throws Exception {
        return cluster.getExecutionGraph(jobId).get();
    }

    /**
     * Waits until every task of the job runs (or has finished: a bounded side input may end at once), and returns
     * when it saw them so (epoch millis, polled every {@link #POLL_INTERVAL}): a restored task runs once its state is
     * restored.
     */
    long awaitAllTasksRunning(JobID jobId) throws Exception {
        while (true) {
            assertNotFailed(jobId);
            AccessExecutionGraph graph = executionGraph(jobId);
            // until the job is running, its graph may not have its tasks yet
            boolean allRunning = graph.getState() == JobStatus.RUNNING;
            for (AccessExecutionVertex vertex : graph.getAllExecutionVertices()) {
                ExecutionState state = vertex.getCurrentExecutionAttempt().getState();
                allRunning &= state == ExecutionState.RUNNING || state == ExecutionState.FINISHED;
            }
            if (allRunning) return System.currentTimeMillis();
            TimeUnit.MILLISECONDS.sleep(POLL_INTERVAL.toMillis());
        }
    }

    /**
     * Waits until the tasks whose name starts with the prefix have finished: a checkpoint or savepoint requested while
     * a bounded input's task is finishing is declined by it, so wait for such tasks first.
     */
    void awaitTasksFinished(JobID jobId, String namePrefix) throws Exception {
        while (true) {
            assertNotFailed(jobId);
            boolean finished = true;
            for (AccessExecutionJobVertex vertex :
                    executionGraph(jobId).getAllVertices().values()) {
                if (!vertex.getName().startsWith(namePrefix)) continue;
                for (AccessExecutionVertex subtask : vertex.getTaskVertices()) {
                    finished &= subtask.getExecutionState() == ExecutionState.FINISHED;
                }
            }
            if (finished) return;
            TimeUnit.MILLISECONDS.sleep(POLL_INTERVAL.toMillis());
        }
    }

    /**
     * The records the tasks whose name starts with the prefix have read so far, summed over their subtasks: Flink's
     * {@code numRecordsIn} metric, read from the embedded REST endpoint (127.0.0.1) while the job runs.
     */
    long recordsIn(JobID jobId, String namePrefix) throws Exception {
        long records = 0;
        for (AccessExecutionJobVertex vertex :
                executionGraph(jobId).getAllVertices().values()) {
            if (!vertex.getName().startsWith(namePrefix)) continue;
            URI uri = URI.create(cluster.getRestAddress().get() + "/jobs/" + jobId + "/vertices/"
                    + vertex.getJobVertexId() + "/subtasks/metrics?get=numRecordsIn&agg=sum");
            HttpResponse<String> response =
                    HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            for (JsonNode metric : JSON.readTree(response.body())) {
                records += metric.path("sum").asLong();
            }
        }
        return records;
    }

    /** Triggers a checkpoint and returns once it is complete: every record read before it is then processed. */
    void checkpoint(JobID jobId) throws Exception {
        cluster.triggerCheckpoint(jobId).get();
    }

    /**
     * Stops the job with a savepoint in Flink's canonical format, as {@code flink stop --savepointPath} does, without
     * draining (no final watermark fires the event-time timers); returns the savepoint's path once the job has ended.
     */
    String stopWithSavepoint(JobID jobId, Path directory) throws Exception {
        String path = cluster.stopWithSavepoint(
                        jobId, directory.toAbsolutePath().toUri().toString(), false, SavepointFormatType.CANONICAL)
                .get();
        cluster.requestJobResult(jobId).get();
        return path;
    }

    /** Fails when the job submitted has failed: a harness waiting for its output must not wait for nothing. */
    void assertNotFailed(JobID jobId) throws Exception {
        if (cluster.getJobStatus(jobId).get() == org.apache.flink.api.common.JobStatus.FAILED) {
            JobResult result = cluster.requestJobResult(jobId).get();
            throw new IllegalStateException(
                    "benchmark job failed",
                    result.getSerializedThrowable()
                            .map(t -> (Throwable) t.deserializeError(getClass().getClassLoader()))
                            .orElse(null));
        }
    }

    /** Cancels the job and returns once it has ended. */
    void cancel(JobID jobId) throws Exception {
        if (!cluster.getJobStatus(jobId).get().isGloballyTerminalState())
            cluster.cancelJob(jobId).get();
        cluster.requestJobResult(jobId).get();
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
