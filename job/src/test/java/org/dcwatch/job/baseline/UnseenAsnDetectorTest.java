package org.dcwatch.job.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.dcwatch.job.sink.AlertJson;
import org.dcwatch.udfs.alert.Alert;
import org.dcwatch.udfs.alert.AlertIds;
import org.dcwatch.udfs.event.SignInSummary;
import org.dcwatch.udfs.rules.RuleCatalogue;
import org.dcwatch.udfs.rules.Severity;
import org.junit.jupiter.api.Test;

class UnseenAsnDetectorTest extends UnseenAsnTestBase {

    @Test
    void alertsOnDeviceCodeSignInFromAsnTheUserNeverUsed() throws Exception {
        usedDaily(HOME_ASN, 21, 1);
        SignIn phished = signIn().asn(HOSTING_ASN).deviceCode();
        send(phished);

        SignInSummary evidence = phished.build();
        Alert alert = alerts().get(0);
        assertEquals(1, alerts().size());
        assertEquals(AlertIds.of(RuleCatalogue.UNSEEN_ASN, TENANT, USER, null, evidence.id()), alert.alertId());
        assertEquals(0, alert.revision());
        assertEquals(RuleCatalogue.UNSEEN_ASN, alert.ruleId());
        assertEquals(Severity.MEDIUM, alert.severity());
        assertEquals(47, alert.riskScore());
        assertEquals(TENANT, alert.tenantId());
        assertEquals(USER, alert.userKey());
        assertEquals(UPN, alert.userPrincipalName());
        assertNull(alert.sessionId());
        assertEquals(NOW.toEpochMilli(), alert.firstEventTime());
        assertEquals(NOW.toEpochMilli(), alert.lastEventTime());
        assertArrayEquals(new SignInSummary[] {evidence}, alert.evidence());
        assertEquals(
                "device-code sign-in from AS14061, not among the user's 1 ASN of the last 30 days", alert.summary());
    }

    @Test
    void readsAnAsnAboveTwoToTheThirtyOneAsTheUnsignedNumberItIs() throws Exception {
        int privateUse = (int) 4_294_967_294L; // the int holds the unsigned number's bits
        usedDaily(HOME_ASN, 21, 1);
        send(signIn().asn(privateUse).deviceCode());

        Alert alert = alerts().get(0);
        assertEquals(
                "device-code sign-in from AS4294967294, not among the user's 1 ASN of the last 30 days",
                alert.summary());
        JsonNode evidence = new ObjectMapper()
                .readTree(AlertJson.toJson(alert, 0))
                .get("evidence")
                .get(0);
        assertEquals(4_294_967_294L, evidence.get("asn").asLong());
        assertEquals("4294967294", evidence.get("asn").asText());

        tune("{\"type\":\"knownAsn\",\"tenant\":\"" + TENANT + "\",\"asn\":4294967294,\"since\":\"" + daysAgo(3)
                + "\"}");
        send(signIn().asn(privateUse).deviceCode().at(NOW.plusSeconds(60)));
        assertEquals(1, alerts().size(), "the tenant now knows it");
    }

    @Test
    void alertsOnDeviceCodeTokenRefreshFromUnseenAsn() throws Exception {
        usedDaily(HOME_ASN, 21, 1);
        send(signIn().asn(HOSTING_ASN).deviceCodeRefresh());

        assertEquals(1, alerts().size());
    }

    @Test
    void alertsForUserWithoutAnyBaseline() throws Exception {
        send(signIn().asn(HOSTING_ASN).deviceCode());

        assertEquals(
                "device-code sign-in from AS14061, no ASN known for the user in the last 30 days",
                alerts().get(0).summary());
    }

    @Test
    void staysQuietWhenAsnWasSeenTenDaysAgo() throws Exception {
        send(signIn().asn(HOSTING_ASN).at(daysAgo(10)));
        send(signIn().asn(HOSTING_ASN).deviceCode());

        assertEquals(List.of(), alerts());
    }

    @Test
    void alertsWhenAsnWasLastSeenThirtyOneDaysAgo() throws Exception {
        send(signIn().asn(HOSTING_ASN).at(daysAgo(31)));
        send(signIn().asn(HOSTING_ASN).deviceCode());

        assertEquals(1, alerts().size());
    }

    @Test
    void alertsWhenAsnWasSeenOnlyWithinTheLastDay() throws Exception {
        usedDaily(HOME_ASN, 21, 1);
        send(signIn().asn(HOSTING_ASN).at(hoursAgo(12)));
        send(signIn().asn(HOSTING_ASN).deviceCode());

        assertEquals(1, alerts().size());
    }

    @Test
    void staysQuietForAsnUsedEveryDayUpToAnHourAgo() throws Exception {
        // The last sighting lies in the excluded day, the earlier ones in the baseline window: the ASN is known.
        usedDaily(HOME_ASN, 20, 0);
        send(signIn().asn(HOME_ASN).deviceCode());

        assertEquals(List.of(), alerts());
    }

    @Test
    void ordinarySignInFromNewAsnTeachesWithoutAlerting() throws Exception {
        send(signIn().asn(HOSTING_ASN).at(daysAgo(10)));
        assertEquals(List.of(), alerts());

        send(signIn().asn(HOSTING_ASN).deviceCode());
        assertEquals(List.of(), alerts());
    }

    @Test
    void staysQuietForAsnTheTenantKnows() throws Exception {
        tune(knownAsn(TENANT, HOSTING_ASN, daysAgo(3)));
        send(signIn().asn(HOSTING_ASN).deviceCode());

        assertEquals(List.of(), alerts());
    }

    @Test
    void staysQuietForAsnKnownFromTheInitialTuning() throws Exception {
        harness.close();
        harness = detector(List.of(knownAsn(TENANT, HOSTING_ASN, daysAgo(3))), null);
        send(signIn().asn(HOSTING_ASN).deviceCode());

        assertEquals(List.of(), alerts());
    }

    @Test
    void asnKnownToAnotherTenantStillAlerts() throws Exception {
        tune(knownAsn(OTHER_TENANT, HOSTING_ASN, daysAgo(3)));
        send(signIn().asn(HOSTING_ASN).deviceCode());

        assertEquals(1, alerts().size());
    }

    @Test
    void tenantsSharingAUserIdKeepSeparateBaselines() throws Exception {
        usedDaily(HOSTING_ASN, 20, 2);
        send(signIn().tenant(OTHER_TENANT).asn(HOSTING_ASN).deviceCode());
        send(signIn().asn(HOSTING_ASN).deviceCode());

        assertEquals(1, alerts().size());
        assertEquals(OTHER_TENANT, alerts().get(0).tenantId());
        assertEquals(3, keyedStateEntries(), "two histories, and the sign-in alerted on");
    }

    @Test
    void keepsTheHundredMostRecentAsns() throws Exception {
        Instant start = daysAgo(20);
        for (int asn = 64_500; asn <= 64_600; asn++) { // 101 ASNs, one an hour, 64500 the oldest
            send(signIn().asn(asn).at(start.plus(Duration.ofHours(asn - 64_500))));
        }
        send(signIn().asn(64_501).deviceCode());
        send(signIn().asn(64_500).deviceCode());

        assertEquals(1, alerts().size());
        assertEquals(
                "device-code sign-in from AS64500, not among the user's 100 ASNs of the last 30 days",
                alerts().get(0).summary());
        assertEquals(AsnHistory.MAX_ASNS, storedHistory(TENANT, USER).size());
    }

    @Test
    void cleanupTimerClearsTheBaselineOfAUserGoneForTheLookback() throws Exception {
        usedDaily(HOME_ASN, 20, 10);
        send(signIn().asn(OFFICE_ASN).at(daysAgo(10)));
        assertEquals(1, keyedStateEntries());
        assertEquals(1, harness.numEventTimeTimers());

        watermark(
                daysAgo(10).plus(Duration.ofDays(31)).plus(Duration.ofHours(25))); // cleanup timers fall on whole days

        assertEquals(0, keyedStateEntries());
        assertEquals(0, harness.numEventTimeTimers());
        assertEquals(List.of(), alerts());
    }

    @Test
    void cleanupTimerKeepsTheAsnsALongerLookbackStillCovers() throws Exception {
        send(signIn().asn(HOME_ASN).at(daysAgo(80)));
        send(signIn().asn(OFFICE_ASN).at(daysAgo(60))); // the timer: 31 days on, with the default lookback
        tune(unseenAsnRule(TENANT, 1, "\"lookback\":\"40d\""));

        watermark(
                daysAgo(60).plus(Duration.ofDays(31)).plus(Duration.ofHours(25))); // cleanup timers fall on whole days
        assertArrayEquals(new int[] {OFFICE_ASN}, storedHistory(TENANT, USER).getAsns());
        assertEquals(1, harness.numEventTimeTimers());

        watermark(
                daysAgo(60).plus(Duration.ofDays(41)).plus(Duration.ofHours(25))); // cleanup timers fall on whole days
        assertEquals(0, keyedStateEntries());
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void busyUserKeepsOneCleanupTimer() throws Exception {
        Instant start = daysAgo(3);
        for (int minutes = 0; minutes < 24 * 60; minutes += 5) {
            send(signIn().asn(minutes % 2 == 0 ? HOME_ASN : OFFICE_ASN).at(start.plus(Duration.ofMinutes(minutes))));
        }

        assertEquals(1, harness.numEventTimeTimers());
        assertEquals(1, keyedStateEntries());
    }

    @Test
    void restoredBaselineStillDecides() throws Exception {
        usedDaily(HOME_ASN, 20, 2);
        OperatorSubtaskState snapshot = harness.snapshot(0, 0);
        harness.close();

        harness = detector(List.of(), snapshot);
        assertEquals(1, harness.numEventTimeTimers());
        send(signIn().asn(HOME_ASN).deviceCode());
        assertEquals(List.of(), alerts());
        send(signIn().asn(HOSTING_ASN).deviceCode());
        assertEquals(1, alerts().size());
    }

    @Test
    void sevenDayLookbackFromARuleRecordForgetsAnAsnSeenTenDaysAgo() throws Exception {
        tune(unseenAsnRule(OTHER_TENANT, 1, "\"lookback\":\"7d\""));
        for (String tenant : List.of(TENANT, OTHER_TENANT)) {
            send(signIn().tenant(tenant).asn(HOSTING_ASN).at(daysAgo(10)));
            send(signIn().tenant(tenant).asn(HOSTING_ASN).deviceCode());
        }

        assertEquals(1, alerts().size());
        assertEquals(OTHER_TENANT, alerts().get(0).tenantId());
        assertEquals(
                "device-code sign-in from AS14061, no ASN known for the user in the last 7 days",
                alerts().get(0).summary());
    }

    @Test
    void alertCarriesTheTunedSeverityAndRiskScore() throws Exception {
        tune(unseenAsnRule("*", 1, "\"severity\":\"high\",\"riskScore\":73"));
        send(signIn().asn(HOSTING_ASN).deviceCode());

        assertEquals(Severity.HIGH, alerts().get(0).severity());
        assertEquals(73, alerts().get(0).riskScore());
    }

    @Test
    void disabledRuleStaysQuietButKeepsLearning() throws Exception {
        tune(unseenAsnRule(TENANT, 1, "\"enabled\":false"));
        send(signIn().asn(HOSTING_ASN).deviceCode().at(daysAgo(2)));
        assertEquals(List.of(), alerts());
        assertEquals(1, keyedStateEntries());

        tune(unseenAsnRule(TENANT, 2, "\"enabled\":true"));
        send(signIn().asn(HOSTING_ASN).deviceCode());
        assertEquals(List.of(), alerts());
        send(signIn().asn(OFFICE_ASN).deviceCode());
        assertEquals(1, alerts().size());
    }

    @Test
    void keysByTenantAndUser() {
        UserSignIn input = UserSignIn.of(signIn().build(), false);

        assertEquals(TENANT + "|" + USER, UnseenAsnDetector.baselineKey(input));
    }

    @Test
    void stateTtlIsAProcessingTimeSafetyNetBeyondTheBaseline() {
        var ttl = UnseenAsnDetector.historyDescriptor(UnseenAsnDetector.DEFAULT_STATE_SAFETY_TTL)
                .getTtlConfig();

        assertTrue(ttl.isEnabled());
        assertTrue(ttl.getCleanupStrategies().inFullSnapshot());
        assertEquals(Duration.ofDays(38), ttl.getTimeToLive());
    }
}
