package org.dcwatch.job.sink;

import static org.dcwatch.job.alert.AlertFixtures.ATTACKER_IP;
import static org.dcwatch.job.alert.AlertFixtures.DISPLAY_NAME;
import static org.dcwatch.job.alert.AlertFixtures.OFFICE_APP;
import static org.dcwatch.job.alert.AlertFixtures.SESSION;
import static org.dcwatch.job.alert.AlertFixtures.TENANT;
import static org.dcwatch.job.alert.AlertFixtures.UPN;
import static org.dcwatch.job.alert.AlertFixtures.USER_ID;
import static org.dcwatch.job.alert.AlertFixtures.alert;
import static org.dcwatch.job.alert.AlertFixtures.minute;
import static org.dcwatch.job.alert.AlertFixtures.sessionAlert;
import static org.dcwatch.job.alert.AlertFixtures.signIn;
import static org.dcwatch.job.alert.AlertFixtures.victimBrowser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.dcwatch.job.alert.AlertFixtures;
import org.dcwatch.udfs.alert.Alert;
import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.event.SignInSummary;
import org.dcwatch.udfs.rules.RuleCatalogue;
import org.dcwatch.udfs.rules.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlertJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long DETECTION_TIME = minute(12);

    /** A second revision whose tenant raised the rule's severity; the poller's ASN, agent, country and status unknown. */
    private static Alert goldenAlert() {
        SignInSummary poller = new SignInSummary(
                "p1",
                TENANT,
                USER_ID,
                UPN,
                DISPLAY_NAME,
                SESSION,
                "corr-p1",
                minute(2) + 30_250,
                false,
                ATTACKER_IP,
                0,
                null,
                OFFICE_APP,
                "Microsoft Office",
                "Microsoft Graph",
                null,
                "none",
                "deviceCodeFlow",
                SignInEvent.UNKNOWN_ERROR_CODE,
                "none",
                null,
                null,
                null);
        return new Alert(
                "3f1d2c4b5a69788796a5b4c3d2e1f0a9",
                1,
                RuleCatalogue.SESSION_MULTI_SOURCE,
                Severity.CRITICAL,
                95,
                TENANT,
                USER_ID,
                UPN,
                DISPLAY_NAME,
                SESSION,
                minute(0),
                poller.eventTime(),
                "2 device code sign-ins from 2 IPs and 2 user agents",
                new SignInSummary[] {victimBrowser("b1", minute(0)), poller});
    }

    @Test
    void writesTheDocumentOfTheGoldenFile() throws IOException {
        JsonNode expected;
        try (InputStream golden = getClass().getResourceAsStream("session-multi-source-alert.golden.json")) {
            expected = MAPPER.readTree(golden);
        }

        JsonNode actual = MAPPER.readTree(AlertJson.toJson(goldenAlert(), DETECTION_TIME));

        assertEquals(
                expected,
                actual,
                () -> "expected\n" + expected.toPrettyString() + "\nbut was\n" + actual.toPrettyString());
    }

    @Test
    void writesOneLine() {
        String json = AlertJson.toJson(goldenAlert(), DETECTION_TIME);

        assertFalse(json.contains("\n"), json);
    }

    @Test
    void summaryLineIsOneLineWhateverTheAlertHolds() throws IOException {
        Alert alert = goldenAlert();
        Alert forged = AlertFixtures.copy(alert)
                .revision(0)
                .userPrincipalName(
                        "alice@contoso.com\r\n2026-01-21T10:09:00.000Z  high    session-multi-source  forged")
                .summary(
                        "bidi \u202e and isolate \u2066, separators \u2028\u2029, NEL \u0085, ESC \u001b[2J, DEL \u007f")
                .build();

        String line = AlertJson.summaryLine(MAPPER.readTree(AlertJson.toJson(forged, DETECTION_TIME)));

        assertTrue(line.contains("alice@contoso.com\\u000d\\u000a2026-01-21T10:09:00.000Z  high"), line);
        assertTrue(
                line.endsWith("bidi \\u202e and isolate \\u2066, separators \\u2028\\u2029, NEL \\u0085,"
                        + " ESC \\u001b[2J, DEL \\u007f"),
                line);
        assertEquals(1, line.lines().count());
        assertTrue(line.chars().allMatch(c -> c >= 0x20 && c < 0x7f), line);
    }

    @Test
    void ruleCarriesTheAlertsSeverityNotTheCatalogues() throws IOException {
        Alert tuned = sessionAlert(victimBrowser("b1", minute(0))).withSeverity(Severity.LOW, 20);

        JsonNode rule = MAPPER.readTree(AlertJson.toJson(tuned, DETECTION_TIME)).get("rule");

        assertEquals("low", rule.get("severity").asText());
        assertEquals(20, rule.get("riskScore").asInt());
    }

    @Test
    void perUserAlertHasANullSessionId() throws IOException {
        SignInSummary signIn = signIn(
                "s1",
                minute(0),
                true,
                ATTACKER_IP,
                64511,
                "python-requests/2.32.3",
                OFFICE_APP,
                "Microsoft Office",
                "deviceCode");
        Alert unseenAsn = alert(RuleCatalogue.UNSEEN_ASN, TENANT, null, signIn);

        JsonNode document = MAPPER.readTree(AlertJson.toJson(unseenAsn, DETECTION_TIME));

        assertTrue(document.has("sessionId"));
        assertTrue(document.get("sessionId").isNull());
        assertEquals("medium", document.get("rule").get("severity").asText());
    }

    @ParameterizedTest(name = "{0} -> {1} / {2}")
    @CsvSource(
            nullValues = "NULL",
            value = {
                "alice@contoso.com, alice, contoso.com",
                "Alice.Smith@Contoso.onmicrosoft.com, Alice.Smith, Contoso.onmicrosoft.com",
                "alice_fabrikam.com#EXT#@contoso.onmicrosoft.com, alice_fabrikam.com#EXT#, contoso.onmicrosoft.com",
                "0f8fad5b-d9cb-469f-a165-70867728950e, 0f8fad5b-d9cb-469f-a165-70867728950e, NULL",
                "alice, alice, NULL",
                "alice@, alice, NULL",
                "@contoso.com, NULL, contoso.com",
                "a@b@c, a, b",
                "NULL, NULL, NULL",
            })
    void splitsTheUpnAsTheSentinelSeedDoes(String upn, String accountName, String accountUpnSuffix) throws IOException {
        JsonNode user = MAPPER.readTree(AlertJson.toJson(withUser(USER_ID, upn), DETECTION_TIME))
                .get("user");

        assertEquals(upn, textOrNull(user.get("userPrincipalName")));
        assertEquals(accountName, textOrNull(user.get("accountName")));
        assertEquals(accountUpnSuffix, textOrNull(user.get("accountUpnSuffix")));
    }

    @ParameterizedTest(name = "key {0} -> id {1}")
    @CsvSource(
            nullValues = "NULL",
            value = {
                "0f8fad5b-d9cb-469f-a165-70867728950e, 0f8fad5b-d9cb-469f-a165-70867728950e",
                "0F8FAD5B-D9CB-469F-A165-70867728950E, 0F8FAD5B-D9CB-469F-A165-70867728950E",
                "alice@contoso.com, NULL",
                "0f8fad5b-d9cb-469f-a165, NULL",
            })
    void userIdIsTheKeyOnlyWhenTheKeyIsAnObjectId(String userKey, String id) throws IOException {
        JsonNode user = MAPPER.readTree(AlertJson.toJson(withUser(userKey, UPN), DETECTION_TIME))
                .get("user");

        assertEquals(userKey, user.get("key").asText());
        assertEquals(id, textOrNull(user.get("id")));
    }

    private static Alert withUser(String userKey, String upn) {
        return AlertFixtures.copy(sessionAlert(victimBrowser("b1", minute(0))))
                .userKey(userKey)
                .userPrincipalName(upn)
                .build();
    }

    private static String textOrNull(JsonNode node) {
        assertTrue(node != null, "every key is present");
        return node.isNull() ? null : node.asText();
    }
    /** Three poller sign-ins with 400 KB user agents, as an alert restored from state written before the parser cut. */
    @Test
    void anAlertOfThreeHugeUserAgentsFitsTheBoundWithAllItsEvidence() throws IOException {
        String huge = "python-requests/2.31.0 " + "a".repeat(409_600 - 23);
        SignInSummary[] evidence = new SignInSummary[4];
        evidence[0] = victimBrowser("b1", minute(0));
        for (int i = 1; i < evidence.length; i++) {
            evidence[i] =
                    signIn("p" + i, minute(i), false, ATTACKER_IP, 0, huge, OFFICE_APP, "Microsoft Office", "none");
        }
        Alert alert = sessionAlert(evidence);
        String json = AlertJson.toJson(alert, DETECTION_TIME);

        assertTrue(AlertJson.utf8Length(json) <= AlertJson.MAX_DOCUMENT_BYTES, "bytes " + AlertJson.utf8Length(json));
        JsonNode document = MAPPER.readTree(json);
        assertEquals(4, document.path("evidence").size());
        String userAgent = document.path("evidence").path(1).path("userAgent").asText();
        assertTrue(userAgent.startsWith("python-requests/2.31.0 aaa"));
        assertTrue(userAgent.endsWith("\u2026[truncated, 409600 chars]"), userAgent);
        assertEquals(alert.summary(), document.path("summary").asText());
    }

    /**
     * The worst an alert can be: the most evidence, every text of it and of the alert longer than any bound and made of
     * characters JSON escapes to six bytes each. It still fits, keeping its first sign-ins and saying so.
     */
    @Test
    void theWorstAlertStillFitsKeepingItsFirstSignIns() throws IOException {
        String worst = "\u0001".repeat(5_000);
        SignInSummary[] evidence = new SignInSummary[50];
        for (int i = 0; i < evidence.length; i++) {
            evidence[i] = new SignInSummary(
                    String.format("s%02d", i) + worst,
                    worst,
                    worst,
                    worst,
                    worst,
                    worst,
                    worst,
                    minute(i),
                    false,
                    worst,
                    1,
                    worst,
                    worst,
                    worst,
                    worst,
                    worst,
                    worst,
                    worst,
                    0,
                    worst,
                    worst,
                    false,
                    false);
        }
        Alert alert = new Alert(
                "3f1d2c4b5a69788796a5b4c3d2e1f0a9",
                7,
                RuleCatalogue.SESSION_MULTI_SOURCE,
                Severity.HIGH,
                80,
                worst,
                worst,
                worst,
                worst,
                worst,
                minute(0),
                minute(49),
                worst,
                evidence);
        String json = AlertJson.toJson(alert, DETECTION_TIME);

        assertTrue(AlertJson.utf8Length(json) <= AlertJson.MAX_DOCUMENT_BYTES, "bytes " + AlertJson.utf8Length(json));
        JsonNode document = MAPPER.readTree(json);
        int kept = document.path("evidence").size();
        assertTrue(kept >= 1 && kept < 50, "kept " + kept);
        for (int i = 0; i < kept; i++) {
            assertTrue(
                    document.path("evidence").path(i).path("signInId").asText().startsWith(String.format("s%02d", i)));
        }
        assertTrue(
                document.path("summary")
                        .asText()
                        .endsWith(" (evidence shortened to the first " + kept + " of 50 sign-ins to fit 256 KiB)"),
                document.path("summary").asText().substring(1900));
    }
}
