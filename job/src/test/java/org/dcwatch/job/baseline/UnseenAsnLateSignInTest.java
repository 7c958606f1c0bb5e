package org.dcwatch.job.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.dcwatch.udfs.alert.Alert;
import org.dcwatch.udfs.alert.AlertIds;
import org.dcwatch.udfs.event.SignInSummary;
import org.dcwatch.udfs.rules.RuleCatalogue;
import org.junit.jupiter.api.Test;

/** Device-code sign-ins that arrive behind the watermark, and copies of sign-ins already alerted on. */
class UnseenAsnLateSignInTest extends UnseenAsnTestBase {

    @Test
    void lateDeviceCodeSignInFromANewAsnAlerts() throws Exception {
        usedDaily(HOME_ASN, 21, 1);
        watermark(NOW.plus(Duration.ofHours(2)));
        SignIn poller = signIn().asn(HOSTING_ASN).deviceCodeRefresh();
        sendLate(poller);

        SignInSummary evidence = poller.build();
        assertEquals(1, alerts().size());
        Alert alert = alerts().get(0);
        assertEquals(AlertIds.of(RuleCatalogue.UNSEEN_ASN, TENANT, USER, null, evidence.id()), alert.alertId());
        assertEquals(0, alert.revision());
        assertArrayEquals(new SignInSummary[] {evidence}, alert.evidence());
        assertEquals(
                "device-code sign-in from AS14061, not among the user's 1 ASN of the last 30 days", alert.summary());
        assertEquals(0, counter("lateSignInsNotJudged"));
    }

    @Test
    void lateDeviceCodeSignInFromTheHomeAsnStaysQuiet() throws Exception {
        usedDaily(HOME_ASN, 21, 1);
        watermark(NOW.plus(Duration.ofHours(2)));
        sendLate(signIn().asn(HOME_ASN).deviceCode());

        assertEquals(List.of(), alerts());
    }

    @Test
    void judgesUpToTheRecentExclusionBehindTheWatermarkAndOnlyLearnsFromLaterOnes() throws Exception {
        watermark(NOW.plus(Duration.ofDays(1)));
        sendLate(signIn().asn(HOSTING_ASN).deviceCode()); // a day behind: the seed's last day still holds it
        sendLate(signIn().asn(OFFICE_ASN).deviceCode().at(NOW.minusMillis(1)));

        assertEquals(1, alerts().size());
        assertEquals(
                "device-code sign-in from AS14061, no ASN known for the user in the last 30 days",
                alerts().get(0).summary());
        assertEquals(1, counter("lateSignInsNotJudged"));

        send(signIn().asn(OFFICE_ASN).deviceCode().at(NOW.plus(Duration.ofDays(2))));
        assertEquals(1, alerts().size(), "the one not judged taught the baseline");
    }

    @Test
    void deviceCodeSignInLateByDaysOnlyTeaches() throws Exception {
        watermark(NOW);
        sendLate(signIn().asn(HOSTING_ASN).at(daysAgo(10)).deviceCode());
        assertEquals(List.of(), alerts());
        assertEquals(1, counter("lateSignInsNotJudged"));

        send(signIn().asn(HOSTING_ASN).deviceCode());
        assertEquals(List.of(), alerts());
    }

    @Test
    void howLateIsTooLateIsTheTenantsRecentExclusion() throws Exception {
        tune(unseenAsnRule(TENANT, 1, "\"recentExclusion\":\"6h\""));
        watermark(NOW.plus(Duration.ofHours(8)));
        sendLate(signIn().asn(HOSTING_ASN).deviceCode());
        sendLate(signIn().tenant(OTHER_TENANT).asn(HOSTING_ASN).deviceCode());

        assertEquals(1, alerts().size());
        assertEquals(OTHER_TENANT, alerts().get(0).tenantId());
        assertEquals(1, counter("lateSignInsNotJudged"));
    }

    @Test
    void lateSignInMeetsTheBaselineAsItStoodThoughTheWatermarkExpiredPartOfIt() throws Exception {
        send(signIn().asn(OFFICE_ASN).at(daysAgo(30).plus(Duration.ofHours(2)))); // inside the window of NOW
        watermark(NOW.plus(Duration.ofHours(20)));
        send(signIn().asn(HOME_ASN).at(NOW.plus(Duration.ofHours(20)))); // a write, which drops what has expired

        assertArrayEquals(
                new int[] {OFFICE_ASN, HOME_ASN},
                storedHistory(TENANT, USER).getAsns(),
                "an ASN a sign-in of the last day may still need is kept");
        sendLate(signIn().asn(OFFICE_ASN).deviceCode());
        sendLate(signIn().asn(HOSTING_ASN).deviceCode());
        assertEquals(1, alerts().size());
        assertEquals(
                "device-code sign-in from AS14061, not among the user's 1 ASN of the last 30 days",
                alerts().get(0).summary());
    }

    @Test
    void lateCopyOfAnAlertedSignInRaisesNothingOnceTheSuppressionWindowHasClosed() throws Exception {
        usedDaily(HOME_ASN, 21, 1);
        SignIn phished = signIn().asn(HOSTING_ASN).deviceCode();
        send(phished);
        watermark(NOW.plus(Duration.ofHours(3))); // the alert's suppression window (1 h) closed long ago
        sendLate(phished);

        assertEquals(1, alerts().size());
        assertEquals(1, counter("copiesDropped"));
    }

    @Test
    void onTimeCopyOfAnAlertedSignInRaisesNothing() throws Exception {
        // the baseline's input is not de-duplicated: only the rules' is
        usedDaily(HOME_ASN, 21, 1);
        SignIn phished = signIn().asn(HOSTING_ASN).deviceCode();
        send(phished);
        send(phished);

        assertEquals(1, alerts().size());
        assertEquals(1, counter("copiesDropped"));
    }

    @Test
    void copyOfALateAlertedSignInRaisesNothing() throws Exception {
        watermark(NOW.plus(Duration.ofHours(2)));
        SignIn phished = signIn().asn(HOSTING_ASN).deviceCode();
        sendLate(phished);
        watermark(NOW.plus(Duration.ofHours(5)));
        sendLate(phished);

        assertEquals(1, alerts().size());
        assertEquals(1, counter("copiesDropped"));
    }

    @Test
    void stateAndTimersAreGoneOnceTheUserIsGone() throws Exception {
        usedDaily(HOME_ASN, 21, 1);
        SignIn phished = signIn().asn(HOSTING_ASN).deviceCode();
        watermark(NOW.plus(Duration.ofHours(2)));
        sendLate(phished);
        sendLate(phished);
        assertEquals(2, keyedStateEntries(), "the history and the alerted sign-in");
        assertEquals(1, harness.numEventTimeTimers());

        watermark(NOW.plus(Duration.ofDays(31)).plus(Duration.ofHours(25))); // cleanup timers fall on whole days

        assertEquals(0, keyedStateEntries());
        assertEquals(0, harness.numEventTimeTimers());
        assertEquals(1, alerts().size());
    }

    @Test
    void alertedSignInsAreForgottenOnceACopyWouldNotBeJudged() throws Exception {
        usedDaily(HOME_ASN, 21, 1);
        send(signIn().asn(HOSTING_ASN).deviceCode());
        assertNotNull(storedAlerted(TENANT, USER));

        // the user works on from home: the cleanup timer moves each day, and never fires
        for (int day = 1; day <= 2; day++) {
            Instant time = NOW.plus(Duration.ofDays(day));
            watermark(time);
            send(signIn().asn(HOME_ASN).at(time));
        }

        assertNull(storedAlerted(TENANT, USER));
        assertEquals(1, keyedStateEntries());
        assertEquals(1, harness.numEventTimeTimers());
    }

    @Test
    void restoredDetectorStillKnowsWhatItAlertedOn() throws Exception {
        usedDaily(HOME_ASN, 21, 1);
        SignIn phished = signIn().asn(HOSTING_ASN).deviceCode();
        send(phished);
        assertEquals(1, alerts().size());
        OperatorSubtaskState snapshot = harness.snapshot(0, 0);
        harness.close();

        harness = detector(List.of(), snapshot);
        watermark(NOW.plus(Duration.ofHours(3)));
        sendLate(phished);
        assertEquals(List.of(), alerts());
        assertEquals(1, counter("copiesDropped"));
        sendLate(signIn().asn(OFFICE_ASN).deviceCode());
        assertEquals(1, alerts().size(), "a late sign-in of its own still alerts");
    }
}
