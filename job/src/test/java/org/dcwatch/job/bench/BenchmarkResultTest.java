package org.dcwatch.job.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark's arithmetic and report, without running anything: percentiles, derived figures, the JSON line. */
class BenchmarkResultTest {

    @Test
    void percentilesAreNearestRankAndAlwaysAMeasuredValue() {
        List<Long> hundred = new ArrayList<>();
        for (long i = 100; i >= 1; i--) hundred.add(i);
        Percentiles p = new Percentiles(hundred);
        assertEquals(50, p.percentile(50));
        assertEquals(99, p.percentile(99));
        assertEquals(100, p.percentile(100));
        assertEquals(100, p.max());

        Percentiles three = new Percentiles(List.of(30L, 10L, 20L));
        assertEquals(20, three.percentile(50));
        assertEquals(30, three.percentile(99), "with few samples p99 is the largest");
        assertEquals(10, three.percentile(1));

        assertEquals(-1, new Percentiles(List.of()).percentile(50), "none measured");
        assertThrows(IllegalArgumentException.class, () -> p.percentile(0));
    }

    @Test
    void derivesRatesStatePerUserAndWritesOneJsonLine() throws Exception {
        BenchmarkResult.Throughput throughput =
                new BenchmarkResult.Throughput(1_000_000, 3_400_000_000L, 2, 800, 20_000, 1.6, 9_950, 200_000);
        assertEquals(50_000, throughput.recordsPerSecond(), 1e-9);
        assertEquals(25_000, throughput.recordsPerSecondPerTask(), 1e-9);
        assertEquals(170, throughput.megabytesPerSecond(), 1e-9);
        assertEquals(31_250, throughput.recordsPerSecondPerCoreUsed(), 1e-9);

        BenchmarkResult.Latency latency = new BenchmarkResult.Latency(
                2_000,
                60,
                120_000,
                5_000,
                15,
                new Percentiles(List.of(10L, 5_100L, 5_300L)),
                Map.of(
                        "unseen-asn",
                        new Percentiles(List.of(10L)),
                        "session-multi-source",
                        new Percentiles(List.of(5_100L, 5_300L))),
                4,
                new Percentiles(List.of(50L, 70L)),
                60_000,
                6_000,
                5_000,
                List.of(
                        new BenchCluster.CheckpointFigure(1, 1_200_000, 40),
                        new BenchCluster.CheckpointFigure(2, 3_000_000, 90),
                        new BenchCluster.CheckpointFigure(3, 10_000, 20)));
        assertEquals(3_000_000, latency.largestCheckpoint().stateBytes(), "the end of input drains the state");
        assertEquals(500, latency.stateBytesPerUser(), 1e-9);
        assertEquals(2_000, latency.achievedPerSecond(), 1e-9);

        String json = new BenchmarkResult(1_500, 2, List.of(throughput), latency).toJson();
        assertTrue(!json.contains("\n"), "one line");
        JsonNode node = new ObjectMapper().readTree(json.getBytes(StandardCharsets.UTF_8));
        assertEquals(50_000.0, node.path("throughput").path("recordsPerSecond").asDouble());
        assertEquals(170.0, node.path("throughput").path("megabytesPerSecond").asDouble());
        assertEquals(1.6, node.path("throughput").path("coresUsed").asDouble());
        assertEquals(200_000, node.path("throughput").path("warmUpRecords").asLong());
        assertEquals(4, node.path("latency").path("alertsFiredByEndOfInput").asInt());
        assertEquals(5_100, node.path("latency").path("alertLatencyP50Millis").asLong());
        assertEquals(5_300, node.path("latency").path("alertLatencyP99Millis").asLong());
        assertEquals(
                10,
                node.path("latency")
                        .path("alertLatencyByRule")
                        .path("unseen-asn")
                        .path("p99Millis")
                        .asLong());
        assertEquals(500.0, node.path("latency").path("stateBytesPerUser").asDouble());
        assertEquals(
                40, node.path("latency").path("checkpointDurationP50Millis").asLong());
        assertEquals(
                90, node.path("latency").path("checkpointDurationMaxMillis").asLong());

        String text = new BenchmarkResult(1_500, 2, List.of(throughput), null).toText();
        assertTrue(text.contains("50,000 records/s"), text);
        assertTrue(
                new BenchmarkResult(1_500, 2, List.of(), null).toJson().equals("{\"startUpMillis\":1500,\"cores\":2}"));
    }

    @Test
    void reportsTheMedianRunByRecordsPerCoreAndEveryRunBesideIt() throws Exception {
        // 50,000 records/s each; 1.0, 2.0 and 1.25 cores: 50,000, 25,000 and 40,000 records/s per core
        List<BenchmarkResult.Throughput> runs = List.of(
                new BenchmarkResult.Throughput(1_000_000, 3_400_000_000L, 1, 80, 20_000, 1.0, 9_950, 2_000_000),
                new BenchmarkResult.Throughput(1_000_000, 3_400_000_000L, 1, 80, 20_000, 2.0, 9_950, 2_000_000),
                new BenchmarkResult.Throughput(1_000_000, 3_400_000_000L, 1, 80, 20_000, 1.25, 9_950, 2_000_000));
        BenchmarkResult result = new BenchmarkResult(1_500, 2, runs, null);
        assertEquals(40_000, result.throughput().recordsPerSecondPerCoreUsed(), 1e-9);

        JsonNode node = new ObjectMapper().readTree(result.toJson().getBytes(StandardCharsets.UTF_8));
        assertEquals(1.25, node.path("throughput").path("coresUsed").asDouble(), "the median run's own figures");
        assertEquals(3, node.path("throughput").path("runs").size());
        assertEquals(
                25_000.0,
                node.path("throughput")
                        .path("runs")
                        .path(1)
                        .path("recordsPerSecondPerCoreUsed")
                        .asDouble());
        String text = result.toText();
        assertTrue(text.contains("the median of 3 runs") && text.contains("40,000 records/s per core used"), text);
        assertTrue(
                text.contains("runs: 50,000 records/s, 1.00 cores, 50,000 per core; 50,000 records/s, 2.00 cores"),
                text);
    }

    @Test
    void findsTheMessageOfEachSignInById() {
        List<byte[]> messages = List.of(
                "{\"time\":\"x\",\"properties\":{\"id\":\"a-1\",\"createdDateTime\":\"y\"}}"
                        .getBytes(StandardCharsets.UTF_8),
                "not a record".getBytes(StandardCharsets.UTF_8),
                "{\"properties\":{\"id\":\"b-2\"}}".getBytes(StandardCharsets.UTF_8));
        assertEquals(Map.of("a-1", 0, "b-2", 2), LatencyRun.messageOfSignIn(messages));
    }
}
