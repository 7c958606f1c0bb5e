package org.dcwatch.job.quality;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.dcwatch.job.DetectionJob;
import org.dcwatch.job.JobConfiguration;
import org.dcwatch.job.config.JobSettings;
import org.dcwatch.job.sink.AlertJson;
import org.dcwatch.job.sink.DeadLetterJson;
import org.dcwatch.job.sink.JsonLinesFiles;
import org.dcwatch.job.sink.SignInEventJson;
import org.dcwatch.job.sink.VisibilityJson;
import org.dcwatch.job.source.SignInFiles;
import org.dcwatch.udfs.alert.Alert;

/**
 * Runs the detection job, as {@code dcwatch run} does, on one input with the default settings and the given tuning,
 * and reads back what it reported. The outputs go through the real file sinks into a work directory, so that the
 * report sees exactly what a user of {@code run} would.
 */
public final class QualityRun {

    private QualityRun() {}

    /**
     * @param tuning tuning records in force from the start (each already checked, as {@code run --tuning} does)
     * @param workDirectory where the outputs are written; the caller removes it
     */
    public static DetectionOutput detect(Path input, List<String> tuning, int parallelism, Path workDirectory)
            throws Exception {
        String alerts = workDirectory.resolve("alerts.jsonl").toString();
        String visibility = workDirectory.resolve("visibility.jsonl").toString();
        String deadLetters = workDirectory.resolve("dead-letters.jsonl").toString();
        String late = workDirectory.resolve("late.jsonl").toString();
        DetectionJob.Outputs outputs = new DetectionJob.Outputs(
                JsonLinesFiles.sink(alerts, "alerts", (Alert alert) -> AlertJson.toJson(alert, 0L)),
                JsonLinesFiles.sink(visibility, "visibility", VisibilityJson::toJson),
                JsonLinesFiles.sink(deadLetters, "dead-letters", DeadLetterJson::toJsonLine),
                JsonLinesFiles.sink(late, "late", SignInEventJson::toJson));

        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(JobConfiguration.failFast(Duration.ofSeconds(10)));
        env.setParallelism(parallelism);
        JobSettings settings = JobSettings.defaults();
        new DetectionJob(settings, SignInFiles.source(input.toString(), settings), null, tuning, outputs).build(env);
        env.execute("dcwatch quality " + input.getFileName());

        return DetectionOutput.fromJsonLines(
                JsonLinesFiles.joinParts(alerts),
                JsonLinesFiles.joinParts(visibility),
                JsonLinesFiles.joinParts(late),
                JsonLinesFiles.joinParts(deadLetters).size());
    }
}
