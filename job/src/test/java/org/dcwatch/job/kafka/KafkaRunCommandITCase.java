package org.dcwatch.job.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.dcwatch.job.DemoExpectations;
import org.dcwatch.job.cli.Dcwatch;
import org.dcwatch.job.tuning.TuningRecord;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code dcwatch run} with Kafka flags, as a user types it: the command line builds the job (checkpointing on by
 * default, the tuning topic's records read before the first sign-in), and it runs until it is cancelled.
 */
class KafkaRunCommandITCase {

    @RegisterExtension
    @Order(1)
    static final KafkaBroker KAFKA = new KafkaBroker();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension FLINK = KafkaTestJobs.miniCluster();

    @Test
    void runsOnTheTopicsWithTheTuningAlreadyOnTheTuningTopicInForceFromTheFirstSignIn(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        KAFKA.createTopics("signins", "alerts");
        KAFKA.createCompactedTopic("tuning");
        String allowlist = Files.readAllLines(DemoExpectations.TUNING).get(0);
        KAFKA.produce("tuning", TuningRecord.parse(allowlist).key(), allowlist);
        KAFKA.produce("signins", Files.readAllLines(DemoExpectations.INPUT));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Dcwatch dcwatch = new Dcwatch(
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        ExecutorService commandLine = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> exit = commandLine.submit(() -> dcwatch.execute(
                    "run",
                    "--bootstrap-servers",
                    KAFKA.bootstrapServers(),
                    "--input-topic",
                    "signins",
                    "--alerts-topic",
                    "alerts",
                    "--tuning-topic",
                    "tuning",
                    "--starting-offsets",
                    "earliest",
                    "--group-id",
                    "run-command-it",
                    "--checkpoint-interval",
                    "500ms",
                    "--parallelism",
                    "1"));
            int expected = DemoExpectations.ALERTS.size() - 1;
            List<ConsumerRecord<String, String>> alerts = List.of();
            long deadline = System.nanoTime() + KafkaTestJobs.TIMEOUT.toNanos();
            while (alerts.size() < expected && System.nanoTime() < deadline) {
                assertFalse(exit.isDone(), () -> "the run ended: " + err.toString(StandardCharsets.UTF_8));
                alerts = KAFKA.read("alerts", true, read -> read.size() >= expected, Duration.ofSeconds(2));
            }
            // the run's job, on this JVM's MiniCluster: its checkpoints are counted there, as a test job's are
            theJobOf(cluster).awaitCommitted(cluster); // an alert for Bob would be visible by now
            alerts = KAFKA.read("alerts", true, read -> false, Duration.ofSeconds(1));

            assertEquals(
                    DemoExpectations.ALERTS.stream()
                            .filter(alert -> !alert.contains("bob@"))
                            .toList(),
                    AlertDocuments.describe(KafkaBroker.values(alerts)),
                    "Azure CLI allowlisted from the start");
            assertTrue(
                    out.toString(StandardCharsets.UTF_8)
                            .contains("alertsDelivery=exactly-once, transactionalIdPrefix="
                                    + "run-command-it-alerts, transactionTimeout=PT10M"),
                    out.toString(StandardCharsets.UTF_8));
        } finally {
            for (JobStatusMessage job : cluster.listJobs().get(10, TimeUnit.SECONDS)) {
                if (!job.getJobState().isGloballyTerminalState())
                    cluster.cancelJob(job.getJobId()).get(10, TimeUnit.SECONDS);
            }
            commandLine.shutdown();
            assertTrue(commandLine.awaitTermination(30, TimeUnit.SECONDS), "the run ends when its job is cancelled");
        }
    }

    private static RunningJob theJobOf(MiniCluster cluster) throws Exception {
        List<JobStatusMessage> running = cluster.listJobs().get(10, TimeUnit.SECONDS).stream()
                .filter(job -> !job.getJobState().isGloballyTerminalState())
                .toList();
        assertEquals(1, running.size(), "the run's job, alone on the cluster: " + running);
        return RunningJob.of(cluster, running.get(0).getJobId());
    }
}
