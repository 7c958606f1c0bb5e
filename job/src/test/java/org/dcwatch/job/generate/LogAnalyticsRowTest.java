package org.dcwatch.job.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.event.SignInEvents;
import org.dcwatch.udfs.event.SourceFormat;
import org.dcwatch.udfs.parse.ParseResult;
import org.dcwatch.udfs.parse.SignInParser;
import org.junit.jupiter.api.Test;

/** Log Analytics rows: the columns as the workspace writes them, and the same sign-in as the Event Hub record. */
class LogAnalyticsRowTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final SignInSpec BROWSER = new SignInSpec(
                    "3f2a9c1e-0b1d-4e8f-9a7c-6d5e4f3a2b1c", Instant.parse("2026-02-20T09:14:02.250Z"))
            .user(
                    LoadSignIns.TENANT,
                    "0c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d5e",
                    "anna.o'brien@fabrikam.example",
                    "Anna \"Ann\" O'Brien")
            .network("79.200.1.2", 3320, "DE", "Berlin")
            .session("8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a", "c-1")
            .deviceCode(true);
    private static final SignInSpec POLLER = BROWSER.copy(
                    "5e4d3c2b-1a09-4f8e-8d7c-6b5a49382716", Instant.parse("2026-02-20T09:14:31Z"))
            .tokenRefresh()
            .deviceCode(false)
            .network("198.51.100.7", 14061, "NL", "Amsterdam")
            .userAgent("python-requests/2.31.0")
            .unknownDevice();
    private static final SignInSpec FAILED = BROWSER.copy(
                    "6f5e4d3c-2b1a-4098-b7c6-d5e4f3a2b1c0", Instant.parse("2026-02-20T09:20:00Z"))
            .failed(50126);

    @Test
    void theJobReadsTheSameSignInFromARowAsFromTheEventHubRecord() {
        for (SignInSpec signIn : List.of(BROWSER, POLLER, FAILED)) {
            SignInEvent fromEventHub = parseOne(EventHubRecord.render(signIn));
            SignInEvent fromRow = parseOne(LogAnalyticsRow.render(signIn));
            assertEquals(SourceFormat.EVENTHUB, fromEventHub.format());
            assertEquals(SourceFormat.LOGANALYTICS, fromRow.format());
            assertEquals(withoutFormat(fromEventHub), withoutFormat(fromRow), signIn.id);
        }
    }

    @Test
    void nonInteractiveRowsHoldTheirDetailsAsJsonTextInteractiveRowsAsObjects() throws Exception {
        JsonNode interactive = MAPPER.readTree(LogAnalyticsRow.render(BROWSER));
        JsonNode nonInteractive = MAPPER.readTree(LogAnalyticsRow.render(POLLER));
        assertEquals("SigninLogs", interactive.path("Type").asText());
        assertEquals(
                "AADNonInteractiveUserSignInLogs", nonInteractive.path("Type").asText());
        for (String column :
                List.of("DeviceDetail", "LocationDetails", "Status", "MfaDetail", "ConditionalAccessPolicies")) {
            assertTrue(interactive.get(column).isContainerNode(), column + " is dynamic in SigninLogs");
            assertTrue(nonInteractive.get(column).isTextual(), column + " is text in AADNonInteractiveUserSignInLogs");
            assertTrue(MAPPER.readTree(nonInteractive.get(column).asText()).isContainerNode(), column + " holds JSON");
        }
        assertEquals("14061", nonInteractive.get("AutonomousSystemNumber").textValue(), "the ASN is a string");
        assertEquals("0", nonInteractive.get("ResultType").textValue());
        assertEquals(LoadSignIns.TENANT, interactive.get("AADTenantId").asText());
        assertEquals(LogAnalyticsRow.WORKSPACE_ID, interactive.get("TenantId").asText(), "TenantId is the workspace");
        assertTrue(Character.isUpperCase(interactive.fieldNames().next().charAt(0)), "PascalCase columns");
    }

    private static SignInEvent parseOne(String json) {
        ParseResult result = new SignInParser().parse(json);
        assertEquals(List.of(), result.deadLetters());
        assertEquals(1, result.events().size());
        return result.events().get(0);
    }

    private static SignInEvent withoutFormat(SignInEvent e) {
        return SignInEvents.from(e).format(null).build();
    }
}
