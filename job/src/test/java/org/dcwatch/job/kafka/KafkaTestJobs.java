package org.dcwatch.job.kafka;

import java.time.Duration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.dcwatch.job.JobConfiguration;

/** How the Kafka tests run the job on their MiniCluster. */
final class KafkaTestJobs {

    /** Long enough for a loaded CI machine; the jobs deliver in a few seconds. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private KafkaTestJobs() {}

    /** The MiniCluster every Kafka test class shares: one TaskManager with two slots. */
    static MiniClusterExtension miniCluster() {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(2)
                .build());
    }

    /**
     * One parallel task (one partition a topic keeps the demo's order, and with it which records are late), no Kryo,
     * checkpoints that commit the alerts, and no restarts: a failure here is a bug, not something to retry.
     */
    static StreamExecutionEnvironment environment(Duration checkpointInterval) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.configure(JobConfiguration.failFast(checkpointInterval));
        env.setParallelism(1);
        return env;
    }
}
