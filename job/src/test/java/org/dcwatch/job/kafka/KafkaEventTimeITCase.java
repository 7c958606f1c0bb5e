package org.dcwatch.job.kafka;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.dcwatch.job.cli.Dcwatch;
import org.dcwatch.job.config.JobSettings;
import org.dcwatch.job.generate.EventHubRecord;
import org.dcwatch.job.generate.LabelledSignIns;
import org.dcwatch.job.generate.LoadSignIns;
import org.dcwatch.job.generate.MessageTarget;
import org.dcwatch.job.generate.ScenarioLabel;
import org.dcwatch.job.generate.ScenarioPlan;
import org.dcwatch.job.generate.SignInFormat;
import org.dcwatch.job.generate.SignInMessages;
import org.dcwatch.job.generate.SignInSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Event time over several Kafka partitions and topics. Entra writes interactive and non-interactive sign-ins to two
 * event hubs, the non-interactive ones about 15 minutes later, and the partitions of one hub do not keep step either.
 * A sign-in must count as late only when it is late in its own partition: a topic or partition that lags the others
 * by more than the out-of-orderness (5 minutes) must hold event time back, not have its sign-ins dropped from the
 * rules (above all {@code concurrent-interactive-noninteractive}, which needs the non-interactive ones).
 *
 * <p>The generated run of {@code QualityReportITCase} ({@code generate --records 20000 --users 200 --days 14 --seed 7
 * --scenarios all=2}, one Event Hub message a record) is split as Entra splits it: {@code SignInLogs} to one topic,
 * {@code NonInteractiveUserSignInLogs} (and the device-registration audit records beside them) to the other, each of 4
 * partitions, a record's partition a hash of its id, each
 * partition in the file's order. The reference is {@code dcwatch run} on the same lines as one file: one ordered
 * stream, where only the {@code very-late-delivery} pollers are late, by design. The command line is the reference,
 * not the job's classes, because it is the stable contract while the source is rewritten.
 *
 * <p>Both runs must report the same sign-ins for each rule and user, every malicious scenario must hit the same
 * rules, and the same sign-ins must be late. Not the same alert ids: {@code unseen-asn} decides a sign-in when it
 * arrives and suppression names an alert after the first of its detections to arrive, so two alerts of one user
 * within the suppression window may be named after either sign-in, as the partitions happen to interleave.
 */
class KafkaEventTimeITCase {

    @RegisterExtension
    @Order(1)
    static final KafkaBroker KAFKA = new KafkaBroker();

    /**
     * As {@link KafkaTestJobs#miniCluster}, but with the REST metrics fetched every 100 ms instead of every 10 s: the
     * test waits for the operators' watermarks, which the REST API reports only as fresh as its last fetch.
     */
    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .setConfiguration(
                    new Configuration().set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofMillis(100)))
            .build());

    /** Where {@code generate}'s span ends. */
    private static final Instant END = Instant.parse("2026-03-01T00:00:00Z");

    private static final int PARTITIONS = 4;
    /** The partition of each topic that runs one round behind the topic's other partitions. */
    private static final int LAGGING_PARTITION = 3;
    /** How far each round of the live feed moves event time. */
    private static final Duration ROUND = Duration.ofMinutes(30);
    /** How far the non-interactive topic trails the interactive one, in event time, as Entra's hubs do. */
    private static final Duration NON_INTERACTIVE_DELAY = Duration.ofMinutes(15);
    /**
     * The wall time between two rounds that carry records. The job's idleness is 1 minute of wall time: a partition
     * that sends nothing for that long stops holding event time back, and then its next sign-ins may be late because
     * the others went on — in Kafka as in Event Hubs. A real feed never pauses that long, so neither may this one: its
     * ~800 rounds with records take ~16 s, so no partition can fall silent for a minute before the feed ends (rounds
     * without records cost no wall time; they only move the feed's clock), and the test fails if the feed took longer
     * than half the idleness. Not much faster either: the job must keep up, or it reads a backlog whose partitions
     * it interleaves in batches of hours of event time, which is the backlog test's case, not this one's.
     */
    private static final Duration ROUND_PERIOD = Duration.ofMillis(20);

    private static final Duration IDLENESS = JobSettings.defaults().idleness();
    /** The markers' time: a day after the span, so that every window of the span has fired once they are read. */
    private static final Instant AFTER_THE_END = END.plus(Duration.ofDays(1));
    /** Every operator's input watermark is past this once every partition's marker is read (5 minutes' bound). */
    private static final long ALL_WINDOWS_FIRED =
            AFTER_THE_END.minus(Duration.ofMinutes(10)).toEpochMilli();

    private static final Duration TIMEOUT = KafkaTestJobs.TIMEOUT;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path temp;

    /** The generated run, in the file's (arrival) order. */
    static List<Message> messages;

    static List<ScenarioLabel> labels;
    /** What {@code dcwatch run} reported on the file. */
    static Outputs fileRun;

    /**
     * One message of the generated run.
     *
     * @param arrival when it reaches the reader: the newest event time up to it in the file, which the generator
     *     writes in arrival order (a late record arrives with the records of its arrival time)
     */
    record Message(String line, String id, boolean interactive, long eventTime, long arrival) {

        int partition() {
            return Math.floorMod(id.hashCode(), PARTITIONS);
        }
    }

    @BeforeAll
    static void generateAndRunTheFile() throws Exception {
        Duration span = Duration.ofDays(14);
        Instant start = END.minus(span);
        // as GenerateCommand builds it for --records 20000 --users 200 --days 14 --seed 7 --scenarios all=2
        LabelledSignIns generator = new LabelledSignIns(
                new LoadSignIns(7, 200, start, span), 20_000, start, span, ScenarioPlan.parse("all=2", null), 7);
        StringWriter text = new StringWriter();
        // --format eventhub --per-envelope 1: an Event Hub message of one record, one a Kafka record
        try (SignInMessages out = new SignInMessages(SignInFormat.EVENTHUB, 1, MessageTarget.lines(text))) {
            generator.write(out);
        }
        List<String> lines = text.toString().lines().toList();
        labels = generator.labels();
        messages = new ArrayList<>();
        long newest = Long.MIN_VALUE;
        for (String line : lines) {
            JsonNode record = MAPPER.readTree(line).path("records").path(0);
            // a sign-in's createdDateTime, or a device registration's activityDateTime: the run holds both
            JsonNode properties = record.path("properties");
            String created = properties.path("createdDateTime").asText(null);
            long eventTime = OffsetDateTime.parse(
                            created != null
                                    ? created
                                    : properties.path("activityDateTime").asText())
                    .toInstant()
                    .toEpochMilli();
            newest = Math.max(newest, eventTime);
            messages.add(new Message(
                    line,
                    record.path("properties").path("id").asText(),
                    record.path("category").asText().equals("SignInLogs"),
                    eventTime,
                    newest));
        }

        Path input = Files.write(temp.resolve("signins.jsonl"), lines);
        Path out = temp.resolve("file-run");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int exit = new Dcwatch(
                        new PrintStream(printed, true, StandardCharsets.UTF_8),
                        new PrintStream(printed, true, StandardCharsets.UTF_8))
                .execute(
                        "run",
                        "--input",
                        input.toString(),
                        "--alerts",
                        out.resolve("alerts.jsonl").toString(),
                        "--visibility",
                        out.resolve("visibility.jsonl").toString(),
                        "--late",
                        out.resolve("late.jsonl").toString(),
                        "--quiet");
        assertEquals(0, exit, printed.toString(StandardCharsets.UTF_8));
        fileRun = Outputs.of(
                lines(out.resolve("alerts.jsonl")),
                lines(out.resolve("visibility.jsonl")),
                lines(out.resolve("late.jsonl")));

        // the reference itself: late are exactly some of the very-late pollers, and every other malicious run is seen
        Set<String> veryLate = new HashSet<>();
        labels.stream()
                .filter(label -> label.kind().equals("very-late-delivery"))
                .forEach(label -> veryLate.addAll(label.signInIds()));
        assertFalse(fileRun.late().isEmpty(), "the file run has late sign-ins");
        assertTrue(
                veryLate.containsAll(fileRun.late()),
                "late in the file run are very-late-delivery pollers only: " + fileRun.late());
        for (ScenarioLabel label : labels) {
            if (label.malicious() && !label.kind().equals("very-late-delivery")) {
                assertFalse(
                        fileRun.rulesByMaliciousScenario()
                                .get(label.scenarioId())
                                .isEmpty(),
                        label.scenarioId());
            }
        }
    }

    /**
     * The job runs first, then the topics fill as a live feed, in rounds of 30 minutes of event time: the
     * non-interactive topic 15 minutes behind the interactive one, and one partition of each a round further behind.
     * Parallelism 2 over 8 partitions, so each task reads partitions of both topics.
     */
    @Test
    void liveTopicsThatLagEachOtherRaiseWhatTheFileRaises(@InjectMiniCluster MiniCluster cluster) throws Exception {
        Topics topics = new Topics("live", "interactive", "noninteractive");
        topics.create();
        try (RunningJob job = topics.startJob(2, JobSettings.defaults(), new Properties())) {
            awaitRunning(cluster, job);
            Duration feed = produceLive(topics);
            assertTrue(
                    feed.compareTo(IDLENESS.dividedBy(2)) < 0,
                    "the live feed took " + feed + ": that long, partitions may have gone idle (" + IDLENESS
                            + ") and the test proves nothing");
            assertSameAsTheFile("live", awaitOutputs(cluster, job, topics));
        }
    }

    /**
     * Both topics hold every record before the job starts from the earliest offsets, at parallelism 1: one task reads
     * all 8 partitions, each fetch hours to days of event time of each partition in turn, so the skew between
     * partitions is the consumer's, not the feed's. Event time follows the slowest partition either way; with
     * watermark alignment (deploy/README.md, "Two hubs, minutes apart", says why it is not offered yet) the partitions
     * that run ahead are also paused, so that the skew stays below what the rules allow for: without it, unseen-asn
     * judges device-code sign-ins of one partition before another has taught the baseline the days before them, and
     * sign-ins late within their own partition (the very-late pollers) are on time for a task whose slowest partition
     * is a day behind.
     */
    @Test
    void aBacklogOfBothTopicsRaisesWhatTheFileRaises(@InjectMiniCluster MiniCluster cluster) throws Exception {
        Topics topics = new Topics("backlog", "backlog-interactive", "backlog-noninteractive");
        topics.create();
        try (KafkaProducer<String, String> producer = KAFKA.producer()) {
            for (Message message : messages) producer.send(topics.record(message));
            for (ProducerRecord<String, String> marker : topics.markers()) producer.send(marker);
            producer.flush();
        }
        // generated data is sparse: a fetch of a megabyte is 200 sign-ins, a day of a partition's event time, where
        // production's is a second; small fetches give alignment the steps it has in production
        Properties smallFetches = new Properties();
        smallFetches.setProperty(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "8192");
        try (RunningJob job = topics.startJob(1, JobSettings.defaults(), smallFetches)) {
            assertNothingLostOnABacklog(awaitOutputs(cluster, job, topics));
        }
    }

    /** The two input topics of a test and its own outputs and consumer group. */
    record Topics(String name, String interactive, String nonInteractive) {

        String alerts() {
            return name + "-alerts";
        }

        String visibility() {
            return name + "-visibility";
        }

        String late() {
            return name + "-late";
        }

        List<String> inputs() {
            return List.of(interactive, nonInteractive);
        }

        void create() throws Exception {
            KAFKA.createTopics(PARTITIONS, interactive, nonInteractive);
            KAFKA.createTopics(alerts(), visibility(), late());
        }

        /** The job as production builds it, on both topics from the earliest offsets. */
        RunningJob startJob(int parallelism, JobSettings job, Properties consumer) throws Exception {
            KafkaSettings settings = KafkaSettings.builder(
                            new KafkaSettings.Cluster(KAFKA.bootstrapServers(), consumer))
                    .inputTopics(inputs())
                    .alertsTopic(alerts())
                    .visibilityTopic(visibility())
                    .lateTopic(late())
                    .groupId(name + "-event-time-it")
                    .startingOffsets(StartingOffsets.parse("earliest"))
                    .build();
            StreamExecutionEnvironment env = KafkaTestJobs.environment(Duration.ofMillis(500));
            env.setParallelism(parallelism);
            var signIns = KafkaPipeline.signIns(settings, job, null);
            KafkaPipeline.detectionJob(job, settings, signIns, List.of()).build(env);
            return RunningJob.start(env, "event time, " + name);
        }

        String topic(boolean interactiveSignIns) {
            return interactiveSignIns ? interactive : nonInteractive;
        }

        ProducerRecord<String, String> record(Message message) {
            // no key, as Entra publishes; the partition chosen here, so that each keeps the file's order
            return new ProducerRecord<>(topic(message.interactive()), message.partition(), null, message.line());
        }

        /**
         * A sign-in a day after the span on every partition, as {@code deploy/local/end-of-feed.json} ends a local
         * feed: it moves each partition past the end, so that every window fires. A plain sign-in of its own user, no
         * device code: no rule fires on it.
         */
        List<ProducerRecord<String, String>> markers() {
            List<ProducerRecord<String, String>> markers = new ArrayList<>();
            for (boolean interactiveSignIns : List.of(true, false)) {
                for (int partition = 0; partition < PARTITIONS; partition++) {
                    SignInSpec signIn = new SignInSpec(
                                    "end-of-feed-" + topic(interactiveSignIns) + "-" + partition, AFTER_THE_END)
                            .user(
                                    LoadSignIns.TENANT,
                                    "00000000-0000-4000-8000-00000000e0f0",
                                    "end-of-feed@" + LoadSignIns.DOMAIN,
                                    "End of feed")
                            .network("192.0.2.1", 64496, "DE", "Berlin");
                    if (!interactiveSignIns) signIn.tokenRefresh();
                    markers.add(new ProducerRecord<>(
                            topic(interactiveSignIns),
                            partition,
                            null,
                            "{\"records\":[" + EventHubRecord.render(signIn) + "]}"));
                }
            }
            return markers;
        }

        /** How far a partition trails the front of the feed, in event time. */
        Duration behind(boolean interactiveSignIns, int partition) {
            Duration topicDelay = interactiveSignIns ? Duration.ZERO : NON_INTERACTIVE_DELAY;
            return partition == LAGGING_PARTITION ? topicDelay.plus(ROUND) : topicDelay;
        }
    }

    /**
     * Produces the run as a live feed, then the markers; returns the wall time it took. Each round moves the feed's
     * front by {@link #ROUND} and sends every partition's messages that have arrived by the front less the partition's
     * delay, in the file's order. The last rounds let the lagging partitions catch up.
     */
    private static Duration produceLive(Topics topics) throws Exception {
        Map<Integer, List<Message>> byPartition = new LinkedHashMap<>(); // interactive 0..3, then non-interactive 4..7
        for (Message message : messages) {
            byPartition
                    .computeIfAbsent(
                            (message.interactive() ? 0 : PARTITIONS) + message.partition(), key -> new ArrayList<>())
                    .add(message);
        }
        Map<Integer, Integer> sent = new TreeMap<>();
        long started = System.nanoTime();
        int roundsWithRecords = 0;
        try (KafkaProducer<String, String> producer = KAFKA.producer()) {
            long front = messages.get(0).arrival();
            while (sent.values().stream().mapToInt(Integer::intValue).sum() < messages.size()) {
                front += ROUND.toMillis();
                boolean any = false;
                for (Map.Entry<Integer, List<Message>> partition : byPartition.entrySet()) {
                    boolean interactiveSignIns = partition.getKey() < PARTITIONS;
                    long until = front
                            - topics.behind(interactiveSignIns, partition.getKey() % PARTITIONS)
                                    .toMillis();
                    int next = sent.getOrDefault(partition.getKey(), 0);
                    List<Message> queue = partition.getValue();
                    while (next < queue.size() && queue.get(next).arrival() < until) {
                        producer.send(topics.record(queue.get(next++)));
                        any = true;
                    }
                    sent.put(partition.getKey(), next);
                }
                if (any) {
                    producer.flush();
                    // pacing a feed, not waiting for an outcome: the next round is due a period after the last
                    long due = started + ROUND_PERIOD.toNanos() * ++roundsWithRecords;
                    long wait = due - System.nanoTime();
                    if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            for (ProducerRecord<String, String> marker : topics.markers()) producer.send(marker);
            producer.flush();
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /**
     * Waits until the job has read everything and every window has fired, then reads its outputs:
     *
     * <ol>
     *   <li>the consumer group has committed the end of every partition: the source commits on completed checkpoints,
     *       so every record was read and went through the job before that checkpoint's barrier;
     *   <li>every operator's input watermark is past the end of the span: the markers' watermark has reached every
     *       task, so every window of the span fired and its alerts went on to the sink;
     *   <li>those alerts are committed ({@link RunningJob#awaitCommitted}).
     * </ol>
     */
    private static Outputs awaitOutputs(MiniCluster cluster, RunningJob job, Topics topics) throws Exception {
        String group = topics.name() + "-event-time-it";
        job.await("every record read and checkpointed", () -> KAFKA.committedToTheEnd(group, topics.inputs()));
        job.await(
                "every operator's watermark past the span",
                () -> lowestInputWatermark(cluster, job.id()) >= ALL_WINDOWS_FIRED);
        job.awaitCommitted(cluster);
        return Outputs.of(
                KafkaBroker.values(KAFKA.readAll(topics.alerts(), true, TIMEOUT)),
                KafkaBroker.values(KAFKA.readAll(topics.visibility(), true, TIMEOUT)),
                KafkaBroker.values(KAFKA.readAll(topics.late(), true, TIMEOUT)));
    }

    private static void assertSameAsTheFile(String run, Outputs kafka) {
        System.out.println(compared(run, kafka));
        assertAll(
                () -> assertEquals(
                        fileRun.rulesByMaliciousScenario(),
                        kafka.rulesByMaliciousScenario(),
                        run + ": the rules every malicious scenario hits"),
                () -> assertEquals(
                        fileRun.reported(), kafka.reported(), run + ": the sign-ins each rule reported, per user"),
                () -> assertTrue(
                        fileRun.late().equals(kafka.late()),
                        () -> run + ": the late sign-ins: "
                                + kafka.late().size() + ", file "
                                + fileRun.late().size() + "; late only on Kafka "
                                + firstOf(without(kafka.late(), fileRun.late())) + ", only in the file "
                                + firstOf(without(fileRun.late(), kafka.late()))));
    }

    /**
     * A backlog loses nothing the file run raises and makes no sign-in late that the file run does not. Only the
     * file run's late sign-ins (the very-late pollers, two hours behind in the file's order) may be on time here:
     * they are late in their own partition, but the task's event time is its slowest partition's, which a backlog read
     * a few records a partition at a time keeps behind them. Then the rules see them: more alerts, on those alone.
     */
    private static void assertNothingLostOnABacklog(Outputs kafka) {
        System.out.println(compared("backlog", kafka));
        Set<String> lateInTheFile = new HashSet<>(fileRun.late());
        Set<String> usersWithLateSignIns = new HashSet<>();
        labels.stream()
                .filter(label -> label.signInIds().stream().anyMatch(lateInTheFile::contains))
                .forEach(label -> usersWithLateSignIns.add(label.tenantId() + " " + label.userId()));
        assertAll(
                () -> fileRun.rulesByMaliciousScenario()
                        .forEach((scenario, rules) -> assertTrue(
                                kafka.rulesByMaliciousScenario().get(scenario).containsAll(rules),
                                "backlog: " + scenario)),
                () -> assertEquals(
                        reportedBut(fileRun, usersWithLateSignIns),
                        reportedBut(kafka, usersWithLateSignIns),
                        "backlog: the sign-ins each rule reported, per user, but for the users of late sign-ins"),
                () -> assertTrue(lateInTheFile.containsAll(kafka.late()), "backlog: late " + kafka.late()));
    }

    /** {@link Outputs#reported()} without the entries of the given users ("tenant user"). */
    private static SortedMap<String, SortedSet<String>> reportedBut(Outputs run, Set<String> users) {
        SortedMap<String, SortedSet<String>> reported = run.reported();
        reported.keySet().removeIf(key -> users.contains(key.substring(key.indexOf(' ') + 1)));
        return reported;
    }

    private static List<String> without(List<String> ids, List<String> others) {
        Set<String> exclude = new HashSet<>(others);
        return ids.stream().filter(id -> !exclude.contains(id)).toList();
    }

    /** A long list of ids, shortened for a message. */
    private static String firstOf(List<String> ids) {
        return ids.size() <= 5 ? ids.toString() : ids.size() + " " + ids.subList(0, 5) + "...";
    }

    /** What differs between the Kafka run and the file run, for the test's output. */
    private static String compared(String run, Outputs kafka) {
        StringBuilder text = new StringBuilder(run + ": alert documents " + kafka.alertDocuments() + " (file "
                + fileRun.alertDocuments() + "), distinct (rule, alert id) "
                + kafka.alerts().size() + " (file "
                + fileRun.alerts().size() + ")\n");
        text.append("  missing: ").append(difference(fileRun, kafka)).append('\n');
        text.append("  extra:   ").append(difference(kafka, fileRun)).append('\n');
        fileRun.rulesByMaliciousScenario().forEach((scenario, rules) -> {
            SortedSet<String> hit = kafka.rulesByMaliciousScenario().get(scenario);
            if (!rules.equals(hit))
                text.append("  ")
                        .append(scenario)
                        .append(": file ")
                        .append(rules)
                        .append(", kafka ")
                        .append(hit)
                        .append('\n');
        });
        long lateInBoth = kafka.late().stream().filter(fileRun.late()::contains).count();
        text.append("  late: ")
                .append(kafka.late().size())
                .append(" (file ")
                .append(fileRun.late().size())
                .append(", of them late in both: ")
                .append(lateInBoth)
                .append(')');
        return text.toString();
    }

    /** The alerts of {@code of} that {@code other} lacks: how many per rule, and the scenarios they hit. */
    private static String difference(Outputs of, Outputs other) {
        SortedMap<String, Integer> perRule = new TreeMap<>();
        SortedSet<String> scenarios = new TreeSet<>();
        of.alerts().forEach((key, detection) -> {
            if (other.alerts().containsKey(key)) return;
            perRule.merge(detection.ruleId(), 1, Integer::sum);
            labels.stream().filter(detection::hits).forEach(label -> scenarios.add(label.scenarioId()));
        });
        return perRule + " hitting " + scenarios;
    }

    /**
     * What a run reported.
     *
     * @param alerts every alert by "rule alert-id", as its highest revision shows it
     * @param rulesByMaliciousScenario per malicious label, the rules that hit it (docs/quality.md: the
     *     detection's tenant and user are the label's and its evidence holds one of the label's sign-ins; for
     *     device-code-visibility, a visibility record raised above informational)
     * @param late the ids of the late sign-ins, sorted
     */
    record Outputs(
            int alertDocuments,
            SortedMap<String, Detection> alerts,
            SortedMap<String, SortedSet<String>> rulesByMaliciousScenario,
            List<String> late) {

        /** Per "rule tenant user", every sign-in its alerts showed, whatever alert ids they came under. */
        SortedMap<String, SortedSet<String>> reported() {
            SortedMap<String, SortedSet<String>> reported = new TreeMap<>();
            alerts.values()
                    .forEach(detection -> reported.computeIfAbsent(
                                    detection.ruleId() + " " + detection.tenantId() + " " + detection.userKey(),
                                    key -> new TreeSet<>())
                            .addAll(detection.signInIds()));
            return reported;
        }

        static Outputs of(List<String> alertLines, List<String> visibilityLines, List<String> lateLines) {
            SortedMap<String, Detection> alerts = new TreeMap<>();
            Map<String, Integer> revisions = new HashMap<>();
            for (String line : alertLines) {
                JsonNode alert = AlertDocuments.parse(line);
                Set<String> evidence = new HashSet<>();
                alert.path("evidence")
                        .forEach(signIn -> evidence.add(signIn.path("signInId").asText()));
                String ruleId = alert.path("rule").path("id").asText();
                Detection detection = new Detection(
                        ruleId,
                        alert.path("tenantId").asText(),
                        alert.path("user").path("key").asText(),
                        alert.path("user").path("userPrincipalName").asText(),
                        evidence);
                String key = ruleId + " " + alert.path("alertId").asText();
                int revision = alert.path("revision").asInt();
                // a consumer keeps the highest revision: the evidence it shows does not depend on the order in which
                // the detections reached suppression, the revisions before it may
                if (revision >= revisions.getOrDefault(key, -1)) {
                    revisions.put(key, revision);
                    alerts.put(key, detection);
                }
            }
            List<Detection> detections = new ArrayList<>(alerts.values());
            for (String line : visibilityLines) {
                JsonNode record = AlertDocuments.parse(line);
                if (record.path("severity").asText().equals("informational")) continue;
                detections.add(new Detection(
                        "device-code-visibility",
                        record.path("tenantId").asText(),
                        record.path("userKey").asText(),
                        record.path("UserPrincipalName").asText(),
                        Set.of(record.path("signInId").asText())));
            }
            SortedMap<String, SortedSet<String>> rules = new TreeMap<>();
            for (ScenarioLabel label : labels) {
                if (!label.malicious()) continue;
                SortedSet<String> hit = new TreeSet<>();
                detections.stream()
                        .filter(detection -> detection.hits(label))
                        .forEach(detection -> hit.add(detection.ruleId()));
                rules.put(label.scenarioId(), hit);
            }
            List<String> late = lateLines.stream()
                    .map(line -> AlertDocuments.parse(line).path("id").asText())
                    .sorted()
                    .toList();
            return new Outputs(alertLines.size(), alerts, rules, late);
        }
    }

    record Detection(String ruleId, String tenantId, String userKey, String userPrincipalName, Set<String> signInIds) {

        /** dcwatch keys a user by object id, or by the lower-cased UPN when a record has none. */
        boolean hits(ScenarioLabel label) {
            boolean sameUser = label.userId().equals(userKey)
                    || (!label.userPrincipalName().isEmpty()
                            && (label.userPrincipalName().equalsIgnoreCase(userKey)
                                    || label.userPrincipalName().equalsIgnoreCase(userPrincipalName)));
            return label.tenantId().equals(tenantId)
                    && sameUser
                    && label.signInIds().stream().anyMatch(signInIds::contains);
        }
    }

    private static List<String> lines(Path file) throws Exception {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    /** Waits until every task of the job runs (or has finished, as the empty tuning input does): the feed may start. */
    private static void awaitRunning(MiniCluster cluster, RunningJob job) throws Exception {
        job.await("every task running", () -> {
            for (JsonNode vertex : rest(cluster, "/jobs/" + job.id()).path("vertices")) {
                String status = vertex.path("status").asText();
                if (!status.equals("RUNNING") && !status.equals("FINISHED")) return false;
            }
            return true;
        });
    }

    /**
     * The lowest input watermark over every subtask of every vertex that has inputs (sources have none), from the
     * REST API; the lowest possible value while a subtask has not reported one yet.
     */
    private static long lowestInputWatermark(MiniCluster cluster, JobID job) throws Exception {
        long lowest = Long.MAX_VALUE;
        for (JsonNode vertex :
                rest(cluster, "/jobs/" + job + "/plan").path("plan").path("nodes")) {
            if (!vertex.has("inputs")) continue;
            JsonNode watermarks = rest(
                    cluster, "/jobs/" + job + "/vertices/" + vertex.path("id").asText() + "/watermarks");
            if (watermarks.size() < vertex.path("parallelism").asInt()) return Long.MIN_VALUE;
            for (JsonNode watermark : watermarks)
                lowest = Math.min(lowest, watermark.path("value").asLong(Long.MIN_VALUE));
        }
        return lowest;
    }

    private static JsonNode rest(MiniCluster cluster, String path) throws Exception {
        URI base = cluster.getRestAddress().get(10, TimeUnit.SECONDS);
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(base.resolve(path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) throw new AssertionError("GET " + path + ": " + response.statusCode());
        return MAPPER.readTree(response.body());
    }
}
