package org.dcwatch.job.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.dcwatch.job.JobConfiguration;
import org.dcwatch.job.config.JobSettings;
import org.dcwatch.job.kafka.KafkaClientProperties;
import org.dcwatch.job.kafka.KafkaSettings;
import org.dcwatch.job.kafka.StartingOffsets;
import org.dcwatch.job.kafka.TuningTopicSnapshot;

/**
 * The flags of {@code run} that make it a Kafka run, checked and turned into {@link KafkaSettings}. A Kafka run is
 * unbounded: it reads the sign-in topic until it is cancelled, and checkpoints — on by default — commit its alerts.
 */
final class KafkaRunOptions {

    static final String USAGE = """
            Kafka (an unbounded run: it reads the topic until it is stopped):
              --bootstrap-servers HOSTS       the cluster, e.g. NAMESPACE.servicebus.windows.net:9093 for Event Hubs
              --input-topic TOPIC[,TOPIC]     sign-in and audit-log messages (envelopes or records), instead of --input
              --alerts-topic TOPIC            alerts, keyed by alert id, instead of --alerts
              --visibility-topic TOPIC        visibility records (at least once, keyed by sign-in id)
              --dead-letter-topic TOPIC       dead letters (at least once)
              --late-topic TOPIC              late sign-ins (at least once, keyed by sign-in id)
              --tuning-topic TOPIC            compacted topic of tuning records, read from its start; added to --tuning
              --kafka-properties FILE         client properties (security, SASL, timeouts). Secrets come from the
                                              environment, never from flags: DCWATCH_EVENTHUBS_CONNECTION_STRING (or
                                              ..._FILE naming a file) for Event Hubs; DCWATCH_KAFKA_<NAME>[_FILE] for
                                              any client property, e.g. DCWATCH_KAFKA_SASL_JAAS_CONFIG
              --output-bootstrap-servers HOSTS  another cluster for the output topics (e.g. Kafka with transactions
              --output-kafka-properties FILE    when the input is Event Hubs); secrets from DCWATCH_OUTPUT_...
              --starting-offsets WHERE        committed (default; earliest for a new group), earliest, latest, or
                                              timestamp:WHEN (epoch millis or ISO-8601); a restored run ignores it
              --group-id ID                   consumer group, also names the deployment (default dcwatch)
              --alerts-delivery GUARANTEE     exactly-once (default: Kafka transactions) or at-least-once (Event Hubs,
                                              which has no transactions: consumers de-duplicate on alertId+revision)
              --transactional-id-prefix P     unique per deployment on a cluster (default GROUP-ID-ALERTS-TOPIC)
              --transaction-timeout D         below the broker's transaction.max.timeout.ms (default 10m)
              --checkpoint-interval D         default 10s, or the cluster's execution.checkpointing.interval
              --history PATH                  read this history export (files, any format) first, then the topic:
                                              sign-ins before the --starting-offsets timestamp:WHEN teach the per-user
                                              ASN baselines and raise no alerts
              --alert-on-history              let the history alert too (then any --starting-offsets will do)

            Exactly once: alerts are written in Kafka transactions that commit when a checkpoint completes, so a
            consumer with isolation.level=read_committed sees each alert once, and sees it up to one checkpoint
            interval (plus the checkpoint's duration) after it was detected.
            """;

    /** The Kafka run's flags with a value; {@code checkpoint-interval} is shared with file runs. */
    static final Set<String> VALUE_FLAGS = Set.of(
            "bootstrap-servers",
            "input-topic",
            "alerts-topic",
            "visibility-topic",
            "dead-letter-topic",
            "late-topic",
            "tuning-topic",
            "kafka-properties",
            "output-bootstrap-servers",
            "output-kafka-properties",
            "starting-offsets",
            "group-id",
            "alerts-delivery",
            "transactional-id-prefix",
            "transaction-timeout",
            "history");

    static final Set<String> SWITCHES = Set.of("alert-on-history");

    private static final Duration TUNING_SNAPSHOT_TIMEOUT = Duration.ofMinutes(1);

    /** Flags of a file run that have a topic instead in a Kafka run. */
    private static final Map<String, String> FILE_FLAGS = Map.of(
            "input",
            "input-topic",
            "alerts",
            "alerts-topic",
            "visibility",
            "visibility-topic",
            "dead-letters",
            "dead-letter-topic",
            "late",
            "late-topic");

    private final KafkaSettings settings;
    private final String historyPath;
    private final long learnOnlyBefore;
    private final Duration checkpointInterval;

    private KafkaRunOptions(
            KafkaSettings settings, String historyPath, long learnOnlyBefore, Duration checkpointInterval) {
        this.settings = settings;
        this.historyPath = historyPath;
        this.learnOnlyBefore = learnOnlyBefore;
        this.checkpointInterval = checkpointInterval;
    }

    /**
     * Whether the command line asks for a Kafka run: any Kafka flag but the history's, which a file run refuses with a
     * message of its own ({@link #rejectInFileRun}).
     */
    static boolean isKafkaRun(CommandLine line) {
        return VALUE_FLAGS.stream().filter(flag -> !flag.equals("history")).anyMatch(line::has);
    }

    /**
     * @param env the environment, where the secrets are ({@code System.getenv()})
     */
    static KafkaRunOptions parse(CommandLine line, Map<String, String> env) {
        for (Map.Entry<String, String> fileFlag : FILE_FLAGS.entrySet()) {
            if (line.has(fileFlag.getKey())) {
                throw new UsageException("--" + fileFlag.getKey() + " is for files; a Kafka run reads and writes "
                        + "topics: use --" + fileFlag.getValue());
            }
        }
        if (!line.has("input-topic")) {
            throw new UsageException("a Kafka run needs --input-topic, the topic of sign-in messages (or give --input "
                    + "and --alerts for files, without Kafka flags)");
        }
        if (!line.has("bootstrap-servers")) {
            throw new UsageException("--input-topic needs --bootstrap-servers, the Kafka cluster (for Event Hubs "
                    + "NAMESPACE.servicebus.windows.net:9093)");
        }
        if (!line.has("alerts-topic")) {
            throw new UsageException("a Kafka run needs --alerts-topic, where the alerts go");
        }
        if (line.has("output-kafka-properties") && !line.has("output-bootstrap-servers")) {
            throw new UsageException("--output-kafka-properties needs --output-bootstrap-servers");
        }

        KafkaSettings.Cluster input = cluster(line, env);
        KafkaSettings.Cluster output = line.has("output-bootstrap-servers")
                ? new KafkaSettings.Cluster(
                        line.get("output-bootstrap-servers"),
                        KafkaClientProperties.load(
                                path(line, "output-kafka-properties"),
                                env,
                                KafkaClientProperties.OUTPUT_ENV_PREFIX,
                                "--output-kafka-properties"))
                : null;

        DeliveryGuarantee delivery = delivery(line.get("alerts-delivery"));
        if (delivery != DeliveryGuarantee.EXACTLY_ONCE && line.has("transactional-id-prefix")) {
            throw new UsageException("--transactional-id-prefix is for --alerts-delivery exactly-once");
        }
        Duration checkpointInterval = line.duration("checkpoint-interval", null);
        Duration transactionTimeout = transactionTimeout(line, output != null ? output : input);
        Duration effectiveInterval =
                checkpointInterval != null ? checkpointInterval : JobConfiguration.DEFAULT_CHECKPOINT_INTERVAL;
        if (delivery == DeliveryGuarantee.EXACTLY_ONCE && transactionTimeout.compareTo(effectiveInterval) <= 0) {
            throw new UsageException("--transaction-timeout (" + transactionTimeout + ") must be longer than the "
                    + "checkpoint interval (" + effectiveInterval + "): a transaction stays open from one checkpoint "
                    + "to the next, and the broker aborts it when it times out");
        }

        StartingOffsets startingOffsets = line.has("starting-offsets")
                ? StartingOffsets.parse(line.get("starting-offsets"))
                : StartingOffsets.COMMITTED;
        long learnOnlyBefore = learnOnlyBefore(line, startingOffsets);

        KafkaSettings settings = KafkaSettings.builder(input)
                .output(output)
                .inputTopics(topics(line.get("input-topic")))
                .alertsTopic(line.get("alerts-topic"))
                .visibilityTopic(line.get("visibility-topic"))
                .deadLetterTopic(line.get("dead-letter-topic"))
                .lateTopic(line.get("late-topic"))
                .tuningTopic(line.get("tuning-topic"))
                .groupId(line.has("group-id") ? line.get("group-id") : KafkaSettings.DEFAULT_GROUP_ID)
                .startingOffsets(startingOffsets)
                .alertsDelivery(delivery)
                .transactionalIdPrefix(line.get("transactional-id-prefix"))
                .transactionTimeout(transactionTimeout)
                .build();
        return new KafkaRunOptions(settings, line.get("history"), learnOnlyBefore, checkpointInterval);
    }

    /**
     * The cluster of {@code --bootstrap-servers} and {@code --kafka-properties}, with the secrets of the environment
     * ({@link KafkaClientProperties#INPUT_ENV_PREFIX}): how {@code run} reads its input and {@code generate} writes.
     */
    static KafkaSettings.Cluster cluster(CommandLine line, Map<String, String> env) {
        Properties properties = KafkaClientProperties.load(
                path(line, "kafka-properties"), env, KafkaClientProperties.INPUT_ENV_PREFIX, "--kafka-properties");
        return new KafkaSettings.Cluster(line.require("bootstrap-servers"), properties);
    }

    /** Refuses the Kafka-only flags in a file run. */
    static void rejectInFileRun(CommandLine line) {
        if (line.has("history") || line.has("alert-on-history")) {
            throw new UsageException(
                    "--history bootstraps a Kafka run: it is read before --input-topic. In a file run, "
                            + "give the history and the new sign-ins together as --input");
        }
    }

    /**
     * The job configuration of a Kafka run. No restart strategy is set: a checkpointed job gets Flink's default
     * (exponential delay) or the cluster's, where a file run fails at once.
     */
    Configuration configuration() {
        Configuration config = JobConfiguration.defaults();
        if (checkpointInterval != null) config.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, checkpointInterval);
        return config;
    }

    /**
     * Checkpoints commit the alerts, so a Kafka run always has them: every --checkpoint-interval, else as the cluster
     * configures them, else every {@link JobConfiguration#DEFAULT_CHECKPOINT_INTERVAL}.
     */
    void enableCheckpointing(StreamExecutionEnvironment env) {
        if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
            env.getCheckpointConfig().setCheckpointInterval(JobConfiguration.DEFAULT_CHECKPOINT_INTERVAL.toMillis());
        }
    }

    /** The tuning of the --tuning file, then what the tuning topic holds now ({@link TuningTopicSnapshot}). */
    List<String> withTopicTuning(List<String> fileTuning) throws TimeoutException {
        if (settings.tuningTopic() == null) return fileTuning;
        List<String> tuning = new ArrayList<>(fileTuning);
        tuning.addAll(TuningTopicSnapshot.read(settings, TUNING_SNAPSHOT_TIMEOUT));
        return tuning;
    }

    KafkaSettings settings() {
        return settings;
    }

    /** The history export to read before the topic, or null. */
    String historyPath() {
        return historyPath;
    }

    /** See {@link JobSettings#learnOnlyBefore()}. */
    long learnOnlyBefore() {
        return learnOnlyBefore;
    }

    /** The --checkpoint-interval flag, or null to take the cluster's setting, else the default. */
    Duration checkpointInterval() {
        return checkpointInterval;
    }

    private static long learnOnlyBefore(CommandLine line, StartingOffsets startingOffsets) {
        if (!line.has("history")) {
            if (line.has("alert-on-history")) throw new UsageException("--alert-on-history needs --history");
            return JobSettings.NO_HISTORY;
        }
        if (!Path.of(line.get("history")).toFile().exists()) {
            throw new UsageException("--history: no such file or directory: " + line.get("history"));
        }
        if (line.has("alert-on-history")) return JobSettings.NO_HISTORY;
        if (startingOffsets.kind() != StartingOffsets.Kind.TIMESTAMP) {
            throw new UsageException("--history needs --starting-offsets timestamp:WHEN, the instant the history "
                    + "export ends: the topic is read from there on, and the sign-ins before it teach the baselines "
                    + "without alerting (or give --alert-on-history to alert on the history too)");
        }
        return startingOffsets.timestampMillis();
    }

    /** The flag, else {@code transaction.timeout.ms} of the output cluster's properties, else the default. */
    private static Duration transactionTimeout(CommandLine line, KafkaSettings.Cluster output) {
        Duration timeout;
        String fromFile = output.properties().getProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
        if (line.has("transaction-timeout")) {
            timeout = line.duration("transaction-timeout", null);
        } else if (fromFile == null) {
            timeout = KafkaSettings.DEFAULT_TRANSACTION_TIMEOUT;
        } else {
            try {
                timeout = Duration.ofMillis(Long.parseLong(fromFile.strip()));
            } catch (NumberFormatException e) {
                throw new UsageException(
                        ProducerConfig.TRANSACTION_TIMEOUT_CONFIG + " must be milliseconds, was '" + fromFile + "'");
            }
        }
        if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new UsageException("--transaction-timeout must be more than 0 and at most 24 days, was " + timeout);
        }
        return timeout;
    }

    private static DeliveryGuarantee delivery(String value) {
        if (value == null) return DeliveryGuarantee.EXACTLY_ONCE;
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "exactly-once" -> DeliveryGuarantee.EXACTLY_ONCE;
            case "at-least-once" -> DeliveryGuarantee.AT_LEAST_ONCE;
            default ->
                throw new UsageException(
                        "--alerts-delivery must be exactly-once or at-least-once, was '" + value + "'");
        };
    }

    private static List<String> topics(String value) {
        List<String> topics = Arrays.stream(value.split(","))
                .map(String::strip)
                .filter(t -> !t.isEmpty())
                .toList();
        if (topics.isEmpty()) throw new UsageException("--input-topic needs a topic name");
        return topics;
    }

    private static Path path(CommandLine line, String flag) {
        return line.has(flag) ? Path.of(line.get(flag)) : null;
    }
}
