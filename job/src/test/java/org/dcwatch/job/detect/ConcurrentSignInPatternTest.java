package org.dcwatch.job.detect;

import static org.dcwatch.job.detect.SessionSignIns.BROWSER;
import static org.dcwatch.job.detect.SessionSignIns.CODE_ENTERED;
import static org.dcwatch.job.detect.SessionSignIns.OTHER_SESSION;
import static org.dcwatch.job.detect.SessionSignIns.SESSION;
import static org.dcwatch.job.detect.SessionSignIns.TENANT;
import static org.dcwatch.job.detect.SessionSignIns.UPN;
import static org.dcwatch.job.detect.SessionSignIns.USER;
import static org.dcwatch.job.detect.SessionSignIns.VICTIM_IP;
import static org.dcwatch.job.detect.SessionSignIns.WINDOW;
import static org.dcwatch.job.detect.SessionSignIns.browserCodeEntry;
import static org.dcwatch.job.detect.SessionSignIns.minutes;
import static org.dcwatch.job.detect.SessionSignIns.pythonPoller;
import static org.dcwatch.job.detect.SessionSignIns.seconds;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.dcwatch.job.tuning.RuleParameters;
import org.dcwatch.job.tuning.Tuning;
import org.dcwatch.udfs.alert.Alert;
import org.dcwatch.udfs.alert.AlertIds;
import org.dcwatch.udfs.event.SignInSummary;
import org.dcwatch.udfs.rules.RuleCatalogue;
import org.dcwatch.udfs.rules.Severity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the pattern for real: the CEP operator that {@link ConcurrentSignInPattern#detect} puts into the job graph,
 * under a keyed operator test harness, driven by watermarks.
 */
class ConcurrentSignInPatternTest {

    private static final String RULE = RuleCatalogue.CONCURRENT_INTERACTIVE_NONINTERACTIVE;
    private static final OutputTag<SignInSummary> LATE =
            new OutputTag<>("late-session-sign-ins", TypeInformation.of(SignInSummary.class));

    private static final String TWO_TOKEN_USES =
            "{\"type\":\"rule\",\"rule\":\"" + RULE + "\",\"tenant\":\"*\"," + "\"minNonInteractive\":2}";

    private SingleOutputStreamOperator<Alert> alerts;
    private KeyedOneInputStreamOperatorTestHarness<String, SignInSummary, Alert> harness;

    @BeforeEach
    void openHarnessOnTheSeedsDefaults() throws Exception {
        openHarness(RuleParameters.defaults(RULE));
    }

    private void openHarness(RuleParameters parameters) throws Exception {
        // the graph is only built, never run: the harness runs the CEP operator that detect() put into it
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        KeyedStream<SignInSummary, String> sessions = env.fromData(
                        TypeInformation.of(SignInSummary.class),
                        browserCodeEntry(CODE_ENTERED).build())
                .keyBy(new SessionKey(), Types.STRING);
        alerts = ConcurrentSignInPattern.detect(sessions, parameters, LATE);
        @SuppressWarnings("unchecked")
        OneInputTransformation<SignInSummary, Alert> cep =
                (OneInputTransformation<SignInSummary, Alert>) alerts.getTransformation();
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(cep.getOperatorFactory(), new SessionKey(), Types.STRING);
        harness.open();
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    @Test
    void alertsWhenTheTokenIsUsedFromAnotherIpAfterTwoInteractiveSignIns() throws Exception {
        SignInSummary codePage = browserCodeEntry(CODE_ENTERED).build();
        SignInSummary codeEntered = browserCodeEntry(CODE_ENTERED + seconds(20)).build();
        SignInSummary tokenUse = pythonPoller(CODE_ENTERED + seconds(65)).build();

        List<Alert> alerts = process(codePage, codeEntered, tokenUse);

        assertEquals(1, alerts.size(), alerts.toString());
        Alert alert = alerts.get(0);
        assertEquals(AlertIds.of(RULE, TENANT, USER, SESSION, codePage.id()), alert.alertId());
        assertEquals(0, alert.revision());
        assertEquals(RULE, alert.ruleId());
        assertEquals(Severity.HIGH, alert.severity());
        assertEquals(73, alert.riskScore());
        assertEquals(UPN, alert.userPrincipalName());
        assertEquals(SESSION, alert.sessionId());
        assertEquals(codePage.eventTime(), alert.firstEventTime());
        assertEquals(tokenUse.eventTime(), alert.lastEventTime());
        assertEquals(
                "2 interactive and 1 non-interactive device-code sign-ins in 1m5s from 2 IPs and 2 user agents",
                alert.summary());
        assertArrayEquals(new SignInSummary[] {codePage, codeEntered, tokenUse}, alert.evidence());
    }

    @Test
    void staysQuietForOneInteractiveSignIn() throws Exception {
        assertEquals(
                List.of(),
                process(
                        browserCodeEntry(CODE_ENTERED).build(),
                        pythonPoller(CODE_ENTERED + seconds(65)).build()));
    }

    @Test
    void staysQuietWhenTheTokenIsUsedAfterTheWindow() throws Exception {
        assertEquals(
                List.of(),
                process(
                        browserCodeEntry(CODE_ENTERED).build(),
                        browserCodeEntry(CODE_ENTERED + seconds(20)).build(),
                        pythonPoller(CODE_ENTERED + WINDOW.toMillis() + seconds(1))
                                .build()));
    }

    @Test
    void alertsWhenTheTokenIsUsedExactlyTheWindowAfterTheFirstSignIn() throws Exception {
        // both session rules: sign-ins at most the window apart belong together
        List<Alert> alerts = process(
                browserCodeEntry(CODE_ENTERED).build(),
                browserCodeEntry(CODE_ENTERED + seconds(20)).build(),
                pythonPoller(CODE_ENTERED + WINDOW.toMillis()).build());

        assertEquals(1, alerts.size(), alerts.toString());
        assertEquals(
                WINDOW.toMillis(), alerts.get(0).lastEventTime() - alerts.get(0).firstEventTime());
    }

    @Test
    void staysQuietWhenTheTokenIsUsedAMillisecondPastTheWindow() throws Exception {
        assertEquals(
                List.of(),
                process(
                        browserCodeEntry(CODE_ENTERED).build(),
                        browserCodeEntry(CODE_ENTERED + seconds(20)).build(),
                        pythonPoller(CODE_ENTERED + WINDOW.toMillis() + 1).build()));
    }

    @Test
    void staysQuietForOneIpAndOneUserAgent() throws Exception {
        assertEquals(
                List.of(),
                process(
                        browserCodeEntry(CODE_ENTERED).build(),
                        browserCodeEntry(CODE_ENTERED + seconds(20)).build(),
                        pythonPoller(CODE_ENTERED + seconds(65))
                                .from(VICTIM_IP)
                                .userAgent(BROWSER)
                                .build()));
    }

    @Test
    void doesNotCountSignInsWithoutAnIpAsAnotherSource() throws Exception {
        assertEquals(
                List.of(),
                process(
                        browserCodeEntry(CODE_ENTERED).build(),
                        browserCodeEntry(CODE_ENTERED + seconds(20)).build(),
                        pythonPoller(CODE_ENTERED + seconds(65))
                                .from(null)
                                .userAgent(BROWSER)
                                .build()));
    }

    @Test
    void ignoresSignInsOutsideTheDeviceCodeFlow() throws Exception {
        assertEquals(
                List.of(),
                process(
                        browserCodeEntry(CODE_ENTERED).build(),
                        browserCodeEntry(CODE_ENTERED + seconds(20)).build(),
                        pythonPoller(CODE_ENTERED + seconds(65))
                                .transfer("none")
                                .build()));
    }

    @Test
    void alertsOncePerSession() throws Exception {
        List<Alert> alerts = process(
                browserCodeEntry(CODE_ENTERED).build(),
                browserCodeEntry(CODE_ENTERED).session(OTHER_SESSION).build(),
                browserCodeEntry(CODE_ENTERED + seconds(20)).build(),
                browserCodeEntry(CODE_ENTERED + seconds(20))
                        .session(OTHER_SESSION)
                        .build(),
                pythonPoller(CODE_ENTERED + seconds(65)).build(),
                pythonPoller(CODE_ENTERED + seconds(70)).session(OTHER_SESSION).build());

        assertEquals(2, alerts.size(), alerts.toString());
        assertEquals(
                Set.of(SESSION, OTHER_SESSION),
                alerts.stream().map(Alert::sessionId).collect(Collectors.toSet()));
    }

    @Test
    void alertsOnceForManyInteractiveSignInsBeforeTheTokenUse() throws Exception {
        List<SignInSummary> signIns = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            signIns.add(browserCodeEntry(CODE_ENTERED + seconds(10L * i)).build());
        }
        signIns.add(pythonPoller(CODE_ENTERED + seconds(90)).build());

        List<Alert> alerts = process(signIns.toArray(new SignInSummary[0]));

        assertEquals(1, alerts.size(), alerts.toString());
        assertEquals(signIns.get(0), alerts.get(0).evidence()[0], "the earliest partial match is the one reported");
    }

    @Test
    void alertsOnceWhileThePollerKeepsUsingTheToken() throws Exception {
        List<Alert> alerts = process(
                browserCodeEntry(CODE_ENTERED).build(),
                browserCodeEntry(CODE_ENTERED + seconds(20)).build(),
                pythonPoller(CODE_ENTERED + seconds(65)).build(),
                pythonPoller(CODE_ENTERED + seconds(70)).build(),
                pythonPoller(CODE_ENTERED + seconds(75)).build());

        assertEquals(1, alerts.size(), alerts.toString());
    }

    @Test
    void waitsForTheTunedNumberOfNonInteractiveSignIns() throws Exception {
        reopenHarness(TWO_TOKEN_USES);

        assertEquals(
                List.of(),
                process(
                        browserCodeEntry(CODE_ENTERED).build(),
                        browserCodeEntry(CODE_ENTERED + seconds(20)).build(),
                        pythonPoller(CODE_ENTERED + seconds(65)).build()));
    }

    @Test
    void countsSourcesOverEveryMatchedSignIn() throws Exception {
        reopenHarness(TWO_TOKEN_USES);

        List<Alert> alerts = process(
                browserCodeEntry(CODE_ENTERED).build(),
                browserCodeEntry(CODE_ENTERED + seconds(20)).build(),
                pythonPoller(CODE_ENTERED + seconds(65))
                        .from(VICTIM_IP)
                        .userAgent(BROWSER)
                        .build(),
                pythonPoller(CODE_ENTERED + seconds(70)).build());

        assertEquals(1, alerts.size(), alerts.toString());
        assertEquals(
                "2 interactive and 2 non-interactive device-code sign-ins in 1m10s from 2 IPs and 2 user agents",
                alerts.get(0).summary());
    }

    @Test
    void matchesInEventTimeOrder() throws Exception {
        SignInSummary codePage = browserCodeEntry(CODE_ENTERED).build();
        SignInSummary codeEntered = browserCodeEntry(CODE_ENTERED + seconds(20)).build();
        SignInSummary tokenUse = pythonPoller(CODE_ENTERED + seconds(65)).build();
        harness.processWatermark(CODE_ENTERED - minutes(5));
        for (SignInSummary signIn : List.of(tokenUse, codeEntered, codePage)) {
            harness.processElement(signIn, signIn.eventTime());
        }
        harness.processWatermark(CODE_ENTERED + minutes(2));

        List<Alert> alerts = harness.extractOutputValues();
        assertEquals(1, alerts.size(), alerts.toString());
        assertArrayEquals(
                new SignInSummary[] {codePage, codeEntered, tokenUse},
                alerts.get(0).evidence());
    }

    @Test
    void sendsLateSignInsToTheSideOutput() throws Exception {
        harness.processWatermark(CODE_ENTERED + minutes(1));
        SignInSummary late = browserCodeEntry(CODE_ENTERED).build();
        harness.processElement(late, late.eventTime());

        List<SignInSummary> sideOutput =
                harness.getSideOutput(LATE).stream().map(StreamRecord::getValue).toList();
        assertEquals(List.of(late), sideOutput);
    }

    @Test
    void keepsNoStateOnceTheWindowHasPassed() throws Exception {
        SignInSummary codePage = browserCodeEntry(CODE_ENTERED).build();
        SignInSummary codeEntered = browserCodeEntry(CODE_ENTERED + seconds(20)).build();
        harness.processElement(codePage, codePage.eventTime());
        harness.processElement(codeEntered, codeEntered.eventTime());
        harness.processWatermark(codeEntered.eventTime());
        assertTrue(harness.numKeyedStateEntries() > 0, "a partial match waits for the token use");

        harness.processWatermark(codePage.eventTime() + WINDOW.toMillis() + 1);
        assertTrue(harness.numKeyedStateEntries() > 0, "the partial match that starts at the second sign-in lives on");

        harness.processWatermark(codeEntered.eventTime() + WINDOW.toMillis() + 1);

        assertEquals(List.of(), harness.extractOutputValues());
        assertEquals(0, harness.numKeyedStateEntries(), "within() pruned every partial match and its sign-ins");
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void serializesAlertsAsPojos() {
        // the operator's versioned uid is given, and pinned, with the job graph's (JobGraphTest)
        assertTrue(TypeInformation.of(Alert.class) instanceof PojoTypeInfo, "no Kryo for alerts");
        assertTrue(alerts.getType() instanceof PojoTypeInfo);
    }

    private void reopenHarness(String startUpTuning) throws Exception {
        harness.close();
        openHarness(Tuning.merge(List.of(startUpTuning), List.of()).parameters(RULE, TENANT));
    }

    /** Every sign-in at its event time, then a watermark past all of them and their window. */
    private List<Alert> process(SignInSummary... signIns) throws Exception {
        long newest = Long.MIN_VALUE;
        for (SignInSummary signIn : signIns) {
            harness.processElement(signIn, signIn.eventTime());
            newest = Math.max(newest, signIn.eventTime());
        }
        harness.processWatermark(newest + WINDOW.toMillis() + minutes(1));
        return harness.extractOutputValues();
    }
}
