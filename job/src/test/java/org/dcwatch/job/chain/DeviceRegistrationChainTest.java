package org.dcwatch.job.chain;

import static org.dcwatch.job.chain.ChainSteps.DEVICE_ID;
import static org.dcwatch.job.chain.ChainSteps.TENANT;
import static org.dcwatch.job.chain.ChainSteps.USER;
import static org.dcwatch.job.chain.ChainSteps.WINDOW;
import static org.dcwatch.job.chain.ChainSteps.deviceCode;
import static org.dcwatch.job.chain.ChainSteps.minutes;
import static org.dcwatch.job.chain.ChainSteps.registration;
import static org.dcwatch.job.chain.ChainSteps.tokenUse;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.dcwatch.job.tuning.RuleParameters;
import org.dcwatch.udfs.alert.Alert;
import org.dcwatch.udfs.alert.AlertIds;
import org.dcwatch.udfs.event.DeviceRegistrationEvent;
import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.event.SignInSummary;
import org.dcwatch.udfs.rules.RuleCatalogue;
import org.dcwatch.udfs.rules.Severity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs both chain patterns for real: the CEP operators that {@link DeviceRegistrationChain} puts into the job graph,
 * each under a keyed operator test harness, driven by watermarks.
 */
class DeviceRegistrationChainTest {

    private static final String REGISTRATION_RULE = RuleCatalogue.DEVICE_CODE_DEVICE_REGISTRATION;
    private static final String TOKEN_USE_RULE = RuleCatalogue.DEVICE_REGISTRATION_PRT_USE;
    private static final OutputTag<DeviceChainEvent> LATE = new OutputTag<>("late", DeviceChainEvent.TYPE);
    private static final KeySelector<DeviceChainEvent, String> BY_USER = DeviceChainEvent::key;

    private final List<KeyedOneInputStreamOperatorTestHarness<String, DeviceChainEvent, Alert>> harnesses =
            new ArrayList<>();

    @AfterEach
    void closeHarnesses() throws Exception {
        for (var harness : harnesses) harness.close();
    }

    @Test
    void alertsOnARegistrationByThePhishedUserMinutesAfterTheDeviceCodeSignIn() throws Exception {
        SignInEvent phish = deviceCode(minutes(0));
        DeviceRegistrationEvent registered = registration(minutes(9.2));

        List<Alert> alerts = run(REGISTRATION_RULE, step(phish), DeviceChainEvent.registration(registered));

        assertEquals(1, alerts.size(), alerts.toString());
        Alert alert = alerts.get(0);
        assertEquals(REGISTRATION_RULE, alert.ruleId());
        assertEquals(Severity.HIGH, alert.severity());
        assertEquals(AlertIds.of(REGISTRATION_RULE, TENANT, USER, phish.sessionId(), phish.id()), alert.alertId());
        assertEquals(phish.sessionId(), alert.sessionId());
        assertEquals(phish.eventTime(), alert.firstEventTime());
        assertEquals(registered.eventTime(), alert.lastEventTime());
        assertArrayEquals(new SignInSummary[] {SignInSummary.of(phish)}, alert.evidence());
        assertArrayEquals(new DeviceRegistrationEvent[] {registered}, alert.registrations());
        assertEquals(
                "device-code sign-in from 203.0.113.10, then Register device of DESKTOP-7QK2M4X (Windows, Workplace)"
                        + " 9m12s later",
                alert.summary());
    }

    @Test
    void matchesInEventTimeWhenTheAuditHubDeliversTheRegistrationFirst() throws Exception {
        // the audit log is another event hub: its record may be read minutes before the sign-in it follows
        List<Alert> alerts = run(
                REGISTRATION_RULE,
                DeviceChainEvent.registration(registration(minutes(4))),
                step(deviceCode(minutes(0))));

        assertEquals(1, alerts.size(), alerts.toString());
    }

    @Test
    void aRegistrationExactlyTheWindowAfterStillMatchesAndAMillisecondMoreDoesNot() throws Exception {
        assertEquals(
                1,
                run(
                                REGISTRATION_RULE,
                                step(deviceCode(minutes(0))),
                                DeviceChainEvent.registration(registration(minutes(60))))
                        .size());
        assertEquals(
                List.of(),
                run(
                        REGISTRATION_RULE,
                        step(deviceCode(minutes(0))),
                        DeviceChainEvent.registration(registration(minutes(60) + 1))));
    }

    @Test
    void aRegistrationBeforeTheDeviceCodeSignInIsNoChain() throws Exception {
        assertEquals(
                List.of(),
                run(
                        REGISTRATION_RULE,
                        DeviceChainEvent.registration(registration(minutes(-1))),
                        step(deviceCode(minutes(0)))));
    }

    @Test
    void oneAlertForARegistrationThatFollowsManyDeviceCodeSignIns() throws Exception {
        // the poller's token refreshes are device-code sign-ins too: each began a partial match
        List<DeviceChainEvent> steps = new ArrayList<>();
        for (int i = 0; i < 8; i++) steps.add(step(deviceCode(minutes(i))));
        steps.add(DeviceChainEvent.registration(registration(minutes(10))));

        assertEquals(
                1,
                run(REGISTRATION_RULE, steps.toArray(DeviceChainEvent[]::new)).size());
    }

    @Test
    void keepsNoStateOnceTheWindowHasPassed() throws Exception {
        var harness = harness(REGISTRATION_RULE);
        DeviceChainEvent phish = step(deviceCode(minutes(0)));
        harness.processElement(phish, phish.eventTime());
        harness.processWatermark(minutes(1));
        assertTrue(harness.numKeyedStateEntries() > 0, "a partial match waits for a registration");

        harness.processWatermark(minutes(61));

        assertEquals(List.of(), harness.extractOutputValues());
        assertEquals(0, harness.numKeyedStateEntries(), "within() pruned the partial match and its sign-in");
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void theTokenUsePatternKeepsNoStateOnceTheChainCanNoLongerComplete() throws Exception {
        var harness = harness(TOKEN_USE_RULE);
        for (DeviceChainEvent step : List.of(registered(deviceCode(minutes(0)), registration(minutes(50))))) {
            harness.processElement(step, step.eventTime());
        }
        harness.processWatermark(minutes(60));
        assertTrue(harness.numKeyedStateEntries() > 0, "a partial match waits for the token");

        harness.processWatermark(minutes(50 + 60) + 1);

        assertEquals(List.of(), harness.extractOutputValues());
        assertEquals(0, harness.numKeyedStateEntries(), "within() pruned the partial match and its steps");
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void sendsStepsBehindTheWatermarkToTheLateOutput() throws Exception {
        var harness = harness(REGISTRATION_RULE);
        harness.processWatermark(minutes(30));
        DeviceChainEvent late = DeviceChainEvent.registration(registration(minutes(10)));
        harness.processElement(late, late.eventTime());

        assertEquals(
                List.of(late),
                harness.getSideOutput(LATE).stream().map(StreamRecord::getValue).toList());
    }

    @Test
    void alertsOnAPrimaryRefreshTokenFromTheRegisteredDevice() throws Exception {
        SignInEvent phish = deviceCode(minutes(0));
        DeviceRegistrationEvent registered = registration(minutes(9));
        SignInEvent prt = tokenUse(minutes(11), DEVICE_ID.toUpperCase(java.util.Locale.ROOT), true);

        List<Alert> alerts = run(TOKEN_USE_RULE, registered(phish, registered), DeviceChainEvent.tokenUse(prt));

        assertEquals(1, alerts.size(), alerts.toString());
        Alert alert = alerts.get(0);
        assertEquals(TOKEN_USE_RULE, alert.ruleId());
        assertEquals(prt.eventTime(), alert.lastEventTime());
        assertArrayEquals(new SignInSummary[] {SignInSummary.of(phish), SignInSummary.of(prt)}, alert.evidence());
        assertArrayEquals(new DeviceRegistrationEvent[] {registered}, alert.registrations());
        assertTrue(
                alert.summary().endsWith("then a Primary Refresh Token sign-in from that device 2m0s later"),
                alert.summary());
    }

    @Test
    void alertsOnAPrimaryRefreshTokenFromAnotherUnmanagedDevice() throws Exception {
        List<Alert> alerts = run(
                TOKEN_USE_RULE,
                registered(deviceCode(minutes(0)), registration(minutes(9))),
                DeviceChainEvent.tokenUse(tokenUse(minutes(12), "another-device", false)));

        assertEquals(1, alerts.size(), alerts.toString());
        assertTrue(
                alerts.get(0).summary().contains("from an unmanaged device"),
                alerts.get(0).summary());
    }

    @Test
    void staysQuietForThePrimaryRefreshTokenOfTheUsersOwnManagedDevice() throws Exception {
        assertEquals(
                List.of(),
                run(
                        TOKEN_USE_RULE,
                        registered(deviceCode(minutes(0)), registration(minutes(9))),
                        DeviceChainEvent.tokenUse(tokenUse(minutes(12), "corporate-laptop", true))));
    }

    @Test
    void theTokenUseMustFollowTheRegistrationWithinTheWindow() throws Exception {
        assertEquals(
                1,
                run(
                                TOKEN_USE_RULE,
                                registered(deviceCode(minutes(0)), registration(minutes(50))),
                                DeviceChainEvent.tokenUse(tokenUse(minutes(110), DEVICE_ID, false)))
                        .size(),
                "the window runs from the registration, not from the sign-in");
        assertEquals(
                List.of(),
                run(
                        TOKEN_USE_RULE,
                        registered(deviceCode(minutes(0)), registration(minutes(9))),
                        DeviceChainEvent.tokenUse(tokenUse(minutes(70), DEVICE_ID, false))));
        assertEquals(
                List.of(),
                run(
                        TOKEN_USE_RULE,
                        DeviceChainEvent.tokenUse(tokenUse(minutes(5), DEVICE_ID, false)),
                        registered(deviceCode(minutes(0)), registration(minutes(9)))),
                "a PRT used before the registration belongs to another device");
    }

    @Test
    void theRegistrationRuleDoesNotWaitForTheToken() throws Exception {
        List<Alert> alerts = run(
                REGISTRATION_RULE,
                step(deviceCode(minutes(0))),
                DeviceChainEvent.registration(registration(minutes(9))),
                DeviceChainEvent.tokenUse(tokenUse(minutes(11), DEVICE_ID, false)));

        assertEquals(1, alerts.size());
        assertEquals(1, alerts.get(0).evidence().length, "the registration rule shows the device-code sign-in");
    }

    @Test
    void aUsersKeyIgnoresTheCaseOfTheIdsTheAuditLogWrites() {
        DeviceRegistrationEvent upper =
                registration(minutes(9), USER.toUpperCase(java.util.Locale.ROOT), DEVICE_ID, "success");
        assertEquals(
                step(deviceCode(minutes(0))).key(),
                DeviceChainEvent.registration(upper).key());
    }

    @Test
    void serializesStepsAsPojos() {
        assertTrue(DeviceChainEvent.TYPE instanceof PojoTypeInfo, "no Kryo for chain steps");
    }

    /** The registration rule's match, as the token-use pattern receives it. */
    private static DeviceChainEvent registered(SignInEvent deviceCode, DeviceRegistrationEvent registration) {
        return DeviceChainEvent.registered(SignInSummary.of(deviceCode), registration);
    }

    private static DeviceChainEvent step(SignInEvent deviceCode) {
        return DeviceChainEvent.deviceCode(deviceCode);
    }

    /** Every step at its event time, in the order given, then a watermark past all of them and their window. */
    private List<Alert> run(String rule, DeviceChainEvent... steps) throws Exception {
        var harness = harness(rule);
        long newest = Long.MIN_VALUE;
        for (DeviceChainEvent step : steps) {
            harness.processElement(step, step.eventTime());
            newest = Math.max(newest, step.eventTime());
        }
        harness.processWatermark(newest + 3 * WINDOW.toMillis());
        return harness.extractOutputValues();
    }

    private KeyedOneInputStreamOperatorTestHarness<String, DeviceChainEvent, Alert> harness(String rule)
            throws Exception {
        // the graph is only built, never run: the harness runs the CEP operator that the chain put into it
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        KeyedStream<DeviceChainEvent, String> steps = env.fromData(DeviceChainEvent.TYPE, step(deviceCode(minutes(0))))
                .keyBy(BY_USER, Types.STRING);
        RuleParameters parameters = RuleParameters.defaults(rule);
        SingleOutputStreamOperator<Alert> alerts = DeviceRegistrationChain.detect(rule, steps, parameters, LATE);
        @SuppressWarnings("unchecked")
        OneInputTransformation<DeviceChainEvent, Alert> cep =
                (OneInputTransformation<DeviceChainEvent, Alert>) alerts.getTransformation();
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(cep.getOperatorFactory(), BY_USER, Types.STRING);
        harness.open();
        harnesses.add(harness);
        return harness;
    }
}
