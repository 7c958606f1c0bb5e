package org.dcwatch.job.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dcwatch.job.bench.FloodSignIns.Shape;
import org.junit.jupiter.api.Test;

/** The flood benchmark's input: what it holds, over how much event time, and the same every time. */
class FloodSignInsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant START = FloodSignIns.DEFAULT_START;

    /** The records of the flood as the job reads them: the envelopes of its file, one a line. */
    private static List<JsonNode> records(FloodSignIns flood, StringWriter file) throws IOException {
        assertEquals(flood.count(), flood.write(file));
        List<JsonNode> records = new ArrayList<>();
        List<String> lines = file.toString().lines().toList();
        assertEquals(
                (flood.count() + FloodSignIns.RECORDS_PER_ENVELOPE - 1) / FloodSignIns.RECORDS_PER_ENVELOPE,
                lines.size(),
                "envelopes of ten");
        for (String line : lines) MAPPER.readTree(line).path("records").forEach(records::add);
        return records;
    }

    private static Instant created(JsonNode record) {
        return java.time.OffsetDateTime.parse(
                        record.path("properties").path("createdDateTime").asText())
                .toInstant();
    }

    private static String source(JsonNode record) {
        return record.path("properties").path("ipAddress").asText() + " "
                + record.path("properties").path("userAgent").asText();
    }

    @Test
    void oneSourceIsOneSessionOfOnePollerWithinNineMinutes() throws IOException {
        List<JsonNode> records = records(new FloodSignIns(Shape.ONE_SOURCE, 201, 7, START), new StringWriter());

        assertEquals(201, records.size());
        Set<String> ids = new HashSet<>();
        Set<String> sources = new HashSet<>();
        Set<String> sessions = new HashSet<>();
        int interactive = 0;
        Instant previous = Instant.MIN;
        for (JsonNode record : records) {
            JsonNode p = record.path("properties");
            ids.add(p.path("id").asText());
            sources.add(source(record));
            sessions.add(record.path("tenantId").asText() + " "
                    + p.path("userId").asText() + " " + p.path("sessionId").asText());
            assertEquals("deviceCodeFlow", p.path("originalTransferMethod").asText());
            if (p.path("isInteractive").asBoolean()) {
                interactive++;
                assertEquals("deviceCode", p.path("authenticationProtocol").asText());
            }
            assertTrue(!created(record).isBefore(previous), "in time order");
            previous = created(record);
        }
        assertEquals(201, ids.size(), "every sign-in its own id");
        assertEquals(1, sources.size(), "one IP and one user agent: " + sources);
        assertEquals(1, sessions.size());
        assertEquals(101, interactive, "interactive and non-interactive in turn, interactive first");
        assertEquals(START, created(records.get(0)));
        assertEquals(START.plus(FloodSignIns.SPAN), created(records.get(records.size() - 1)));
        assertTrue(FloodSignIns.SPAN.compareTo(Duration.ofMinutes(9)) < 0, "inside both session rules' window");
    }

    @Test
    void twoSourcesIsTheVictimsBrowserFirstThenAPollersTokenUses() throws IOException {
        List<JsonNode> records = records(new FloodSignIns(Shape.TWO_SOURCES, 200, 7, START), new StringWriter());

        assertEquals(200, records.size());
        for (int i = 0; i < 2; i++) {
            JsonNode victim = records.get(i).path("properties");
            assertTrue(victim.path("isInteractive").asBoolean());
            assertEquals("deviceCode", victim.path("authenticationProtocol").asText());
            assertEquals("deviceCodeFlow", victim.path("originalTransferMethod").asText());
        }
        assertEquals(START, created(records.get(0)));
        assertEquals(START.plus(FloodSignIns.MFA_AFTER), created(records.get(1)));
        assertEquals(source(records.get(0)), source(records.get(1)), "one browser");
        Set<String> pollers = new HashSet<>();
        for (JsonNode record : records.subList(2, records.size())) {
            JsonNode p = record.path("properties");
            assertTrue(!p.path("isInteractive").asBoolean(), "token uses");
            assertEquals("NonInteractiveUserSignInLogs", record.path("category").asText());
            assertEquals("deviceCodeFlow", p.path("originalTransferMethod").asText());
            assertEquals(
                    p.path("sessionId").asText(),
                    records.get(0).path("properties").path("sessionId").asText());
            assertEquals(FloodSignIns.POLLER_USER_AGENT, p.path("userAgent").asText());
            pollers.add(source(record));
        }
        assertEquals(1, pollers.size());
        assertNotEquals(source(records.get(0)), pollers.iterator().next(), "two sources");
        assertTrue(created(records.get(2)).isAfter(created(records.get(1))));
        assertEquals(START.plus(FloodSignIns.SPAN), created(records.get(records.size() - 1)));
    }

    @Test
    void theSameSeedWritesTheSameBytesAndAnotherSeedOtherIds() throws IOException {
        String once = write(new FloodSignIns(Shape.TWO_SOURCES, 300, 7, START));
        assertEquals(once, write(new FloodSignIns(Shape.TWO_SOURCES, 300, 7, START)));
        Set<String> ids = ids(new FloodSignIns(Shape.TWO_SOURCES, 300, 7, START));
        ids.retainAll(ids(new FloodSignIns(Shape.TWO_SOURCES, 300, 8, START)));
        assertEquals(Set.of(), ids, "another seed, other sign-ins");
        assertEquals(
                "flood-one-source-6000-seed14.jsonl", new FloodSignIns(Shape.ONE_SOURCE, 6_000, 14, START).fileName());
    }

    @Test
    void aFloodHasTheVictimsTwoSignInsAndOneTokenUseAtLeast() {
        assertThrows(IllegalArgumentException.class, () -> new FloodSignIns(Shape.TWO_SOURCES, 2, 7, START));
        assertEquals(Shape.TWO_SOURCES, Shape.byCliName("two-sources"));
        assertThrows(IllegalArgumentException.class, () -> Shape.byCliName("three-sources"));
    }

    private static Set<String> ids(FloodSignIns flood) throws IOException {
        Set<String> ids = new HashSet<>();
        for (JsonNode record : records(flood, new StringWriter()))
            ids.add(record.path("properties").path("id").asText());
        return ids;
    }

    private static String write(FloodSignIns flood) throws IOException {
        StringWriter file = new StringWriter();
        flood.write(file);
        return file.toString();
    }
}
