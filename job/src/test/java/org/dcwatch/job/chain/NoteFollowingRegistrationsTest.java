package org.dcwatch.job.chain;

import static org.dcwatch.job.chain.ChainSteps.WINDOW;
import static org.dcwatch.job.chain.ChainSteps.deviceCode;
import static org.dcwatch.job.chain.ChainSteps.minutes;
import static org.dcwatch.job.chain.ChainSteps.registration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.dcwatch.job.tuning.RuleParameters;
import org.dcwatch.udfs.alert.Alert;
import org.dcwatch.udfs.alert.VisibilityRecord;
import org.dcwatch.udfs.classify.TriageScore;
import org.dcwatch.udfs.event.DeviceRegistrationEvent;
import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.event.SignInSummary;
import org.dcwatch.udfs.rules.RuleCatalogue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The visibility record of a phished sign-in, written again once a registration of the same user follows it. */
class NoteFollowingRegistrationsTest {

    private static final KeySelector<VisibilityRecord, String> RECORD_KEY =
            record -> DeviceChainEvent.key(record.tenantId(), record.userKey());
    private static final KeySelector<Alert, String> ALERT_KEY =
            alert -> DeviceChainEvent.key(alert.tenantId(), alert.userKey());

    private KeyedTwoInputStreamOperatorTestHarness<String, VisibilityRecord, Alert, VisibilityRecord> harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness = new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new NoteFollowingRegistrations(WINDOW)),
                RECORD_KEY,
                ALERT_KEY,
                Types.STRING);
        harness.open();
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    @Test
    void writesTheRecordAgainNotingTheRegistrationThatFollowed() throws Exception {
        SignInEvent phish = deviceCode(minutes(0));
        VisibilityRecord record = visibility(phish);
        Alert chain = chainAlert(phish, registration(minutes(9)));

        harness.processElement1(record, record.eventTime());
        harness.processElement2(chain, chain.lastEventTime());

        List<VisibilityRecord> written = harness.extractOutputValues();
        assertEquals(2, written.size());
        assertNull(written.get(0).followedBy(), "the record goes out at once, as always");
        assertEquals(record.withFollowedBy(NoteFollowingRegistrations.note(chain)), written.get(1));
        assertEquals(
                "Register device of DESKTOP-7QK2M4X at 2026-03-02T09:23:02Z (alert " + chain.alertId() + ")",
                written.get(1).followedBy());
    }

    @Test
    void aNoteThatComesFirstWaitsForItsRecord() throws Exception {
        SignInEvent phish = deviceCode(minutes(0));
        Alert chain = chainAlert(phish, registration(minutes(9)));
        harness.processElement2(chain, chain.lastEventTime());
        VisibilityRecord record = visibility(phish);
        harness.processElement1(record, record.eventTime());

        List<VisibilityRecord> written = harness.extractOutputValues();
        assertEquals(List.of(record, record.withFollowedBy(NoteFollowingRegistrations.note(chain))), written);
    }

    @Test
    void keepsNothingOnceTheWindowHasPassed() throws Exception {
        for (int i = 0; i < 3; i++) {
            VisibilityRecord record = visibility(deviceCode(minutes(i)));
            harness.processElement1(record, record.eventTime());
        }
        Alert orphan = chainAlert(deviceCode(minutes(5)), registration(minutes(9)));
        harness.processElement2(orphan, orphan.lastEventTime());

        harness.processBothWatermarks(new Watermark(minutes(5) + WINDOW.toMillis()));

        assertEquals(0, harness.numKeyedStateEntries());
    }

    @Test
    void aFloodKeepsItsFirstRecordsOnly() throws Exception {
        for (int i = 0; i < 10_000; i++) {
            VisibilityRecord record = visibility(deviceCode(minutes(0) + i));
            harness.processElement1(record, record.eventTime());
        }
        assertEquals(10_000, harness.extractOutputValues().size(), "every record is written");
        harness.processBothWatermarks(new Watermark(minutes(0) + 10_000 + WINDOW.toMillis()));
        assertEquals(0, harness.numKeyedStateEntries());
    }

    private static VisibilityRecord visibility(SignInEvent signIn) {
        return VisibilityRecord.of(signIn, TriageScore.assess(signIn, Set.of()), 60);
    }

    private static Alert chainAlert(SignInEvent phish, DeviceRegistrationEvent registered) {
        RuleParameters parameters = RuleParameters.defaults(RuleCatalogue.DEVICE_CODE_DEVICE_REGISTRATION);
        SignInSummary summary = SignInSummary.of(phish);
        return new Alert(
                "alert-" + phish.id(),
                0,
                RuleCatalogue.DEVICE_CODE_DEVICE_REGISTRATION,
                parameters.severity(),
                parameters.riskScore(),
                phish.tenantId(),
                phish.userKey(),
                phish.userPrincipalName(),
                phish.userDisplayName(),
                phish.sessionId(),
                phish.eventTime(),
                registered.eventTime(),
                "chain",
                new SignInSummary[] {summary},
                new DeviceRegistrationEvent[] {registered});
    }
}
