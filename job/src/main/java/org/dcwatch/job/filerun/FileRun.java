package org.dcwatch.job.filerun;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.function.SerializableFunction;
import org.dcwatch.job.DetectionJob;
import org.dcwatch.job.JobConfiguration;
import org.dcwatch.job.config.JobSettings;
import org.dcwatch.job.sink.AlertJson;
import org.dcwatch.job.sink.DeadLetterJson;
import org.dcwatch.job.sink.JsonLinesFiles;
import org.dcwatch.job.sink.SignInEventJson;
import org.dcwatch.job.sink.VisibilityJson;
import org.dcwatch.job.source.SignInFiles;
import org.dcwatch.job.source.SplitDeadLetters;
import org.dcwatch.udfs.alert.Alert;

/**
 * The detection job on files, embedded and bounded, as {@code run --input} and {@code quality} run it: the sign-ins of
 * a file or directory in, the outputs through the real file sinks out, read back once the job has ended. An output
 * path ending in .jsonl/.json is one file, any other a directory of part files.
 */
public final class FileRun {

    /** Where the outputs go; any but alerts may be null, and is then not written. */
    public record Outputs(String alerts, String visibility, String deadLetters, String late) {}

    /**
     * What the run wrote, one JSON document a line; empty for an output that was not written.
     *
     * @param auditRecordsSkipped the audit records of the input that were not device registrations: counted, not
     *     written
     */
    public record Written(
            List<String> alerts,
            List<String> visibility,
            List<String> deadLetters,
            List<String> late,
            long auditRecordsSkipped) {}

    /** The {@code detectionTime} an alert document carries. */
    public enum DetectionTime {
        /** When the document was written, as a user of {@code run} expects. */
        WALL_CLOCK,
        /** Always the epoch, so that two runs on the same input write the same documents. */
        EPOCH;

        long millis() {
            return this == WALL_CLOCK ? System.currentTimeMillis() : 0L;
        }
    }

    private final JobSettings settings;
    private final List<String> tuning;
    private final int parallelism;
    private final Duration checkpointInterval;
    private final DetectionTime detectionTime;

    /**
     * @param tuning tuning records in force from the start, each already checked (as {@code run --tuning} does)
     * @param checkpointInterval how often the output files are committed
     */
    public FileRun(
            JobSettings settings,
            List<String> tuning,
            int parallelism,
            Duration checkpointInterval,
            DetectionTime detectionTime) {
        this.settings = settings;
        this.tuning = List.copyOf(tuning);
        this.parallelism = parallelism;
        this.checkpointInterval = checkpointInterval;
        this.detectionTime = detectionTime;
    }

    /** Runs the job on {@code input} to its end and reads back what it wrote; fails when the job fails. */
    public Written run(String input, Outputs outputs, String jobName) throws Exception {
        DetectionTime stamp = detectionTime;
        DetectionJob.Outputs sinks = new DetectionJob.Outputs(
                JsonLinesFiles.sink(
                        outputs.alerts(), "alerts", (Alert alert) -> AlertJson.toJson(alert, stamp.millis())),
                sink(outputs.visibility(), "visibility", VisibilityJson::toJson),
                sink(outputs.deadLetters(), "dead-letters", DeadLetterJson::toJsonLine),
                sink(outputs.late(), "late", SignInEventJson::toJson));

        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(JobConfiguration.failFast(checkpointInterval));
        env.setParallelism(parallelism);
        new DetectionJob(settings, SignInFiles.source(input, settings), null, tuning, sinks).build(env);
        JobExecutionResult result = env.execute(jobName);
        Long skipped = result.getAccumulatorResult(SplitDeadLetters.AUDIT_RECORDS_SKIPPED);

        return new Written(
                JsonLinesFiles.joinParts(outputs.alerts()),
                read(outputs.visibility()),
                read(outputs.deadLetters()),
                read(outputs.late()),
                skipped == null ? 0 : skipped);
    }

    private static <T> Sink<T> sink(String path, String prefix, SerializableFunction<T, String> toJson) {
        return path == null ? null : JsonLinesFiles.sink(path, prefix, toJson);
    }

    private static List<String> read(String path) throws IOException {
        return path == null ? List.of() : JsonLinesFiles.joinParts(path);
    }
}
