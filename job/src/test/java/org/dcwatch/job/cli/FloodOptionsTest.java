package org.dcwatch.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.dcwatch.job.bench.FloodResult;
import org.dcwatch.job.bench.FloodSignIns.Shape;
import org.junit.jupiter.api.Test;

/** {@code bench --flood}: its flags, and the arithmetic and report of its result, without running anything. */
class FloodOptionsTest {

    private static BenchCommand.FloodOptions options(String... args) {
        return BenchCommand.FloodOptions.of(BenchCommand.commandLine(List.of(args)));
    }

    private static String usageError(String... args) {
        return assertThrows(UsageException.class, () -> options(args)).getMessage();
    }

    @Test
    void floodTakesSizesAndRunsBothShapesByDefault() {
        BenchCommand.FloodOptions flood = options("--flood", "2000,6000,20000", "--work", "/tmp/w");
        assertEquals(List.of(2_000, 6_000, 20_000), flood.sizes());
        assertEquals(List.of(Shape.ONE_SOURCE, Shape.TWO_SOURCES), flood.shapes());
        assertEquals(Duration.ofMinutes(10), flood.timeout());

        flood = options("--flood=6000, 2000", "--flood-shapes", "two-sources", "--flood-timeout", "90s");
        assertEquals(List.of(6_000, 2_000), flood.sizes(), "as given; the runs go smallest first");
        assertEquals(List.of(Shape.TWO_SOURCES), flood.shapes());
        assertEquals(Duration.ofSeconds(90), flood.timeout());

        assertNull(options("--records", "1000"), "no --flood: the two phases");
        assertEquals(0, options("--flood", "2000").kafkaFlood(), "no Kafka run unless asked");

        flood = options("--flood-kafka", "6000");
        assertEquals(List.of(), flood.sizes(), "the Kafka run alone");
        assertEquals(6_000, flood.kafkaFlood());
        assertEquals(BenchCommand.FloodOptions.DEFAULT_KAFKA_LIB, flood.kafkaLib());
        assertEquals(
                java.nio.file.Path.of("/opt/kafka/libs"),
                options("--flood", "2000", "--flood-kafka", "2000", "--kafka-lib", "/opt/kafka/libs")
                        .kafkaLib());
    }

    @Test
    void refusesWhatWouldSilentlyChangeTheRun() {
        assertTrue(usageError("--flood", "2000,x").contains("comma-separated whole numbers"));
        assertTrue(usageError("--flood", "2").contains("from 3"));
        assertTrue(usageError("--flood", "2000,").contains("comma-separated"));
        assertTrue(usageError("--flood", "2000,2000").contains("given twice"));
        assertTrue(
                usageError("--flood", "2000", "--flood-shapes", "one-source,3").contains("unknown flood shape"));
        assertTrue(usageError("--flood", "2000", "--flood-timeout", "0s").contains("at least 1s"));
        assertTrue(usageError("--flood", "2000", "--records", "5000").contains("not of --flood"));
        assertTrue(usageError("--flood", "2000", "--skip-latency").contains("not of --flood"));
        assertTrue(usageError("--flood-shapes", "one-source").contains("needs --flood"));
        assertTrue(usageError("--flood-timeout", "1m").contains("needs --flood"));
        assertTrue(usageError("--flood-kafka", "6000", "--flood-shapes", "one-source")
                .contains("needs --flood"));
        assertTrue(usageError("--flood", "2000", "--kafka-lib", "/tmp").contains("needs --flood-kafka"));
        assertTrue(usageError("--flood-kafka", "2").contains("from 3"));
    }

    @Test
    void reportsGrowthExpectedAlertsAndOneJsonLine() throws Exception {
        String session = "session-multi-source";
        String cep = "concurrent-interactive-noninteractive";
        FloodResult result = new FloodResult(
                1_200,
                2,
                600,
                List.of(
                        new FloodResult.Run(
                                Shape.ONE_SOURCE,
                                2_000,
                                4_000,
                                3_000,
                                false,
                                90_000,
                                Map.of("rule session-multi-source", 4_000L),
                                false,
                                Map.of(),
                                Map.of()),
                        new FloodResult.Run(
                                Shape.ONE_SOURCE,
                                6_000,
                                13_000,
                                9_000,
                                false,
                                95_000,
                                Map.of(),
                                false,
                                Map.of(),
                                Map.of()),
                        new FloodResult.Run(
                                Shape.ONE_SOURCE,
                                20_000,
                                600_500,
                                600_000,
                                true,
                                -1,
                                Map.of(),
                                true,
                                Map.of(),
                                Map.of()),
                        new FloodResult.Run(
                                Shape.TWO_SOURCES,
                                2_000,
                                2_000,
                                2_500,
                                false,
                                80_000,
                                Map.of(),
                                false,
                                Map.of(session, 3, cep, 1, "unseen-asn", 2),
                                Map.of(session, 1, cep, 1, "unseen-asn", 1)),
                        new FloodResult.Run(
                                Shape.TWO_SOURCES,
                                6_000,
                                8_000,
                                5_000,
                                false,
                                81_000,
                                Map.of(),
                                false,
                                Map.of(cep, 1),
                                Map.of(cep, 1))),
                null);

        List<FloodResult.Growth> growth = result.growth();
        assertEquals(3, growth.size());
        assertEquals(3.25, growth.get(0).cpuRatio(), 1e-9);
        assertEquals(3.0, growth.get(0).signInRatio(), 1e-9);
        assertTrue(growth.get(1).lowerBound(), "the cut run's CPU is a lower bound");
        assertEquals(4.0, growth.get(2).cpuRatio(), 1e-9);

        assertTrue(result.runs().get(0).expectedAlerts(), "one source: no session rule alerts");
        assertFalse(result.runs().get(2).expectedAlerts(), "a cut run proves nothing");
        assertTrue(result.runs().get(3).expectedAlerts(), "two sources: both session rules alert");
        assertFalse(result.runs().get(4).expectedAlerts(), "the flood hid the session from session-multi-source");
        assertEquals(2_000, result.runs().get(0).cpuMicrosPerSignIn(), 1e-9);

        String json = result.toJson();
        assertFalse(json.contains("\n"), "one line");
        JsonNode node = new ObjectMapper().readTree(json);
        assertEquals("flood", node.path("benchmark").asText());
        assertEquals(13.0, node.path("runs").path(1).path("cpuSeconds").asDouble());
        assertEquals(1, node.path("runs").path(3).path("alertIds").path(session).asInt());
        assertEquals(
                3,
                node.path("runs").path(3).path("alertDocuments").path(session).asInt());
        assertEquals(3.25, node.path("growth").path(0).path("cpuRatio").asDouble());
        assertEquals(
                4_000,
                node.path("runs")
                        .path(0)
                        .path("largestStateBytesByTask")
                        .path("rule session-multi-source")
                        .asLong());
        assertFalse(json.contains("\"kafka\""), "no Kafka run, no Kafka figures");
        String text = result.toText();
        assertTrue(text.contains("> 600.5"), text);
        assertTrue(text.contains("CPU growth, one-source, 2,000 -> 6,000 sign-ins (3.0x): 3.25x"), text);
    }

    @Test
    void reportsTheOtherTenantsDelaysAloneAndDuringTheFlood() throws Exception {
        FloodResult.Kafka kafka = new FloodResult.Kafka(
                6_000,
                2_000,
                600,
                Map.of("session-multi-source", 3_100L, "unseen-asn", 2_050L),
                Map.of("session-multi-source", 46_900L, "unseen-asn", -1L));
        assertEquals(3_100, kafka.quietDelayOfAllMillis());
        assertEquals(-1, kafka.floodDelayOfAllMillis(), "one rule never alerted within the timeout");

        FloodResult result = new FloodResult(1_000, 2, 600, List.of(), null).withKafka(kafka);
        JsonNode node = new ObjectMapper().readTree(result.toJson());
        assertEquals(
                46_900,
                node.path("kafka")
                        .path("floodDelayMillis")
                        .path("session-multi-source")
                        .asLong());
        assertEquals(3_100, node.path("kafka").path("quietDelayOfAllMillis").asLong());
        String text = result.toText();
        assertTrue(text.contains("session-multi-source 46.9 s, unseen-asn > 600 s"), text);
    }
}
