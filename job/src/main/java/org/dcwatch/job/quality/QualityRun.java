package org.dcwatch.job.quality;

import java.nio.file.Path;
import java.util.List;
import org.dcwatch.job.JobConfiguration;
import org.dcwatch.job.config.JobSettings;
import org.dcwatch.job.filerun.FileRun;

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
        FileRun.Outputs outputs = new FileRun.Outputs(
                workDirectory.resolve("alerts.jsonl").toString(),
                workDirectory.resolve("visibility.jsonl").toString(),
                workDirectory.resolve("dead-letters.jsonl").toString(),
                workDirectory.resolve("late.jsonl").toString());
        FileRun.Written written = new FileRun(
                        JobSettings.defaults(),
                        tuning,
                        parallelism,
                        JobConfiguration.DEFAULT_CHECKPOINT_INTERVAL,
                        FileRun.DetectionTime.EPOCH)
                .run(input.toString(), outputs, "dcwatch quality " + input.getFileName());
        return DetectionOutput.fromJsonLines(
                written.alerts(),
                written.visibility(),
                written.late(),
                written.deadLetters().size());
    }
}
