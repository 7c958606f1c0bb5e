package org.dcwatch.job.kafka;

import java.util.List;
import org.apache.flink.api.connector.source.Source;
import org.dcwatch.job.DetectionJob;
import org.dcwatch.job.config.JobSettings;
import org.dcwatch.job.source.SignInOrDeadLetter;

/**
 * The detection job with Kafka around it: the sign-in topic (after a history export, if one is given), the tuning
 * topic, and the output topics. The command line's Kafka run and the Kafka tests build the job here, so that the tests
 * run what production runs.
 */
public final class KafkaPipeline {

    private KafkaPipeline() {}

    /**
     * @param signIns the sign-ins: {@link #signIns}, or in a test a source it disturbs
     * @param initialTuning tuning records in force from the first sign-in on, checked
     */
    public static DetectionJob detectionJob(
            JobSettings job,
            KafkaSettings kafka,
            Source<SignInOrDeadLetter, ?, ?> signIns,
            List<String> initialTuning) {
        return new DetectionJob(
                job,
                signIns,
                kafka.tuningTopic() == null ? null : TuningKafkaSource.create(kafka),
                initialTuning,
                outputs(kafka));
    }

    /**
     * The sign-in topic, after the history export when there is one ({@code run --history}).
     *
     * @param historyPath the history export to read first, or null
     */
    public static Source<SignInOrDeadLetter, ?, ?> signIns(KafkaSettings kafka, JobSettings job, String historyPath) {
        return historyPath == null
                ? SignInKafkaSource.create(kafka, job)
                : HistoryThenLive.source(historyPath, job, SignInKafkaSource.create(kafka, job));
    }

    public static DetectionJob.Outputs outputs(KafkaSettings kafka) {
        return new DetectionJob.Outputs(
                KafkaSinks.alerts(kafka),
                KafkaSinks.visibility(kafka),
                KafkaSinks.deadLetters(kafka),
                KafkaSinks.late(kafka));
    }
}
