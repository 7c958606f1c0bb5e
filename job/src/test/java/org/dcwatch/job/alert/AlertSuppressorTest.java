package org.dcwatch.job.alert;

import static org.dcwatch.job.alert.AlertFixtures.ATTACKER_ASN;
import static org.dcwatch.job.alert.AlertFixtures.ATTACKER_IP;
import static org.dcwatch.job.alert.AlertFixtures.AZURE_CLI_APP;
import static org.dcwatch.job.alert.AlertFixtures.OFFICE_APP;
import static org.dcwatch.job.alert.AlertFixtures.OTHER_SESSION;
import static org.dcwatch.job.alert.AlertFixtures.OTHER_TENANT;
import static org.dcwatch.job.alert.AlertFixtures.PYTHON_REQUESTS;
import static org.dcwatch.job.alert.AlertFixtures.SESSION;
import static org.dcwatch.job.alert.AlertFixtures.TENANT;
import static org.dcwatch.job.alert.AlertFixtures.adminBrowser;
import static org.dcwatch.job.alert.AlertFixtures.alert;
import static org.dcwatch.job.alert.AlertFixtures.attackerPoller;
import static org.dcwatch.job.alert.AlertFixtures.azureCli;
import static org.dcwatch.job.alert.AlertFixtures.minute;
import static org.dcwatch.job.alert.AlertFixtures.sessionAlert;
import static org.dcwatch.job.alert.AlertFixtures.signIn;
import static org.dcwatch.job.alert.AlertFixtures.victimBrowser;
import static org.dcwatch.job.tuning.TuningFixtures.AZURE_CLI_ALLOWLIST;
import static org.dcwatch.udfs.rules.RuleCatalogue.SESSION_MULTI_SOURCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.ObjectArrayTypeInfo;
import org.apache.flink.api.java.typeutils.PojoField;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.metrics.testutils.MetricListener;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.dcwatch.job.KeyedBroadcastHarnesses;
import org.dcwatch.udfs.alert.Alert;
import org.dcwatch.udfs.event.SignInSummary;
import org.dcwatch.udfs.rules.RuleCatalogue;
import org.dcwatch.udfs.rules.Severity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AlertSuppressorTest {

    private static final long WINDOW_END = minute(2) + 3_600_000; // the first alert's last event + 1 h

    private KeyedBroadcastOperatorTestHarness<String, Alert, String, Alert> harness;
    private MetricListener metrics;

    @AfterEach
    void closeHarness() throws Exception {
        if (harness != null) harness.close();
    }

    // --- suppression ---------------------------------------------------------------------------------------------

    @Test
    void firstAlertOfAKeyPassesAsRevisionZero() throws Exception {
        start();
        Alert phishing = sessionAlert(victimBrowser("b1", minute(0)), attackerPoller("p1", minute(2)));

        process(phishing);

        assertEquals(List.of(phishing), harness.extractOutputValues());
        assertEquals(1, keyedStateEntries());
        assertEquals(1, harness.numEventTimeTimers());
        assertEquals(1, counter("rule", SESSION_MULTI_SOURCE, "alerts"));
    }

    @Test
    void replayedAlertIsSuppressed() throws Exception {
        start();
        Alert phishing = sessionAlert(victimBrowser("b1", minute(0)), attackerPoller("p1", minute(2)));

        process(phishing);
        process(phishing);

        assertEquals(List.of(phishing), harness.extractOutputValues());
        assertEquals(1, counter("alertsSuppressed"));
        assertEquals(1, counter("rule", SESSION_MULTI_SOURCE, "alerts"));
    }

    @Test
    void alertShowingOnlyEmittedSignInsIsSuppressed() throws Exception {
        start();
        process(sessionAlert(
                victimBrowser("b1", minute(0)), attackerPoller("p1", minute(2)), attackerPoller("p2", minute(4))));

        process(sessionAlert(attackerPoller("p1", minute(2)), attackerPoller("p2", minute(4))));

        assertEquals(1, harness.extractOutputValues().size());
        assertEquals(1, counter("alertsSuppressed"));
    }

    @Test
    void newSignInsUpdateTheEmittedAlertUnderItsId() throws Exception {
        start();
        Alert first = sessionAlert(victimBrowser("b1", minute(0)), attackerPoller("p1", minute(2)));
        // a later detection of the same session: one sign-in already shown, one newer, one older that arrived late
        Alert later = sessionAlert(
                victimBrowser("b0", minute(-1)), attackerPoller("p1", minute(2)), attackerPoller("p2", minute(5)));

        process(first);
        process(later);

        Alert update = harness.extractOutputValues().get(1);
        assertEquals(first.alertId(), update.alertId());
        assertEquals(1, update.revision());
        assertEquals(List.of("b0", "b1", "p1", "p2"), evidenceIds(update));
        assertEquals(minute(-1), update.firstEventTime());
        assertEquals(minute(5), update.lastEventTime());
        assertEquals(
                "4 device-code sign-ins in 6m0s from 2 IPs and 2 user agents",
                update.summary(),
                "the summary of the evidence the update shows, not of either alert");
        assertEquals(1, counter("alertsExtended"));
        assertEquals(1, counter("rule", SESSION_MULTI_SOURCE, "alerts"), "an update is not a new alert");
    }

    @Test
    void secondUpdateRaisesTheRevisionAgainAndItsReplayIsSuppressed() throws Exception {
        start();
        process(sessionAlert(victimBrowser("b1", minute(0)), attackerPoller("p1", minute(2))));
        Alert second = sessionAlert(attackerPoller("p2", minute(5)));
        Alert third = sessionAlert(attackerPoller("p3", minute(8)));

        process(second);
        process(third);
        process(third);

        List<Alert> out = harness.extractOutputValues();
        assertEquals(3, out.size());
        assertEquals(2, out.get(2).revision());
        assertEquals(List.of("b1", "p1", "p2", "p3"), evidenceIds(out.get(2)));
        assertEquals(1, counter("alertsSuppressed"));
    }

    @Test
    void windowEndClearsStateAndTimerAndTheNextAlertIsNew() throws Exception {
        start();
        Alert first = sessionAlert(victimBrowser("b1", minute(0)), attackerPoller("p1", minute(2)));
        process(first);

        harness.watermark(WINDOW_END - 1);
        assertEquals(1, keyedStateEntries(), "still open just before its end");

        harness.watermark(WINDOW_END);
        assertEquals(0, keyedStateEntries());
        assertEquals(0, harness.numEventTimeTimers());

        Alert next = sessionAlert(victimBrowser("b9", minute(70)), attackerPoller("p9", minute(72)));
        process(next);
        assertEquals(List.of(first, next), harness.extractOutputValues());
        assertEquals(0, next.revision());
        assertEquals(2, counter("rule", SESSION_MULTI_SOURCE, "alerts"));
    }

    @Test
    void alertAtTheWindowEndOpensANewWindowBeforeTheWatermarkGetsThere() throws Exception {
        start();
        process(sessionAlert(victimBrowser("b1", minute(0)), attackerPoller("p1", minute(2))));
        Alert afterTheEnd = sessionAlert(attackerPoller("p9", WINDOW_END));

        process(afterTheEnd);

        assertEquals(afterTheEnd, harness.extractOutputValues().get(1));
        assertEquals(1, harness.numEventTimeTimers(), "the old window's timer is deleted");
        harness.watermark(WINDOW_END);
        assertEquals(1, keyedStateEntries(), "the new window is still open");
        harness.watermark(WINDOW_END + 3_600_000);
        assertEquals(0, keyedStateEntries());
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void lateUnseenAsnAlertsOfOneAttackMakeOneAlertWheneverTheWatermarkArrives() throws Exception {
        start();
        harness.watermark(minute(120)); // the pollers' sign-ins arrive two hours late
        Alert first = unseenAsnAlert(attackerPoller("p1", minute(0)));
        process(first);
        harness.watermark(minute(121)); // past the window's end already, as it was when the first alert came

        process(unseenAsnAlert(attackerPoller("p2", minute(1))));

        List<Alert> emitted = harness.extractOutputValues();
        assertEquals(2, emitted.size());
        assertEquals(first.alertId(), emitted.get(1).alertId());
        assertEquals(1, emitted.get(1).revision());
        assertEquals(List.of("p1", "p2"), evidenceIds(emitted.get(1)));
    }

    @Test
    void unseenAsnWindowIsKeptForTheRecentExclusionPastItsEnd() throws Exception {
        start();
        process(unseenAsnAlert(attackerPoller("p1", minute(0))));
        long windowEnd = minute(60);
        long recentExclusion = Duration.ofDays(1).toMillis();

        harness.watermark(windowEnd + recentExclusion - 1);
        assertEquals(1, keyedStateEntries());
        harness.watermark(windowEnd + recentExclusion);
        assertEquals(0, keyedStateEntries());
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void unseenAsnWindowFollowsARecentExclusionTunedLonger() throws Exception {
        start();
        process(unseenAsnAlert(attackerPoller("p1", minute(0))));
        harness.processBroadcastElement("""
                {"type":"rule","rule":"unseen-asn","tenant":"*","recentExclusion":"2d","version":1}""", 0);
        long windowEnd = minute(60);

        harness.watermark(windowEnd + Duration.ofDays(1).toMillis());
        assertEquals(1, keyedStateEntries(), "kept for the two days now in force");
        assertEquals(1, harness.numEventTimeTimers());
        harness.watermark(windowEnd + Duration.ofDays(2).toMillis());
        assertEquals(0, keyedStateEntries());
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void suppressionLastsAsLongAsTheRuleParameterSays() throws Exception {
        start("""
                {"type":"rule","rule":"session-multi-source","suppression":"10m"}""");
        process(sessionAlert(victimBrowser("b1", minute(0)), attackerPoller("p1", minute(2))));

        harness.watermark(minute(12));

        assertEquals(0, keyedStateEntries());
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void keysAreSuppressedIndependently() throws Exception {
        start();
        process(sessionAlert(victimBrowser("b1", minute(0)), attackerPoller("p1", minute(2))));

        process(alert(
                SESSION_MULTI_SOURCE,
                TENANT,
                OTHER_SESSION,
                victimBrowser("b1", minute(0)),
                attackerPoller("p1", minute(2))));

        assertEquals(2, harness.extractOutputValues().size());
        assertEquals(2, keyedStateEntries());
    }

    @Test
    void evidenceIsLimitedToTheOldestFiftySignIns() throws Exception {
        start();
        List<SignInSummary> polls = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            polls.add(attackerPoller(String.format("p%02d", i), minute(10) + i * 1_000L));
        }
        Alert crowded = sessionAlert(polls.toArray(SignInSummary[]::new));

        process(crowded);
        process(sessionAlert(attackerPoller("p99", minute(20)))); // newer than every shown sign-in: nothing to show
        process(sessionAlert(victimBrowser("b1", minute(9)))); // older: it is shown, the newest shown one drops out

        List<Alert> out = harness.extractOutputValues();
        assertEquals(2, out.size());
        Alert first = out.get(0);
        assertEquals(crowded.alertId(), first.alertId());
        assertEquals(AlertSuppressor.MAX_EVIDENCE, first.evidence().length);
        assertEquals("p49", first.evidence()[49].id());
        assertTrue(first.summary().endsWith(AlertSuppressor.EVIDENCE_LIMITED), first.summary());
        Alert update = out.get(1);
        assertEquals(1, update.revision());
        assertEquals(AlertSuppressor.MAX_EVIDENCE, update.evidence().length);
        assertEquals("b1", update.evidence()[0].id());
        assertEquals("p48", update.evidence()[49].id());
        assertEquals(1, counter("alertsSuppressed"));
    }

    // --- tuning ----------------------------------------------------------------------------------------------------

    @Test
    void ruleTurnedOffForATenantDropsOnlyThatTenantsAlerts() throws Exception {
        start("""
                {"type":"rule","rule":"session-multi-source","tenant":"%s","enabled":false}""".formatted(TENANT));

        process(sessionAlert(victimBrowser("b1", minute(0)), attackerPoller("p1", minute(2))));
        Alert otherTenant = alert(
                SESSION_MULTI_SOURCE,
                OTHER_TENANT,
                SESSION,
                victimBrowser("b1", minute(0)),
                attackerPoller("p1", minute(2)));
        process(otherTenant);

        assertEquals(List.of(otherTenant), harness.extractOutputValues());
        assertEquals(1, counter("alertsDisabled"));
        assertEquals(1, keyedStateEntries(), "a dropped alert leaves no state");
    }

    @Test
    void azureCliAllowlistSilencesTheSeedsFalsePositive() throws Exception {
        start(AZURE_CLI_ALLOWLIST);

        process(sessionAlert(adminBrowser("b1", minute(0)), azureCli("c1", minute(1))));

        assertEquals(List.of(), harness.extractOutputValues());
        assertEquals(1, counter("alertsAllowlisted"));
        assertEquals(0, keyedStateEntries());
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void azureCliAllowlistDoesNotSilenceAnAttackerUsingAnotherApp() throws Exception {
        start(AZURE_CLI_ALLOWLIST);
        Alert phishing = sessionAlert(victimBrowser("b1", minute(0)), attackerPoller("p1", minute(2)));

        process(phishing);

        assertEquals(List.of(phishing), harness.extractOutputValues());
        assertEquals(0, counter("alertsAllowlisted"));
    }

    @Test
    void pollerJoiningAnAllowlistedLoginIsAlerted() throws Exception {
        start(AZURE_CLI_ALLOWLIST);
        process(cliAlert(SESSION));
        // the detector's next window of the same session: the administrator's login and a python poller after it
        Alert joined = sessionAlert(
                adminBrowser("b1", minute(0)),
                azureCli("c1", minute(1)),
                signIn(
                        "x1",
                        minute(3),
                        false,
                        ATTACKER_IP,
                        ATTACKER_ASN,
                        PYTHON_REQUESTS,
                        AZURE_CLI_APP,
                        "Microsoft Azure CLI",
                        "none"));
        process(joined);

        assertEquals(List.of(joined), harness.extractOutputValues());
        assertEquals(1, counter("alertsAllowlisted"));
    }

    @Test
    void aNewSourceIsShownWhenTheEvidenceIsFull() throws Exception {
        start();
        List<SignInSummary> polls = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            polls.add(attackerPoller(String.format("p%02d", i), minute(10) + i * 1_000L));
        }
        process(sessionAlert(polls.toArray(SignInSummary[]::new)));
        SignInSummary secondAttacker = signIn(
                "q1",
                minute(15),
                false,
                "192.0.2.200",
                ATTACKER_ASN,
                PYTHON_REQUESTS,
                OFFICE_APP,
                "Microsoft Office",
                "none");
        process(sessionAlert(secondAttacker));

        List<Alert> out = harness.extractOutputValues();
        assertEquals(2, out.size(), out.toString());
        Alert update = out.get(1);
        assertEquals(AlertSuppressor.MAX_EVIDENCE, update.evidence().length);
        assertTrue(evidenceIds(update).contains("q1"), "a second burst from a new IP is shown");
        assertTrue(update.summary().startsWith("50 device-code sign-ins in 5m0s from 2 IPs"), update.summary());
    }

    @Test
    void allowlistArrivingMidStreamSilencesOnlyLaterAlerts() throws Exception {
        start();
        Alert before = cliAlert(SESSION);
        process(before);

        harness.processBroadcastElement(AZURE_CLI_ALLOWLIST, minute(3));
        process(cliAlert(OTHER_SESSION));

        assertEquals(List.of(before), harness.extractOutputValues());
        assertEquals(1, counter("alertsAllowlisted"));
    }

    @Test
    void higherVersionReplacesAnAllowlistAndALowerOneArrivingLaterIsIgnored() throws Exception {
        start();
        String version2ForAnotherApp = AZURE_CLI_ALLOWLIST
                .replace(AlertFixtures.AZURE_CLI_APP, "11111111-2222-3333-4444-555555555555")
                .replace("\"version\":1", "\"version\":2");

        harness.processBroadcastElement(AZURE_CLI_ALLOWLIST, minute(0));
        process(cliAlert("session-a"));
        harness.processBroadcastElement(version2ForAnotherApp, minute(3));
        Alert afterReplacement = cliAlert("session-b");
        process(afterReplacement);
        harness.processBroadcastElement(AZURE_CLI_ALLOWLIST, minute(4));
        Alert afterStaleVersion = cliAlert("session-c");
        process(afterStaleVersion);

        assertEquals(List.of(afterReplacement, afterStaleVersion), harness.extractOutputValues());
        assertEquals(1, counter("alertsAllowlisted"));
    }

    @Test
    void deletedAllowlistNoLongerSilences() throws Exception {
        start(AZURE_CLI_ALLOWLIST);
        process(cliAlert("session-a"));

        harness.processBroadcastElement("""
                {"type":"allowlist","id":"azure-cli","tenant":"*","deleted":true,"version":2}""", minute(3));
        Alert afterDeletion = cliAlert("session-b");
        process(afterDeletion);

        assertEquals(List.of(afterDeletion), harness.extractOutputValues());
    }

    @Test
    void tenantsSeverityAndRiskScoreReplaceTheRules() throws Exception {
        start();
        harness.processBroadcastElement("""
                {"type":"rule","rule":"session-multi-source","tenant":"%s","severity":"critical","riskScore":99}""".formatted(TENANT), minute(0));

        process(sessionAlert(victimBrowser("b1", minute(0)), attackerPoller("p1", minute(2))));
        process(sessionAlert(attackerPoller("p2", minute(5))));
        process(alert(
                SESSION_MULTI_SOURCE,
                OTHER_TENANT,
                SESSION,
                victimBrowser("b1", minute(0)),
                attackerPoller("p1", minute(2))));

        List<Alert> out = harness.extractOutputValues();
        assertEquals(Severity.CRITICAL, out.get(0).severity());
        assertEquals(99, out.get(0).riskScore());
        assertEquals(Severity.CRITICAL, out.get(1).severity(), "updates too");
        assertEquals(1, out.get(1).revision());
        assertEquals(Severity.HIGH, out.get(2).severity(), "other tenants keep the rule's");
        assertEquals(73, out.get(2).riskScore());
    }

    // --- checkpoints -----------------------------------------------------------------------------------------------

    @Test
    void restoreFromASnapshotKeepsSuppression() throws Exception {
        start();
        Alert first = sessionAlert(victimBrowser("b1", minute(0)), attackerPoller("p1", minute(2)));
        process(first);
        OperatorSubtaskState snapshot = harness.snapshot(1, minute(3));
        harness.close();

        restore(snapshot);
        process(first); // the replay after a restart
        process(sessionAlert(attackerPoller("p2", minute(5))));

        List<Alert> out = harness.extractOutputValues();
        assertEquals(1, out.size(), "the replay is suppressed");
        assertEquals(first.alertId(), out.get(0).alertId());
        assertEquals(1, out.get(0).revision());
        assertEquals(1, harness.numEventTimeTimers(), "the window's timer is restored");
        harness.watermark(WINDOW_END);
        assertEquals(0, keyedStateEntries());
    }

    @Test
    void restoreFromASnapshotKeepsTuningUpdates() throws Exception {
        start();
        harness.processBroadcastElement(AZURE_CLI_ALLOWLIST, minute(0));
        OperatorSubtaskState snapshot = harness.snapshot(1, minute(1));
        harness.close();

        restore(snapshot);
        process(cliAlert(SESSION));

        assertEquals(List.of(), harness.extractOutputValues());
        assertEquals(1, counter("alertsAllowlisted"));
    }

    @Test
    void windowStateIsSerializedWithoutKryo() {
        PojoTypeInfo<?> window = assertInstanceOf(PojoTypeInfo.class, AlertSuppressor.WINDOW_TYPE);

        for (int i = 0; i < window.getArity(); i++) {
            PojoField field = window.getPojoFieldAt(i);
            assertFalse(
                    field.getTypeInformation() instanceof GenericTypeInfo,
                    field.getField().getName());
        }
        TypeInformation<?> evidence = window.getTypeAt(window.getFieldIndex("evidence"));
        assertInstanceOf(
                PojoTypeInfo.class,
                assertInstanceOf(ObjectArrayTypeInfo.class, evidence).getComponentInfo());
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    /** An unseen-asn alert as the detector raises it: no session. */
    private static Alert unseenAsnAlert(SignInSummary signIn) {
        return alert(RuleCatalogue.UNSEEN_ASN, TENANT, null, signIn);
    }

    /** The seed 000 false positive: an admin's browser and Azure CLI, from one IP, in the given session. */
    private static Alert cliAlert(String sessionId) {
        return alert(SESSION_MULTI_SOURCE, TENANT, sessionId, adminBrowser("b1", minute(0)), azureCli("c1", minute(1)));
    }

    private void process(Alert alert) throws Exception {
        harness.processElement(alert, alert.lastEventTime());
    }

    private int keyedStateEntries() {
        return KeyedBroadcastHarnesses.keyedStateEntries(harness);
    }

    private static List<String> evidenceIds(Alert alert) {
        return Arrays.stream(alert.evidence()).map(SignInSummary::id).toList();
    }

    private long counter(String... path) {
        return metrics.getCounter(path)
                .orElseThrow(() -> new AssertionError("no counter " + String.join(".", path)))
                .getCount();
    }

    private void start(String... initialTuning) throws Exception {
        open(List.of(initialTuning), null);
    }

    private void restore(OperatorSubtaskState snapshot) throws Exception {
        open(List.of(), snapshot);
    }

    /** A suppressor with the given tuning, restored from the snapshot unless it is null, reporting to {@link #metrics}. */
    private void open(List<String> initialTuning, OperatorSubtaskState snapshot) throws Exception {
        metrics = new MetricListener();
        harness = KeyedBroadcastHarnesses.open(
                new AlertSuppressor(initialTuning), Alert::suppressionKey, Types.STRING, snapshot, metrics);
    }
}
