package org.dcwatch.job.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.dcwatch.job.JobConfiguration;
import org.dcwatch.job.config.JobSettings;
import org.dcwatch.job.filerun.FileRun;
import org.dcwatch.job.kafka.KafkaPipeline;
import org.dcwatch.job.kafka.KafkaSettings;
import org.dcwatch.job.sink.AlertJson;
import org.dcwatch.job.tuning.InvalidTuningException;
import org.dcwatch.job.tuning.TuningRecord;
import org.dcwatch.udfs.event.SourceFormat;
import org.dcwatch.udfs.parse.SignInParser;

/**
 * {@code run}: the detection job. With a file or directory input it is bounded and ends after the last record; with a
 * Kafka topic ({@link KafkaRunOptions}) it runs until it is stopped.
 */
final class RunCommand {

    static final String USAGE = """
            Usage: dcwatch run --input PATH --alerts PATH [--visibility PATH] [--dead-letters PATH] [--late PATH]
                               [--tuning PATH] [--out-of-orderness 5m] [--parallelism N] [--config FILE]
                   dcwatch run --bootstrap-servers HOSTS --input-topic TOPIC --alerts-topic TOPIC [--visibility-topic T]
                               [--dead-letter-topic T] [--late-topic T] [--tuning-topic T] [--kafka-properties FILE]
                               [--starting-offsets WHERE] [--group-id ID] [--transactional-id-prefix P]
                               [--checkpoint-interval D] [--history PATH [--alert-on-history]] [--tuning PATH] ...

            Runs the detections (`rules` lists them) over the sign-in and audit logs in PATH (a file, or the data
            files under a directory, read in name order, one after the other; JSON lines, one message a line, gzipped
            or not) in an embedded Flink, and ends after the last record: every window fires at the end of the input.
            Outputs are JSON lines: a PATH ending in .jsonl/.json is one file, any other PATH a directory of part files.

              --input PATH              sign-in logs: Event Hub envelopes or records, one message a line; audit
                                        logs may be mixed in (their device registrations feed the chain rules)
              --alerts PATH             alerts of every rule but device-code-visibility
              --visibility PATH         one record per device-code sign-in, scored (rule device-code-visibility)
              --dead-letters PATH       input that is not a sign-in, and tuning records that cannot apply, with reasons
              --late PATH               sign-ins behind the watermark: seen by the baseline and unseen-asn alone
              --tuning PATH             tenant baseline and tuning records (JSON lines, see docs/tuning.md)
              --out-of-orderness D      how late a sign-in may be and still count (default 5m)
              --duplicate-horizon D     how long sign-in ids are remembered to drop copies (default 1h)
              --max-time-ahead D        a sign-in timed further ahead of its own ingestion time (and, on Kafka, of
                                        the clock and the Kafka timestamp) is a FUTURE_TIME dead letter (default 5m)
              --format FORMAT           auto (default), eventhub, loganalytics, graph or ecs
              --max-message-bytes N     larger messages are dead letters (default 33554432)
              --parallelism N           parallel tasks (default 1, which reads files one after the other and makes
                                        late records reproducible; a Kafka run takes the cluster's default: event
                                        time is tracked per partition, so size it by CPU, not by partitions)
              --checkpoint-interval D   how often output files are committed (default 10s)
              --config FILE             a properties file of the same settings (name=value, names without --);
                                        flags win over it
              --quiet                   do not print the alerts at the end

            """ + KafkaRunOptions.USAGE + """

            Exit codes: 0 the job finished, 1 it failed, 2 usage or configuration error.
            """;

    private static final Set<String> FILE_RUN_FLAGS = Set.of(
            "input",
            "alerts",
            "visibility",
            "dead-letters",
            "late",
            "tuning",
            "out-of-orderness",
            "duplicate-horizon",
            "max-time-ahead",
            "format",
            "max-message-bytes",
            "parallelism",
            "checkpoint-interval",
            "config");
    private static final Set<String> VALUE_FLAGS = union(FILE_RUN_FLAGS, KafkaRunOptions.VALUE_FLAGS);
    private static final Set<String> SWITCHES = union(Set.of("quiet"), KafkaRunOptions.SWITCHES);

    private final PrintStream out;

    RunCommand(PrintStream out) {
        this.out = out;
    }

    int run(List<String> args) throws Exception {
        CommandLine line = commandLine(args);
        if (KafkaRunOptions.isKafkaRun(line)) {
            return runOnKafka(line, KafkaRunOptions.parse(line, System.getenv()));
        }
        KafkaRunOptions.rejectInFileRun(line);
        String input = line.require("input");
        if (!Files.exists(Path.of(input))) throw new UsageException("--input: no such file or directory: " + input);
        String alerts = line.require("alerts");
        JobSettings settings = jobSettings(line);
        List<String> tuning = line.has("tuning") ? tuningRecords(Path.of(line.get("tuning"))) : List.of();
        int parallelism = line.intValue("parallelism", 1, 1, 1024);
        Duration checkpointInterval =
                line.duration("checkpoint-interval", JobConfiguration.DEFAULT_CHECKPOINT_INTERVAL);

        FileRun.Outputs outputs =
                new FileRun.Outputs(alerts, line.get("visibility"), line.get("dead-letters"), line.get("late"));
        FileRun.Written written = new FileRun(
                        settings, tuning, parallelism, checkpointInterval, FileRun.DetectionTime.WALL_CLOCK)
                .run(input, outputs, "dcwatch " + Path.of(input).getFileName());

        if (!line.has("quiet")) printAlerts(written.alerts());
        out.println("dcwatch: " + written.alerts().size() + " alert documents -> " + alerts);
        printCount(written.visibility(), "visibility records", outputs.visibility());
        printCount(written.deadLetters(), "dead letters", outputs.deadLetters());
        printCount(written.late(), "late sign-ins", outputs.late());
        if (written.auditRecordsSkipped() > 0) {
            // not written anywhere, so said here: an audit record is never lost without a trace
            out.println("dcwatch: " + written.auditRecordsSkipped() + " audit record"
                    + (written.auditRecordsSkipped() == 1 ? "" : "s") + " skipped (not a device registration)");
        }
        return ExitCode.OK;
    }

    private void printCount(List<String> lines, String what, String path) {
        if (path != null) out.println("dcwatch: " + lines.size() + " " + what + " -> " + path);
    }

    /**
     * Checks the flags of a Kafka run as {@link #run} does — the same parsing and validation, the files they name read —
     * and returns its settings, without building or starting a job or connecting to Kafka (the tuning topic is not
     * read). For deployment manifests: their {@code run} arguments must be accepted before a cluster ever sees them.
     *
     * @param args the flags after {@code run}
     * @param env the environment the job would see, where the secrets are
     * @throws UsageException what {@code run} would report with exit code 2
     */
    static KafkaSettings checkKafkaRun(List<String> args, Map<String, String> env) throws IOException {
        CommandLine line = commandLine(args);
        if (!KafkaRunOptions.isKafkaRun(line)) throw new UsageException("not a Kafka run: no Kafka flag is given");
        KafkaRunOptions kafka = KafkaRunOptions.parse(line, env);
        jobSettings(line).withLearnOnlyBefore(kafka.learnOnlyBefore());
        if (line.has("tuning")) tuningRecords(Path.of(line.get("tuning")));
        if (line.has("parallelism")) line.intValue("parallelism", 1, 1, 1024);
        return kafka.settings();
    }

    /** The flags, with the --config file's settings for those not given. */
    private static CommandLine commandLine(List<String> args) throws IOException {
        CommandLine line = CommandLine.parse(args, VALUE_FLAGS, SWITCHES);
        if (line.has("config")) {
            line.withDefaults(properties(line.get("config")), VALUE_FLAGS, line.get("config"));
        }
        return line;
    }

    /**
     * A Kafka run: unbounded and checkpointed, with Flink's restarts. Returns when the job ends: it was cancelled, or
     * it failed for good.
     */
    private int runOnKafka(CommandLine line, KafkaRunOptions kafka) throws Exception {
        JobSettings settings = jobSettings(line).withLearnOnlyBefore(kafka.learnOnlyBefore());
        List<String> tuning =
                kafka.withTopicTuning(line.has("tuning") ? tuningRecords(Path.of(line.get("tuning"))) : List.of());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(kafka.configuration());
        kafka.enableCheckpointing(env);
        if (line.has("parallelism")) env.setParallelism(line.intValue("parallelism", 1, 1, 1024));
        KafkaPipeline.detectionJob(
                        settings,
                        kafka.settings(),
                        KafkaPipeline.signIns(kafka.settings(), settings, kafka.historyPath()),
                        tuning)
                .build(env);
        out.println("dcwatch: " + kafka.settings());
        env.execute("dcwatch " + String.join(",", kafka.settings().inputTopics()));
        return ExitCode.OK;
    }

    /** The settings both kinds of run share. */
    private static JobSettings jobSettings(CommandLine line) {
        return new JobSettings(
                        format(line.get("format")),
                        line.intValue(
                                "max-message-bytes", SignInParser.DEFAULT_MAX_MESSAGE_BYTES, 1, Integer.MAX_VALUE),
                        line.duration("out-of-orderness", JobSettings.DEFAULT_OUT_OF_ORDERNESS),
                        JobSettings.DEFAULT_IDLENESS,
                        line.duration("duplicate-horizon", JobSettings.DEFAULT_DUPLICATE_HORIZON))
                .withMaxTimeAhead(line.duration("max-time-ahead", JobSettings.DEFAULT_MAX_TIME_AHEAD));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    /** One line an alert document, in event-time order; an update of an earlier alert says so. */
    void printAlerts(List<String> alertLines) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> documents = new ArrayList<>();
        for (String alertLine : alertLines) documents.add(mapper.readTree(alertLine));
        documents.sort(java.util.Comparator.comparing(
                        (JsonNode a) -> a.path("lastEventTime").asText())
                .thenComparing(a -> a.path("rule").path("id").asText()));
        for (JsonNode alert : documents) out.println(AlertJson.summaryLine(alert));
    }

    private static SourceFormat format(String name) {
        try {
            return SourceFormat.fromCliName(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--format: " + e.getMessage());
        }
    }

    /** The tuning file, every record checked now: a bad line stops the run before any event is read. */
    static List<String> tuningRecords(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new UsageException("--tuning: no such file: " + file);
        List<String> records = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).strip();
            if (text.isEmpty() || text.startsWith("#")) continue;
            try {
                records.add(TuningRecord.parse(text).json());
            } catch (InvalidTuningException e) {
                throw new UsageException("--tuning " + file + " line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return records;
    }

    private static Properties properties(String path) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(path), StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UsageException("--config: no such file: " + path);
        }
        return properties;
    }
}
