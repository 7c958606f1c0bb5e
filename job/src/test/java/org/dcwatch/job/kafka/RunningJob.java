package org.dcwatch.job.kafka;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * An unbounded job on a test's MiniCluster, and the waits of the tests that watch it: for a condition, and for its
 * output to be committed. Closing it cancels it and waits until it is gone, before the broker goes.
 */
final class RunningJob implements AutoCloseable {

    private final JobClient client;

    private RunningJob(JobClient client) {
        this.client = client;
    }

    static RunningJob start(StreamExecutionEnvironment env, String name) throws Exception {
        return new RunningJob(env.executeAsync(name));
    }

    /** A job something else submitted to the cluster, such as the command line's {@code run}. */
    static RunningJob of(MiniCluster cluster, JobID id) {
        return new RunningJob(new MiniClusterJobClient(
                id, cluster, RunningJob.class.getClassLoader(), MiniClusterJobClient.JobFinalizationBehavior.NOTHING));
    }

    JobID id() {
        return client.getJobID();
    }

    /** Fails the test at once if the job failed, rather than letting it wait for output that never comes. */
    void assertNotFailed() throws Exception {
        JobStatus status = client.getJobStatus().get(10, TimeUnit.SECONDS);
        if (status == JobStatus.FAILED) {
            client.getJobExecutionResult().get(10, TimeUnit.SECONDS); // throws with the job's failure
            throw new AssertionError("the job failed");
        }
    }

    /** Polls the condition every 100 ms until it holds, failing if the job fails or the timeout passes. */
    void await(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + KafkaTestJobs.TIMEOUT.toNanos();
        while (!condition.call()) {
            assertNotFailed();
            if (System.nanoTime() > deadline) throw new AssertionError(what + ": not within " + KafkaTestJobs.TIMEOUT);
            Thread.sleep(100);
        }
    }

    /**
     * Waits until whatever reached the job's sinks before the call is committed: three more checkpoints completed. The
     * first may have passed the sinks before it, the second holds it, and the sinks commit its transactions when told
     * it completed, before the third can complete. A test that shows an alert was not raised waits here, not for a
     * while: an alert of the input read so far would be visible to a read_committed consumer by then.
     */
    void awaitCommitted(MiniCluster cluster) throws Exception {
        long completed = completedCheckpoints(cluster);
        await("three more checkpoints", () -> completedCheckpoints(cluster) >= completed + 3);
    }

    private long completedCheckpoints(MiniCluster cluster) throws Exception {
        return cluster.getExecutionGraph(id())
                .get(10, TimeUnit.SECONDS)
                .getCheckpointStatsSnapshot()
                .getCounts()
                .getNumberOfCompletedCheckpoints();
    }

    @Override
    public void close() throws Exception {
        JobStatus status = client.getJobStatus().get(10, TimeUnit.SECONDS);
        if (!status.isGloballyTerminalState()) client.cancel().get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!client.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
            if (System.nanoTime() > deadline) throw new AssertionError("the job did not stop within 30 s");
            Thread.sleep(50);
        }
    }
}
