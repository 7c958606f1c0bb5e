package org.dcwatch.job.kafka;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** An unbounded job started by a test; closing it cancels it and waits until it is gone, before the broker goes. */
final class RunningJob implements AutoCloseable {

    private final JobClient client;

    private RunningJob(JobClient client) {
        this.client = client;
    }

    static RunningJob start(StreamExecutionEnvironment env, String name) throws Exception {
        return new RunningJob(env.executeAsync(name));
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
