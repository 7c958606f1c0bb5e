package org.dcwatch.job.sink;

import static org.dcwatch.udfs.classify.TriageSignIns.seed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dcwatch.udfs.alert.VisibilityRecord;
import org.dcwatch.udfs.classify.TriageScore;
import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.event.SignInEvents;
import org.junit.jupiter.api.Test;

class VisibilityJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String GOLDEN = "visibility-seed-003.json";

    /** The "True Positive Example" log entry of seed 003, as the hunt printed it. */
    private static final String SEED_LOG_ENTRY = """
            {
              "TimeGenerated": "2026-01-15T09:24:58Z",
              "UserPrincipalName": "target.user@contoso.com",
              "AuthenticationProtocol": "deviceCode",
              "ResultSignature": "Success",
              "IPAddress": "185.220.101.47",
              "Country": "NL",
              "AppDisplayName": "Microsoft Azure CLI",
              "ResourceDisplayName": "Windows Azure Service Management API",
              "IsCompliant": "false",
              "IsManagedDevice": "false",
              "RiskLevelDuringSignIn": "high",
              "RiskLevelAggregated": "high",
              "UserAgent": "python-requests/2.28.0"
            }""";

    private static VisibilityRecord recordOf(SignInEvent event) {
        return VisibilityRecord.of(event, TriageScore.assess(event, Set.of()), 60);
    }

    private static JsonNode golden() throws IOException {
        try (InputStream in = VisibilityJsonTest.class.getResourceAsStream(GOLDEN)) {
            return MAPPER.readTree(in);
        }
    }

    @Test
    void writesTheSeedExampleAsTheGoldenDocumentKeyForKey() throws IOException {
        String line = VisibilityJson.toJson(recordOf(seed().build()));

        // compared as text, so that key order (the hunt's columns first) counts too
        assertEquals(MAPPER.writeValueAsString(golden()), line);
    }

    @Test
    void startsWithTheHuntsColumnsAsTheSeedPrintedThem() throws IOException {
        JsonNode written = MAPPER.readTree(VisibilityJson.toJson(recordOf(seed().build())));
        JsonNode seedEntry = MAPPER.readTree(SEED_LOG_ENTRY);

        List<String> seedColumns = fieldNames(seedEntry);
        assertEquals(seedColumns, fieldNames(written).subList(0, seedColumns.size()));
        for (String column : seedColumns) {
            assertEquals(seedEntry.get(column), written.get(column), column);
        }
    }

    @Test
    void isOneLine() {
        String line = VisibilityJson.toJson(
                recordOf(seed().userAgent("curl/8.5.0\r\nX-Injected: yes").build()));

        assertFalse(line.contains("\n") || line.contains("\r"), line);
    }

    @Test
    void writesUnknownValuesAsNullsUnderEveryKey() throws IOException {
        SignInEvent sparse = SignInEvents.absent()
                .id("s1")
                .tenantId("t1")
                .category(SignInEvent.NON_INTERACTIVE)
                .userPrincipalName("u@x.example")
                .originalTransferMethod("deviceCodeFlow")
                .build();

        JsonNode written = MAPPER.readTree(VisibilityJson.toJson(recordOf(sparse)));

        assertEquals(fieldNames(golden()), fieldNames(written));
        assertEquals("1970-01-01T00:00:00Z", written.get("TimeGenerated").asText());
        // no status logged: neither "Success" nor "Failure" is known
        for (String key :
                List.of("ResultSignature", "IsCompliant", "IsManagedDevice", "Country", "UserAgent", "errorCode")) {
            assertTrue(written.get(key).isNull(), key);
        }
        assertEquals("empty", written.get("userAgentKind").asText());
        assertEquals(0, written.get("triageScore").asInt());
        assertTrue(written.get("triageReasons").isArray()
                && written.get("triageReasons").isEmpty());
        assertEquals("informational", written.get("severity").asText());
    }

    @Test
    void writesMillisecondsOnlyWhenThereAreAny() throws IOException {
        long withMillis = 1_768_469_098_123L; // 2026-01-15T09:24:58.123Z
        SignInEvent event = seed().at(Instant.ofEpochMilli(withMillis)).build();

        assertEquals(
                "2026-01-15T09:24:58.123Z",
                MAPPER.readTree(VisibilityJson.toJson(recordOf(event)))
                        .get("TimeGenerated")
                        .asText());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            names.add(field.getKey());
        }
        return names;
    }
}
