package org.dcwatch.job.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.dcwatch.job.generate.ScenarioLabel;
import org.dcwatch.job.quality.DetectionOutput;
import org.dcwatch.job.quality.QualityReport;
import org.dcwatch.job.quality.QualityReportText;
import org.dcwatch.job.quality.QualityRun;

/**
 * {@code quality}: the rules' detections on labelled data against the labels' ground truth. Runs the job on the input
 * (embedded, as {@code run} does) or reads the outputs of an earlier run.
 */
final class QualityCommand {

    static final String USAGE = """
            Usage: dcwatch quality --input PATH --labels FILE [--tuning FILE] [--parallelism N] [--outputs DIR]
                   dcwatch quality --alerts FILE [--visibility FILE] --labels FILE

            Compares what each rule detected with the ground truth that 'generate --labels' wrote, and prints per
            rule true positives, false negatives, false positives (on look-alike scenarios, and on anything else),
            precision and recall; then hits per scenario kind, the labels a rule disagreed with, and, as the last
            line, the figures as one JSON object.

              --input PATH        sign-in logs made by 'generate': the job runs on them (embedded, like 'run')
              --labels FILE       the labels of the scenarios in them
              --tuning FILE       tuning records in force for the run (see docs/tuning.md)
              --parallelism N     parallel tasks (default 1)
              --outputs DIR       keep the run's outputs (alerts, visibility, late, dead letters) in DIR
              --alerts FILE       instead of running the job: the alerts of an earlier 'run'
              --visibility FILE   ... and its visibility records (for device-code-visibility)

            A detection matches a label when its rule, tenant and user are the label's and its evidence holds one
            of the label's sign-ins. Exit codes: 0 the report was made, 1 the job or a file failed, 2 usage.
            """;

    private static final Set<String> VALUE_FLAGS =
            Set.of("input", "labels", "tuning", "parallelism", "outputs", "alerts", "visibility");

    private final PrintStream out;

    QualityCommand(PrintStream out) {
        this.out = out;
    }

    int run(List<String> args) throws Exception {
        CommandLine line = CommandLine.parse(args, VALUE_FLAGS, Set.of());
        Path labelFile = existing(line.require("labels"), "--labels");
        if (line.has("input") == line.has("alerts")) {
            throw new UsageException(
                    "give --input (run the job) or --alerts (read an earlier run's alerts), one of them");
        }
        List<ScenarioLabel> labels;
        try {
            labels = ScenarioLabel.read(labelFile);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--labels " + e.getMessage());
        }

        DetectionOutput output = line.has("input") ? runJob(line) : readRun(line);
        QualityReport report = QualityReport.compare(labels, output);
        out.print(QualityReportText.table(report));
        out.println(QualityReportText.json(report));
        return ExitCode.OK;
    }

    private static DetectionOutput runJob(CommandLine line) throws Exception {
        if (line.has("visibility")) throw new UsageException("--visibility goes with --alerts, not with --input");
        Path input = existing(line.get("input"), "--input");
        List<String> tuning = line.has("tuning") ? RunCommand.tuningRecords(Path.of(line.get("tuning"))) : List.of();
        int parallelism = line.intValue("parallelism", 1, 1, 1024);
        boolean keep = line.has("outputs");
        Path work = keep
                ? Files.createDirectories(Path.of(line.get("outputs")))
                : Files.createTempDirectory("dcwatch-quality");
        try {
            return QualityRun.detect(input, tuning, parallelism, work);
        } finally {
            if (!keep) deleteTree(work);
        }
    }

    private static DetectionOutput readRun(CommandLine line) throws IOException {
        for (String flag : List.of("tuning", "parallelism", "outputs")) {
            if (line.has(flag)) throw new UsageException("--" + flag + " goes with --input: with --alerts no job runs");
        }
        List<String> alerts = Files.readAllLines(existing(line.get("alerts"), "--alerts"), StandardCharsets.UTF_8);
        List<String> visibility = line.has("visibility")
                ? Files.readAllLines(existing(line.get("visibility"), "--visibility"), StandardCharsets.UTF_8)
                : List.of();
        try {
            return DetectionOutput.fromJsonLines(nonBlank(alerts), nonBlank(visibility), List.of(), 0);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--alerts/--visibility: " + e.getMessage());
        }
    }

    private static List<String> nonBlank(List<String> lines) {
        return lines.stream().filter(text -> !text.isBlank()).toList();
    }

    private static Path existing(String path, String flag) {
        Path file = Path.of(path);
        if (!Files.exists(file)) throw new UsageException(flag + ": no such file or directory: " + path);
        return file;
    }

    private static void deleteTree(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(path);
        }
    }
}
