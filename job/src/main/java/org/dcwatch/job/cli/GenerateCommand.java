package org.dcwatch.job.cli;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.dcwatch.job.generate.KafkaTopicTarget;
import org.dcwatch.job.generate.LabelledSignIns;
import org.dcwatch.job.generate.LoadSignIns;
import org.dcwatch.job.generate.MessageTarget;
import org.dcwatch.job.generate.PacedTarget;
import org.dcwatch.job.generate.ScenarioKind;
import org.dcwatch.job.generate.ScenarioLabel;
import org.dcwatch.job.generate.ScenarioPlan;
import org.dcwatch.job.generate.SignInFormat;
import org.dcwatch.job.generate.SignInMessages;
import org.dcwatch.job.kafka.KafkaSettings;

/**
 * {@code generate}: synthetic Entra sign-in logs, optionally with labelled scenarios, deterministic for a seed, to a
 * file, standard output or a Kafka topic, as fast as they go or at a fixed rate. The flags of the first version
 * ({@code --records --out --users --days --seed --per-envelope}) keep their meaning.
 */
final class GenerateCommand {

    static final String USAGE = """
            Usage: dcwatch generate --records N --out FILE [--users N] [--days D] [--seed S] [--per-envelope N]
                                    [--format F] [--attack-rate R] [--scenarios LIST] [--labels FILE] [--rate R]
                   dcwatch generate --records N --topic NAME --bootstrap-servers HOST:PORT[,..]
                                    [--kafka-properties FILE] [--rate R] [the same flags as with --out]

            Writes N synthetic sign-ins of one tenant, in time order over the given days: mostly non-interactive
            token refreshes, interactive browser sign-ins, failures and about 1%% device-code sign-ins, each user at
            home, at the office or on the phone, 3-4 KB a record; with labelled scenarios injected if asked (their
            late and re-published records arrive out of order). The same seed and flags give the same bytes.

              --records N        how many sign-in records, scenarios included
              --out FILE         where to write them, one message a line; - for standard output
              --topic NAME       send them to this Kafka topic instead of --out: one message a Kafka record, its
                                 value the line --out would write, without a key (Entra publishes none)
              --bootstrap-servers HOST:PORT[,..]
                                 the Kafka cluster of --topic
              --kafka-properties FILE
                                 producer properties (security, SASL, timeouts, compression.type). Secrets come from
                                 the environment as for 'dcwatch run': DCWATCH_EVENTHUBS_CONNECTION_STRING[_FILE],
                                 DCWATCH_KAFKA_<NAME>[_FILE]; never from flags, never printed
              --rate R           at most R records a second, to a file, standard output or a topic alike (decimals
                                 allowed; default as fast as it goes); a message of 10 records counts 10
              --users N          distinct users (default 10000)
              --days D           the time the records span, ending at 2026-03-01 (default 1)
              --seed S           random seed (default 1)
              --per-envelope N   records per Event Hub envelope (default 10; --format eventhub only)
              --format F         eventhub: Event Hub envelopes, several records a line (default)
                                 eventhub-lines: one Event Hub record a line
                                 loganalytics: one Log Analytics row a line (SigninLogs and
                                 AADNonInteractiveUserSignInLogs)
              --attack-rate R    inject R labelled scenarios per 100000 records (decimals allowed), of the kinds
                                 named in --scenarios without a count, else of every kind
              --scenarios LIST   comma-separated: KIND=N injects exactly N of a kind (all=N: N of each), KIND
                                 alone adds the kind to those --attack-rate draws from
              --labels FILE      write the ground truth of every scenario as JSON lines (see
                                 docs/quality.md); use it with 'dcwatch quality'

            Scenario kinds (docs/quality.md says what each is and which rules should fire on it):
            %s
            Each scenario's user gets a week of history before it, so that baselines are meaningful; history may
            start up to 8 days before the span.
            """.formatted(wrapped(ScenarioKind.ids(), 100, "  "));

    private static final Set<String> VALUE_FLAGS = Set.of(
            "records",
            "out",
            "users",
            "days",
            "seed",
            "per-envelope",
            "format",
            "attack-rate",
            "scenarios",
            "labels",
            "topic",
            "bootstrap-servers",
            "kafka-properties",
            "rate");
    /** The flags that only a run to a Kafka topic takes. */
    private static final List<String> KAFKA_FLAGS = List.of("bootstrap-servers", "kafka-properties");

    private static final Instant END = Instant.parse("2026-03-01T00:00:00Z");

    private final PrintStream out;
    private final PrintStream err;

    GenerateCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> args) throws Exception {
        CommandLine line = CommandLine.parse(args, VALUE_FLAGS, Set.of());
        line.require("records");
        long records = line.intValue("records", 0, 1, Integer.MAX_VALUE);
        checkDestination(line);
        KafkaSettings.Cluster cluster = line.has("topic") ? KafkaRunOptions.cluster(line, System.getenv()) : null;
        Double rate = rate(line.get("rate"));
        int users = line.intValue("users", 10_000, 1, 100_000_000);
        int days = line.intValue("days", 1, 1, 3650);
        int seed = line.intValue("seed", 1, Integer.MIN_VALUE, Integer.MAX_VALUE);
        SignInFormat format = format(line.get("format"));
        if (line.has("per-envelope") && !format.envelopes()) {
            throw new UsageException("--per-envelope applies to --format eventhub only; " + format.cliName()
                    + " writes one record a line");
        }
        int perEnvelope = line.intValue("per-envelope", 10, 1, 500);
        ScenarioPlan plan = plan(line.get("scenarios"), line.get("attack-rate"));

        Duration span = Duration.ofDays(days);
        Instant start = END.minus(span);
        LabelledSignIns generator;
        try {
            generator =
                    new LabelledSignIns(new LoadSignIns(seed, users, start, span), records, start, span, plan, seed);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }

        long started = System.nanoTime();
        if (cluster != null) {
            String topic = line.get("topic");
            err.println("dcwatch generate: to topic " + topic + " on " + cluster); // Cluster's text redacts secrets
            KafkaTopicTarget kafka = KafkaTopicTarget.open(cluster, topic);
            started = System.nanoTime(); // the client's first connection is no part of the rate
            long messages = write(generator, format, perEnvelope, paced(kafka, rate));
            double seconds = (System.nanoTime() - started) / 1e9;
            err.printf(
                    "dcwatch generate: %d records (%s) in %d messages, %d MB to topic %s, %.1f s, %.0f records/s%n",
                    records, format.cliName(), messages, kafka.bytes() >> 20, topic, seconds, records / seconds);
        } else if (line.get("out").equals("-")) {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 20);
            write(generator, format, perEnvelope, paced(MessageTarget.lines(writer), rate));
        } else {
            Path file = Path.of(line.get("out"));
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            // a large buffer under the encoder: gigabytes go out in megabyte writes, not 8 KB ones
            try (Writer writer = new OutputStreamWriter(
                    new BufferedOutputStream(Files.newOutputStream(file), 1 << 20), StandardCharsets.UTF_8)) {
                write(generator, format, perEnvelope, paced(MessageTarget.lines(writer), rate));
            }
            err.printf(
                    "dcwatch generate: %d records (%s), %d MB in %s, %.1f s%n",
                    records, format.cliName(), Files.size(file) >> 20, file, (System.nanoTime() - started) / 1e9);
        }
        List<ScenarioLabel> labels = generator.labels();
        if (line.has("labels")) {
            Path labelFile = Path.of(line.get("labels"));
            if (labelFile.getParent() != null) Files.createDirectories(labelFile.getParent());
            Files.write(labelFile, labels.stream().map(ScenarioLabel::toJson).toList(), StandardCharsets.UTF_8);
            err.println(
                    "dcwatch generate: " + labels.size() + " scenarios " + countByKind(labels) + " -> " + labelFile);
        } else if (!labels.isEmpty()) {
            err.println(
                    "dcwatch generate: " + labels.size() + " scenarios injected, without --labels: not written down");
        }
        return ExitCode.OK;
    }

    /** Writes the run to the target and closes it; returns how many messages it sent. */
    private static long write(LabelledSignIns generator, SignInFormat format, int perEnvelope, MessageTarget target)
            throws IOException {
        try (SignInMessages messages = new SignInMessages(format, perEnvelope, target)) {
            generator.write(messages);
            return messages.messages();
        }
    }

    /** The target held to --rate, or as it is without one. */
    private static MessageTarget paced(MessageTarget target, Double recordsPerSecond) {
        return recordsPerSecond == null
                ? target
                : new PacedTarget(target, recordsPerSecond, PacedTarget.Clock.system());
    }

    /** Exactly one of --out and --topic, and the Kafka flags only with --topic. */
    private static void checkDestination(CommandLine line) {
        if (line.has("out") && line.has("topic")) {
            throw new UsageException("--out and --topic are two destinations: give --out FILE (- for standard output) "
                    + "or --topic NAME with --bootstrap-servers, not both");
        }
        if (!line.has("out") && !line.has("topic")) {
            throw new UsageException(
                    "--out FILE (- for standard output) or --topic NAME with --bootstrap-servers is " + "required");
        }
        if (line.has("topic") && !line.has("bootstrap-servers")) {
            throw new UsageException("--topic needs --bootstrap-servers, the Kafka cluster: HOST:PORT[,HOST:PORT...]");
        }
        for (String flag : KAFKA_FLAGS) {
            if (line.has(flag) && !line.has("topic")) {
                throw new UsageException("--" + flag + " is for --topic: with --out the records go to a file");
            }
        }
    }

    /** --rate as records a second, or null for as fast as it goes. */
    private static Double rate(String value) {
        if (value == null) return null;
        double rate;
        try {
            rate = Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            rate = Double.NaN;
        }
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new UsageException(
                    "--rate must be a number of records a second above 0, such as 2000 or 0.5, was '" + value + "'");
        }
        return rate;
    }

    private static SignInFormat format(String name) {
        if (name == null) return SignInFormat.EVENTHUB;
        try {
            return SignInFormat.byCliName(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--format: " + e.getMessage());
        }
    }

    private static ScenarioPlan plan(String scenarios, String attackRate) {
        Double rate = null;
        if (attackRate != null) {
            try {
                rate = Double.parseDouble(attackRate.strip());
            } catch (NumberFormatException e) {
                throw new UsageException(
                        "--attack-rate must be a number of scenarios per 100000 records, was '" + attackRate + "'");
            }
        }
        try {
            return ScenarioPlan.parse(scenarios, rate);
        } catch (IllegalArgumentException e) {
            throw new UsageException((scenarios != null ? "--scenarios: " : "--attack-rate: ") + e.getMessage());
        }
    }

    /** The text in lines of at most {@code width} characters, broken after commas, each line indented. */
    private static String wrapped(String text, int width, String indent) {
        StringBuilder lines = new StringBuilder(indent);
        int lineStart = 0;
        for (String word : text.split(" ")) {
            if (lines.length() - lineStart + word.length() > width) {
                lines.setLength(lines.length() - 1); // the space before the break
                lines.append('\n');
                lineStart = lines.length();
                lines.append(indent);
            }
            lines.append(word).append(' ');
        }
        return lines.toString().stripTrailing();
    }

    private static Map<String, Long> countByKind(List<ScenarioLabel> labels) {
        Map<String, Long> counts = new TreeMap<>();
        labels.forEach(label -> counts.merge(label.kind(), 1L, Long::sum));
        return counts;
    }
}
