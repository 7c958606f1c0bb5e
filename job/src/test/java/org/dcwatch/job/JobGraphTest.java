package org.dcwatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.runtime.OperatorIDPair;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.dcwatch.job.config.JobSettings;
import org.dcwatch.job.kafka.KafkaPipeline;
import org.dcwatch.job.kafka.KafkaSettings;
import org.dcwatch.job.sink.AlertJson;
import org.dcwatch.job.sink.DeadLetterJson;
import org.dcwatch.job.sink.JsonLinesFiles;
import org.dcwatch.job.sink.SignInEventJson;
import org.dcwatch.job.sink.VisibilityJson;
import org.dcwatch.job.source.SignInFiles;
import org.dcwatch.udfs.alert.Alert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job graph as {@code run} builds it, on files and on Kafka, neither executed. Its operator uids are what a
 * savepoint's state is found by: deploy/README.md, "Upgrades with savepoints", promises they never change and lists
 * them, and this test holds both to the graph. And the source, the dead-letter split and the router must stay one
 * chain: the {@code SignInHeader} between them carries the whole message, which must never be serialized across the
 * network.
 */
class JobGraphTest {

    /** The operators of every shape of the job. */
    private static final List<String> ALWAYS = List.of(
            "sign-in-source",
            "parse-sign-ins",
            "route-sign-ins",
            "check-tuning",
            "drop-duplicates",
            "device-code-visibility",
            "with-session",
            "summarize",
            "session-multi-source",
            "concurrent-interactive-noninteractive-admission",
            "concurrent-interactive-noninteractive-cep-v2",
            "count-late-for-patterns",
            "unseen-asn",
            "device-code-broker-client",
            "device-code-broker-client-in-event-time",
            "device-chain-device-code",
            "device-chain-device-code-steps",
            "device-chain-registrations",
            "device-chain-token-uses",
            "device-chain-admission",
            "device-chain-to-registration",
            "device-chain-to-token-use",
            "device-chain-registered",
            "device-code-device-registration-cep-v1",
            "device-registration-prt-use-cep-v1",
            "count-late-for-device-chain",
            "device-chain-visibility-notes",
            "suppress-alerts",
            "alert-sink",
            "Sink Committer: alert-sink");

    /** Without a tuning topic, an input that ends at once stands in for it. */
    private static final List<String> NO_TUNING_UPDATES = List.of("no-tuning-updates");

    private static final List<String> TUNING_UPDATES = List.of("tuning-source");

    private static final List<String> OPTIONAL_OUTPUTS = List.of(
            "visibility-sink",
            "Sink Committer: visibility-sink",
            "dead-letter-sink",
            "Sink Committer: dead-letter-sink",
            "late-sink",
            "Sink Committer: late-sink");

    /** How Flink names the committer of a sink: from the sink's uid. */
    private static final String COMMITTER = "Sink Committer: ";

    private static final String DEMO = "../testdata/demo/signins.jsonl";

    @TempDir
    Path out;

    @Test
    void aFileRunWithAlertsOnly() {
        assertShape(fileRun(false), ALWAYS, NO_TUNING_UPDATES);
    }

    @Test
    void aFileRunWithEveryOutput() {
        assertShape(fileRun(true), ALWAYS, NO_TUNING_UPDATES, OPTIONAL_OUTPUTS);
    }

    @Test
    void aKafkaRunWithTheAlertsTopicOnly() {
        KafkaSettings kafka = KafkaSettings.builder("localhost:9092")
                .inputTopic("signins")
                .alertsTopic("alerts")
                .build();
        assertShape(kafkaRun(kafka, null), ALWAYS, NO_TUNING_UPDATES);
    }

    @Test
    void aKafkaRunWithEveryTopicAndAHistory() {
        KafkaSettings kafka = KafkaSettings.builder("localhost:9092")
                .inputTopic("signins")
                .alertsTopic("alerts")
                .visibilityTopic("visibility")
                .deadLetterTopic("dead-letters")
                .lateTopic("late")
                .tuningTopic("tuning")
                .build();
        assertShape(kafkaRun(kafka, DEMO), ALWAYS, TUNING_UPDATES, OPTIONAL_OUTPUTS);
    }

    @Test
    void theReadmeListsEveryUid() throws IOException {
        Set<String> pinned = Stream.of(ALWAYS, NO_TUNING_UPDATES, TUNING_UPDATES, OPTIONAL_OUTPUTS)
                .flatMap(List::stream)
                .map(uid -> uid.startsWith(COMMITTER) ? COMMITTER + "<uid>" : uid)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(
                pinned,
                documentedUids(),
                "deploy/README.md \"Upgrades with savepoints\" lists the uids this test pins");
    }

    /** As {@code run --input … --alerts …} builds it, with or without its optional outputs. */
    private StreamGraph fileRun(boolean everyOutput) {
        DetectionJob.Outputs outputs = new DetectionJob.Outputs(
                JsonLinesFiles.sink(file("alerts.jsonl"), "alerts", (Alert alert) -> AlertJson.toJson(alert, 0)),
                everyOutput
                        ? JsonLinesFiles.sink(file("visibility.jsonl"), "visibility", VisibilityJson::toJson)
                        : null,
                everyOutput
                        ? JsonLinesFiles.sink(file("dead-letters.jsonl"), "dead-letters", DeadLetterJson::toJsonLine)
                        : null,
                everyOutput ? JsonLinesFiles.sink(file("late.jsonl"), "late", SignInEventJson::toJson) : null);
        StreamExecutionEnvironment env = environment();
        new DetectionJob(
                        JobSettings.defaults(),
                        SignInFiles.source(DEMO, JobSettings.defaults()),
                        null,
                        List.of(),
                        outputs)
                .build(env);
        return env.getStreamGraph();
    }

    /** As {@code run --bootstrap-servers …} builds it; nothing connects to Kafka before the job runs. */
    private static StreamGraph kafkaRun(KafkaSettings kafka, String history) {
        StreamExecutionEnvironment env = environment();
        KafkaPipeline.detectionJob(
                        JobSettings.defaults(),
                        kafka,
                        KafkaPipeline.signIns(kafka, JobSettings.defaults(), history),
                        List.of())
                .build(env);
        return env.getStreamGraph();
    }

    /** More than one task: chains must hold where operators run in parallel, as on a cluster. */
    private static StreamExecutionEnvironment environment() {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(JobConfiguration.defaults());
        env.setParallelism(2);
        return env;
    }

    private String file(String name) {
        return out.resolve(name).toString();
    }

    @SafeVarargs
    private static void assertShape(StreamGraph graph, List<String>... expectedParts) {
        assertUids(Stream.of(expectedParts).flatMap(List::stream).toList(), graph);
        assertOneChain(graph, "sign-in-source", "parse-sign-ins", "route-sign-ins");
    }

    private static void assertUids(List<String> expected, StreamGraph graph) {
        List<String> actual = new ArrayList<>();
        for (StreamNode node : graph.getStreamNodes()) {
            assertNotNull(
                    node.getTransformationUID(),
                    () -> "operator \"" + node.getOperatorName()
                            + "\" has no uid: its state would not restore from a savepoint once the graph changes");
            actual.add(node.getTransformationUID());
        }
        Set<String> added = new TreeSet<>(actual);
        expected.forEach(added::remove);
        Set<String> removed = new TreeSet<>(expected);
        actual.forEach(removed::remove);
        assertTrue(
                added.isEmpty() && removed.isEmpty(),
                () -> "the job's operator uids changed: new " + added
                        + ", gone " + removed
                        + ". A savepoint's state is found by uid: a renamed operator starts empty, a"
                        + " removed one's state makes the restore fail without --allowNonRestoredState. If that is meant, update"
                        + " this test and deploy/README.md \"Upgrades with savepoints\", and say there what an"
                        + " upgrade loses.");
        assertEquals(expected.size(), actual.size(), "one uid a node: " + actual);
    }

    private static void assertOneChain(StreamGraph graph, String... uids) {
        List<JobVertex> vertices = new ArrayList<>();
        graph.getJobGraph().getVertices().forEach(vertices::add);
        for (JobVertex vertex : vertices) {
            Set<String> chained = vertex.getOperatorIDs().stream()
                    .map(OperatorIDPair::getUserDefinedOperatorUid)
                    .collect(Collectors.toSet());
            if (chained.contains(uids[0])) {
                for (String uid : uids) {
                    assertTrue(
                            chained.contains(uid),
                            () -> uid + " is not chained to " + uids[0] + " (tasks: "
                                    + vertices.stream().map(JobVertex::getName).toList()
                                    + "): the SignInHeader, which carries"
                                    + " the whole message, would be serialized between them");
                }
                return;
            }
        }
        throw new AssertionError("no task holds " + uids[0]);
    }

    /** The back-quoted names of deploy/README.md's paragraph on the uids, in "Upgrades with savepoints". */
    private static Set<String> documentedUids() throws IOException {
        String readme = Files.readString(Path.of("../deploy/README.md"));
        int section = readme.indexOf("### Upgrades with savepoints");
        assertTrue(section >= 0, "deploy/README.md has a section \"Upgrades with savepoints\"");
        int start = readme.indexOf("The operators' uids:", section);
        assertTrue(start >= 0, "its paragraph \"The operators' uids: …\"");
        int end = readme.indexOf("\n\n", start);
        Matcher quoted = Pattern.compile("`([^`]+)`").matcher(readme.substring(start, end < 0 ? readme.length() : end));
        Set<String> uids = new TreeSet<>();
        while (quoted.find()) uids.add(quoted.group(1));
        return uids;
    }
}
