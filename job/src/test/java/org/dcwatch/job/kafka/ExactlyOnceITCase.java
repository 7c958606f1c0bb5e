package org.dcwatch.job.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.dcwatch.job.DemoExpectations;
import org.dcwatch.job.JobConfiguration;
import org.dcwatch.job.config.JobSettings;
import org.dcwatch.job.source.SignInOrDeadLetter;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exactly once across a failure: the job fails after a completed checkpoint while sign-ins flow and alerts are
 * written, restarts from that checkpoint, and writes the lost alerts again. A read_committed consumer sees every
 * expected alert once; a read_uncommitted one sees the aborted copies too.
 *
 * <p>The test takes the checkpoints itself (the periodic interval is an hour), so that it knows exactly which alerts
 * each transaction holds: with timed checkpoints, whether an alert was committed before the failure would be luck.
 */
class ExactlyOnceITCase {

    @RegisterExtension
    @Order(1)
    static final KafkaBroker KAFKA = new KafkaBroker();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension FLINK = KafkaTestJobs.miniCluster();

    private static final int EXPECTED = DemoExpectations.ALERTS.size();

    @Test
    void commitsEveryAlertOnceWhenTheJobFailsAfterACheckpointWhileAlertsFlow(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        KAFKA.createTopics("signins", "alerts");
        List<String> demo = Files.readAllLines(DemoExpectations.INPUT);
        // the first part ends with the envelope of Alice's token redemption, the second is the rest of the morning
        int split = indexOfLineWith(demo, "alice-poller-1") + 1;
        KafkaSettings settings = KafkaSettings.builder(KAFKA.bootstrapServers())
                .inputTopic("signins")
                .alertsTopic("alerts")
                .groupId("exactly-once-it")
                .startingOffsets(StartingOffsets.parse("earliest"))
                .build();
        StreamExecutionEnvironment env = environment();
        KafkaPipeline.detectionJob(
                        JobSettings.defaults(),
                        settings,
                        SignInKafkaSource.builder(settings, JobSettings.defaults())
                                .setDeserializer(new FailOnceWhenArmed())
                                .build(),
                        List.of())
                .build(env);

        try (RunningJob job = RunningJob.start(env, "exactly once")) {
            // 1. the first part flows, and a checkpoint commits what it raised
            KAFKA.produce("signins", demo.subList(0, split));
            awaitCount(job, false, 1);
            cluster.triggerCheckpoint(job.id()).get(30, TimeUnit.SECONDS);
            int committedBeforeFailure = awaitCount(job, true, 1);
            assertTrue(committedBeforeFailure < EXPECTED, "the first part raises only some alerts");

            // 2. the rest flows; its alerts are written, in a transaction that no checkpoint has committed
            KAFKA.produce("signins", demo.subList(split, demo.size()));
            awaitCount(job, false, EXPECTED);
            assertEquals(
                    committedBeforeFailure, read(true).size(), "a read_committed consumer sees no open transaction");

            // 3. the job fails on the next message, and restarts from the checkpoint: the source reads the rest again
            FailOnceWhenArmed.ARMED.set(true);
            KAFKA.produce("signins", List.of("{\"records\":[]}"));
            int replayed = EXPECTED - committedBeforeFailure;
            awaitCount(job, false, EXPECTED + replayed);
            assertEquals(1, FailOnceWhenArmed.FAILURES.get());
            assertEquals(
                    1,
                    cluster.getExecutionGraph(job.id())
                            .get(10, TimeUnit.SECONDS)
                            .getCheckpointStatsSnapshot()
                            .getCounts()
                            .getNumberOfRestoredCheckpoints(),
                    "restored from the checkpoint");

            // 4. the next checkpoint commits the replayed alerts
            cluster.triggerCheckpoint(job.id()).get(30, TimeUnit.SECONDS);
            List<String> committed = KafkaBroker.values(readAtLeast(job, true, EXPECTED));
            List<String> uncommitted = KafkaBroker.values(read(false));

            assertEquals(DemoExpectations.ALERTS, AlertDocuments.describe(committed));
            assertEquals(
                    EXPECTED,
                    new HashSet<>(committed.stream()
                                    .map(AlertDocuments::alertIdAndRevision)
                                    .toList())
                            .size(),
                    "no alert committed twice");
            assertEquals(
                    EXPECTED + replayed,
                    uncommitted.size(),
                    "read_uncommitted also shows the alerts of the aborted transaction");
        }
    }

    /**
     * Hands each message on, as the job's own deserializer does, but throws once when the test has armed it: a task
     * failure in the middle of the source, after records have flowed and alerts have been written.
     */
    static final class FailOnceWhenArmed implements KafkaRecordDeserializationSchema<SignInOrDeadLetter> {
        static final AtomicBoolean ARMED = new AtomicBoolean();
        static final AtomicInteger FAILURES = new AtomicInteger();

        private final SignInKafkaSource.SignInRecords messages =
                new SignInKafkaSource.SignInRecords(JobSettings.defaults());

        @Override
        public void open(DeserializationSchema.InitializationContext context) throws Exception {
            messages.open(context);
        }

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<SignInOrDeadLetter> out)
                throws IOException {
            if (ARMED.compareAndSet(true, false)) {
                FAILURES.incrementAndGet();
                throw new IOException("failure injected by the test at offset " + record.offset());
            }
            messages.deserialize(record, out);
        }

        @Override
        public TypeInformation<SignInOrDeadLetter> getProducedType() {
            return messages.getProducedType();
        }
    }

    /** Checkpoints only when the test asks (both the interval and the pause are an hour); restarts after a failure. */
    private static StreamExecutionEnvironment environment() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Configuration config = JobConfiguration.defaults();
        config.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofHours(1));
        config.set(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS, Duration.ofHours(1));
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 1);
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        env.configure(config);
        env.setParallelism(1);
        return env;
    }

    private static List<ConsumerRecord<String, String>> read(boolean readCommitted) {
        return KAFKA.read("alerts", readCommitted, records -> false, Duration.ofMillis(500));
    }

    /** Waits until the alerts topic holds at least {@code count} records for the isolation level; returns how many. */
    private static int awaitCount(RunningJob job, boolean readCommitted, int count) throws Exception {
        return readAtLeast(job, readCommitted, count).size();
    }

    private static List<ConsumerRecord<String, String>> readAtLeast(RunningJob job, boolean readCommitted, int count)
            throws Exception {
        return KAFKA.await(job, "alerts", readCommitted, records -> records.size() >= count, KafkaTestJobs.TIMEOUT);
    }

    private static int indexOfLineWith(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) return i;
        }
        throw new IllegalStateException(text + " is not in the demo");
    }
}
