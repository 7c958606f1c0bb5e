package org.dcwatch.udfs.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.event.SourceFormat;
import org.junit.jupiter.api.Test;

class SignInParserFormatsTest {

    private final SignInParser parser = new SignInParser();

    private SignInEvent single(String message) {
        ParseResult result = parser.parse(message);
        assertEquals(List.of(), result.deadLetters(), "dead letters");
        assertEquals(1, result.events().size(), "events");
        return result.events().get(0);
    }

    private static long millis(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void readsThePublicInteractiveRecord() {
        SignInEvent e = single(Fixtures.text("fixtures/public/signinlogs-interactive.json"));
        assertEquals("933f20c0-efdf-477f-9586-e5cc566d2e00", e.id());
        assertEquals("4bbb79f7-5724-4c9e-95f3-de075f6ec090", e.tenantId());
        assertEquals(millis("2022-01-24T05:10:08.681Z"), e.eventTime());
        assertEquals(millis("2022-01-24T05:10:08.681Z"), e.ingestTime());
        assertEquals(SignInEvent.INTERACTIVE, e.category());
        assertTrue(e.interactive());
        assertEquals("2ce85a15-8640-465d-b916-d2eac620a717", e.userId());
        assertEquals("mpliftrelastic20210901@outlook.com", e.userPrincipalName());
        assertEquals("elastic testing", e.userDisplayName());
        assertEquals("7532b99a-06da-4c23-91e5-0f062bc0dcb3", e.correlationId());
        assertEquals("c44b4083-3bb0-49c1-b47d-974e53cbdf3c", e.appId());
        assertEquals("Azure Portal", e.appDisplayName());
        assertEquals("797f4846-ba00-4fd7-ba43-dac1f8f63013", e.resourceId(), "the app id, not the ARM path");
        assertEquals("Windows Azure Service Management API", e.resourceDisplayName());
        assertEquals("1.128.3.4", e.ipAddress());
        assertEquals(55836, e.asn());
        assertTrue(e.userAgent().startsWith("Mozilla/5.0 (Windows NT 10.0; Win64; x64)"));
        assertEquals("none", e.authenticationProtocol());
        assertNull(e.originalTransferMethod());
        assertEquals("none", e.incomingTokenType());
        assertEquals(0, e.errorCode());
        assertEquals("singleFactorAuthentication", e.authenticationRequirement());
        assertNull(e.deviceId(), "empty strings are absent");
        assertEquals("Windows 10", e.deviceOs());
        assertEquals("Edge 97.0.1072", e.deviceBrowser());
        assertEquals("IN", e.country());
        assertEquals("Nizampet", e.city());
        assertEquals("none", e.riskLevelDuringSignIn());
        assertEquals("none", e.riskLevelAggregated());
        assertEquals("none", e.riskState());
        assertNull(e.sessionId());
        assertEquals(SourceFormat.EVENTHUB, e.format());
    }

    @Test
    void readsThePublicNonInteractiveRecordWithoutUserAgent() {
        SignInEvent e = single(Fixtures.text("fixtures/public/signinlogs-noninteractive.json"));
        assertEquals(SignInEvent.NON_INTERACTIVE, e.category());
        assertFalse(e.interactive());
        assertNull(e.userAgent());
        assertTrue(e.isUserSignIn());
    }

    @Test
    void readsTheTeamsRecordWithConditionalAccessPolicies() {
        SignInEvent e = single(Fixtures.text("fixtures/public/test-non-interactive-user-teams.json"));
        assertEquals(SignInEvent.NON_INTERACTIVE, e.category());
        assertEquals("Microsoft Teams", e.appDisplayName());
        assertTrue(e.userAgent().contains("Edge/18"), e.userAgent());
    }

    @Test
    void readsServicePrincipalQuirks() {
        SignInEvent e = single(Fixtures.text("fixtures/public/serviceprincipal-quirks.json"));
        assertEquals(SignInEvent.SERVICE_PRINCIPAL, e.category());
        assertFalse(e.isUserSignIn());
        assertNull(e.userId());
        assertNull(e.userPrincipalName());
        assertEquals(millis("2025-11-14T01:46:16.428Z"), e.eventTime());
        assertEquals(millis("2025-11-14T01:48:53Z"), e.ingestTime(), "US-locale time with AM");
        assertEquals("33333333-3333-3333-3333-333333333333", e.tenantId());
        assertEquals(7545, e.asn());
        assertEquals(Boolean.FALSE, e.deviceManaged());
        assertEquals("Azure AD registered", e.deviceTrustType());
        assertEquals("ZZ", e.country());
    }

    @Test
    void timesTheRecordWithoutCreatedDateTimeFromTime() {
        List<String> lines = Fixtures.lines("fixtures/public/test-created-datetime-timestamp.jsonl");
        SignInEvent withCreated = single(lines.get(0));
        SignInEvent withoutCreated = single(lines.get(1));
        assertEquals(millis("2026-07-10T20:01:51.924Z"), withCreated.eventTime());
        assertEquals(millis("2026-07-10T20:03:31.273Z"), withCreated.ingestTime());
        assertEquals(millis("2026-07-10T20:03:31.273Z"), withoutCreated.eventTime());
    }

    @Test
    void readsEveryTimeFormatAzureSends() {
        List<String> expected = List.of(
                "2007-01-09T09:41:00Z", // 01/09/2007 09:41:00
                "2007-01-09T09:41:00Z", // 1/9/2007 09:41:00
                "2007-01-09T09:41:00Z", // 01/09/2007 09:41:00 AM
                "2007-01-09T09:41:00Z", // 1/9/2007 9:41:00 AM
                "2007-01-09T09:41:00Z", // 1/9/2007 10:41:00 AM +01:00
                "2007-01-09T09:41:00Z", // 2007-01-09T09:41:00
                "2007-01-09T09:41:00.220Z",
                "2007-01-09T09:41:00.681Z",
                "2007-01-09T09:41:00.535Z",
                "2007-01-09T09:41:00.992Z",
                "2007-01-09T09:41:00Z"); // 2007-01-09T11:41:00+02:00
        List<String> lines = Fixtures.lines("fixtures/public/test-time-formats-corner-cases.jsonl");
        assertEquals(11, lines.size());
        for (int i = 0; i < lines.size(); i++) {
            // these records carry only a time and a category: no user, so each is a dead letter that says its time
            ParseResult result = parser.parse(lines.get(i));
            assertEquals(1, result.deadLetters().size(), lines.get(i));
            DeadLetter deadLetter = result.deadLetters().get(0);
            assertEquals(DeadLetterReason.NO_USER, deadLetter.reason(), lines.get(i));
            assertTrue(
                    deadLetter.detail().endsWith("event time " + Instant.ofEpochMilli(millis(expected.get(i)))),
                    deadLetter.detail());
            String time = lines.get(i).replaceAll(".*\"time\": \"([^\"]+)\".*", "$1");
            assertEquals(millis(expected.get(i)), EntraTime.parseMillis(time), time);
        }
    }

    /** What ties a sign-in to a device registration (issue 18): the token it redeemed and the device it came from. */
    @Test
    void readsTheTokenTypeAndTheDeviceOfEachFormat() {
        SignInEvent teams = single(Fixtures.text("fixtures/public/test-non-interactive-user-teams.json"));
        assertEquals("22222222-1e7a-44dc-8bc9-5736d8e2b063", teams.deviceId());
        assertEquals("Hybrid Azure AD joined", teams.deviceTrustType());

        SignInEvent servicePrincipal = single(Fixtures.text("fixtures/public/serviceprincipal-quirks.json"));
        assertEquals("none", servicePrincipal.incomingTokenType());
        assertEquals("55555555-5555-5555-5555-555555555555", servicePrincipal.deviceId());
        assertEquals("Azure AD registered", servicePrincipal.deviceTrustType());

        SignInEvent row = single(Fixtures.text("samples/loganalytics-noninteractive-row.json"));
        assertEquals("refreshToken", row.incomingTokenType(), "PascalCase IncomingTokenType");

        SignInEvent graph = single(Fixtures.text("samples/graph-signin.json"));
        assertEquals("none", graph.incomingTokenType());
        assertNull(graph.deviceId(), "an empty deviceId is absent");
        assertNull(graph.deviceTrustType(), "an empty trustType is absent");
    }

    /** Whether token protection bound the session to its device: a token replayed from elsewhere is not bound. */
    @Test
    void readsTheSignInSessionStatusOfTokenProtection() {
        String envelope = Fixtures.text("samples/eventhub-device-code-envelope.json")
                .replace(
                        "\"sessionId\":\"0d4f6a2b-7c91-4e35-a8b0-1f2e3d4c5b6a\"}}]}",
                        "\"sessionId\":\"0d4f6a2b-7c91-4e35-a8b0-1f2e3d4c5b6a\",\"tokenProtectionStatusDetails\":"
                                + "{\"signInSessionStatus\":\"unbound\",\"signInSessionStatusCode\":1002}}}]}");
        List<SignInEvent> events = parser.parse(envelope).events();
        assertNull(events.get(0).signInSessionStatus(), "absent");
        assertEquals("unbound", events.get(1).signInSessionStatus());

        String row = Fixtures.text("samples/loganalytics-noninteractive-row.json")
                .replace(
                        "\"Type\":\"AADNonInteractiveUserSignInLogs\"",
                        "\"TokenProtectionStatusDetails\":\"{\\\"signInSessionStatus\\\":\\\"bound\\\"}\","
                                + "\"Type\":\"AADNonInteractiveUserSignInLogs\"");
        assertEquals("bound", single(row).signInSessionStatus(), "Log Analytics writes the object as JSON text");
    }

    @Test
    void splitsAnEventHubEnvelopeIntoItsRecords() {
        ParseResult result = parser.parse(Fixtures.text("samples/eventhub-device-code-envelope.json"));
        assertEquals(List.of(), result.deadLetters());
        assertEquals(2, result.events().size());

        SignInEvent browser = result.events().get(0);
        assertEquals("deviceCode", browser.authenticationProtocol());
        assertEquals("deviceCodeFlow", browser.originalTransferMethod());
        assertEquals("0d4f6a2b-7c91-4e35-a8b0-1f2e3d4c5b6a", browser.sessionId());
        assertEquals(SignInEvent.INTERACTIVE, browser.category());
        assertEquals(3320, browser.asn());
        assertEquals(Boolean.FALSE, browser.deviceCompliant());
        assertEquals("multiFactorAuthentication", browser.authenticationRequirement());
        assertEquals(millis("2026-03-04T09:14:02.765Z"), browser.eventTime());

        SignInEvent poller = result.events().get(1);
        assertEquals(SignInEvent.NON_INTERACTIVE, poller.category());
        assertEquals("none", poller.authenticationProtocol());
        assertEquals("deviceCodeFlow", poller.originalTransferMethod());
        assertEquals("refreshToken", poller.incomingTokenType());
        assertEquals(14061, poller.asn(), "ASN as a string");
        assertEquals("python-requests/2.31.0", poller.userAgent());
        assertEquals("198.51.100.77", poller.ipAddress());
        assertEquals(browser.sessionId(), poller.sessionId());
        assertEquals(browser.userKey(), poller.userKey());
    }

    @Test
    void readsALogAnalyticsRowWithDetailsAsJsonStrings() {
        SignInEvent e = single(Fixtures.text("samples/loganalytics-noninteractive-row.json"));
        assertEquals(SourceFormat.LOGANALYTICS, e.format());
        assertEquals(SignInEvent.NON_INTERACTIVE, e.category(), "from Type AADNonInteractiveUserSignInLogs");
        assertEquals("7f1e5a0c-3b7d-4c61-9a55-2f0e6d1c9b10", e.tenantId(), "AADTenantId, not the workspace");
        assertEquals("9e8d7c6b-5a49-4382-b1a0-0f1e2d3c4b02", e.id());
        assertEquals(millis("2026-03-04T09:14:31Z"), e.eventTime());
        assertEquals(millis("2026-03-04T09:16:20Z"), e.ingestTime());
        assertEquals(14061, e.asn());
        assertEquals("Linux", e.deviceOs(), "DeviceDetail as a JSON string");
        assertEquals("Python Requests 2.31", e.deviceBrowser());
        assertEquals(Boolean.FALSE, e.deviceManaged());
        assertEquals("Amsterdam", e.city(), "LocationDetails as a JSON string");
        assertEquals("NL", e.country());
        assertEquals(0, e.errorCode(), "Status as a JSON string");
        assertEquals("00000003-0000-0000-c000-000000000000", e.resourceId(), "ResourceIdentity");
        assertEquals("0d4f6a2b-7c91-4e35-a8b0-1f2e3d4c5b6a", e.sessionId());
        assertEquals("deviceCodeFlow", e.originalTransferMethod());
        assertEquals("python-requests/2.31.0", e.userAgent());
    }

    @Test
    void readsAGraphSignIn() {
        SignInEvent e = single(Fixtures.text("samples/graph-signin.json"));
        assertEquals(SourceFormat.GRAPH, e.format());
        assertEquals(SignInEvent.INTERACTIVE, e.category(), "from signInEventTypes");
        assertTrue(e.interactive());
        assertEquals("7f1e5a0c-3b7d-4c61-9a55-2f0e6d1c9b10", e.tenantId(), "resourceTenantId");
        assertEquals("04b07795-8ddb-461a-bbee-02f9e1bf7b46", e.appId());
        assertEquals("deviceCode", e.authenticationProtocol());
        assertEquals("797f4846-ba00-4fd7-ba43-dac1f8f63013", e.resourceId());
        assertEquals(3320, e.asn());
        assertEquals("DE", e.country());
        assertEquals(0, e.errorCode());
        assertEquals(0L, e.ingestTime(), "Graph has no ingestion time");
    }

    @Test
    void readsAnElasticDocument() {
        SignInEvent e = single(Fixtures.text("samples/ecs-signin.json"));
        assertEquals(SourceFormat.ECS, e.format());
        assertEquals(SignInEvent.NON_INTERACTIVE, e.category());
        assertEquals("7f1e5a0c-3b7d-4c61-9a55-2f0e6d1c9b10", e.tenantId());
        assertEquals(millis("2026-03-04T09:14:31Z"), e.eventTime(), "created_at");
        assertEquals(millis("2026-03-04T09:16:20Z"), e.ingestTime(), "@timestamp");
        assertEquals("alexw@contoso.example", e.userPrincipalName());
        assertEquals("198.51.100.77", e.ipAddress(), "source.ip");
        assertEquals(14061, e.asn(), "source.as.number");
        assertEquals("python-requests/2.31.0", e.userAgent(), "user_agent.original");
        assertEquals("deviceCodeFlow", e.originalTransferMethod());
        assertEquals("0d4f6a2b-7c91-4e35-a8b0-1f2e3d4c5b6a", e.sessionId());
        assertEquals("Linux", e.deviceOs());
        assertEquals("Amsterdam", e.city());
        assertEquals(0, e.errorCode());
    }

    @Test
    void readsAnElasticDocumentWithDottedKeys() {
        SignInEvent e = single("""
                {"@timestamp":"2026-03-04T09:16:20Z","azure.tenant_id":"t1","azure.signinlogs.category":"SignInLogs",
                 "azure.signinlogs.properties.user_id":"u1","azure.signinlogs.properties.session_id":"s1",
                 "azure.signinlogs.properties.authentication_protocol":"deviceCode","source.ip":"203.0.113.9",
                 "source.as.number":64500,"user_agent.original":"curl/8.5.0"}""");
        assertEquals(SourceFormat.ECS, e.format());
        assertEquals("t1", e.tenantId());
        assertEquals("u1", e.userId());
        assertEquals("s1", e.sessionId());
        assertEquals("deviceCode", e.authenticationProtocol());
        assertEquals("203.0.113.9", e.ipAddress());
        assertEquals(64500, e.asn());
        assertEquals("curl/8.5.0", e.userAgent());
    }

    @Test
    void toleratesCaseDifferencesAndNumbersAsStrings() {
        SignInEvent e = single("""
                {"TIME":"2026-03-04T09:16:20Z","CATEGORY":"signinlogs","TenantID":"t1","PROPERTIES":{
                 "USERID":"u1","AutonomousSystemNumber":"AS8075","Status":{"ErrorCode":"50199"},"IsInteractive":"TRUE"}}""");
        assertEquals(SignInEvent.INTERACTIVE, e.category());
        assertEquals(8075, e.asn());
        assertEquals(50199, e.errorCode());
    }

    @Test
    void keysAUserWithoutObjectIdByUpnEvenWhenItIsAGuid() {
        SignInEvent e = single("""
                {"time":"2026-03-04T09:16:20Z","category":"NonInteractiveUserSignInLogs","tenantId":"t1",
                 "properties":{"userId":"","userPrincipalName":"5F3C2B1A-0000-4000-8000-000000000001","sessionId":""}}""");
        assertNull(e.userId());
        assertEquals("5f3c2b1a-0000-4000-8000-000000000001", e.userKey());
        assertFalse(e.hasSession(), "an empty session id is no session");
    }

    @Test
    void readsABareArrayOfRecords() {
        String record =
                Fixtures.text("fixtures/public/signinlogs-interactive.json").strip();
        ParseResult result = parser.parse("[" + record + "," + record + "]");
        assertEquals(2, result.events().size());
    }

    @Test
    void forcedFormatAcceptsItsOwnShape() {
        SignInParser eventHubOnly = new SignInParser(SourceFormat.EVENTHUB, 1024, 1 << 20);
        ParseResult result = eventHubOnly.parse(Fixtures.text("samples/eventhub-device-code-envelope.json"));
        assertEquals(2, result.events().size());
    }
}
