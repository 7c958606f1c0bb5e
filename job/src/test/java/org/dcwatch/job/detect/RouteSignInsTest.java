package org.dcwatch.job.detect;

import static org.dcwatch.job.TestSignIns.event;
import static org.dcwatch.job.TestSignIns.header;
import static org.dcwatch.job.TestSignIns.minutes;
import static org.dcwatch.job.TestSignIns.signIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.metrics.groups.OperatorMetricGroup;
import org.apache.flink.metrics.testutils.MetricListener;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.dcwatch.job.ListenedOperatorMetricGroup;
import org.dcwatch.job.TestSignIns;
import org.dcwatch.job.baseline.UserSignIn;
import org.dcwatch.job.config.JobSettings;
import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.parse.SignInHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RouteSignInsTest {

    private OneInputStreamOperatorTestHarness<SignInHeader, SignInEvent> harness;

    private MetricListener metrics;

    @BeforeEach
    void open() throws Exception {
        metrics = new MetricListener();
        OperatorMetricGroup metricGroup = new ListenedOperatorMetricGroup(metrics);
        var operator = new ProcessOperator<>(new RouteSignIns(JobSettings.NO_HISTORY, null)) {
            @Override
            public OperatorMetricGroup getMetricGroup() {
                return metricGroup;
            }
        };
        harness = new OneInputStreamOperatorTestHarness<>(operator);
        harness.open();
    }

    private long counter(String name) {
        return metrics.getCounter(name)
                .orElseThrow(() -> new AssertionError("no counter " + name))
                .getCount();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(SignInHeader signIn) throws Exception {
        harness.processElement(signIn, signIn.eventTime());
    }

    private List<String> rules() {
        return harness.extractOutputValues().stream().map(SignInEvent::id).toList();
    }

    /**
     * What the baseline received: the minute of each sign-in, whether the unseen-ASN rule may alert on it, and whether
     * it came late.
     */
    private List<String> baseline() {
        return stream(harness.getSideOutput(RouteSignIns.BASELINE))
                .map(r -> (UserSignIn) r.getValue())
                .map(signIn -> "minute " + (signIn.eventTime() - minutes(0).toEpochMilli()) / 60_000
                        + (signIn.mayAlert() ? " may alert" : "") + (signIn.late() ? " late" : ""))
                .toList();
    }

    private List<String> late() {
        return stream(harness.getSideOutput(RouteSignIns.LATE))
                .map(r -> ((SignInEvent) r.getValue()).id())
                .toList();
    }

    private static Stream<StreamRecord<?>> stream(java.util.Queue<? extends StreamRecord<?>> records) {
        return records == null ? Stream.empty() : records.stream().map(r -> (StreamRecord<?>) r);
    }

    @Test
    void sendsOnTimeDeviceCodeSignInsToTheRulesAndEverySuccessToTheBaseline() throws Exception {
        send(header(signIn("browser", 1).deviceCode(true)));
        send(header(signIn("poller", 2).tokenRefresh().deviceCode(false)));
        send(header(signIn("ordinary", 3)));
        assertEquals(List.of("browser", "poller"), rules());
        assertEquals(List.of("minute 1 may alert", "minute 2 may alert", "minute 3"), baseline());
        assertEquals(List.of(), late());
    }

    @Test
    void keepsFailuresFromTheBaselineButNotFromTheRules() throws Exception {
        send(header(signIn("failed-device-code", 1).deviceCode(true).failed(50126)));
        assertEquals(List.of("failed-device-code"), rules(), "visibility reports failed device-code sign-ins too");
        assertEquals(List.of(), baseline());
    }

    @Test
    void reportsLateSignInsAndGivesTheBaselineTheDeviceCodeOneToJudge() throws Exception {
        harness.processWatermark(minutes(30).toEpochMilli());
        send(header(signIn("late-device-code", 10).deviceCode(true)));
        send(header(signIn("late-ordinary", 11)));
        assertEquals(List.of(), rules());
        assertEquals(List.of("late-device-code", "late-ordinary"), late());
        assertEquals(
                List.of("minute 10 may alert late", "minute 11"),
                baseline(),
                "unseen-asn needs no window: it may still alert on the late device-code sign-in");
        UserSignIn judged =
                (UserSignIn) harness.getSideOutput(RouteSignIns.BASELINE).peek().getValue();
        assertEquals("late-device-code", judged.deviceCode().id());
    }

    @Test
    void readsInFullWhatGoesToTheRulesOrToTheLateOutput() throws Exception {
        send(header(signIn("browser", 10).deviceCode(true)));
        harness.processWatermark(minutes(30).toEpochMilli());
        send(header(signIn("late", 11)));
        SignInEvent ruled = harness.extractOutputValues().get(0);
        SignInEvent late =
                (SignInEvent) harness.getSideOutput(RouteSignIns.LATE).peek().getValue();
        assertEquals(event(signIn("browser", 10).deviceCode(true)), ruled);
        assertEquals(event(signIn("late", 11)), late);
    }

    @Test
    void aSignInWithoutAKnownAsnGoesToTheRulesButNotToTheBaseline() throws Exception {
        String unknown = org.dcwatch.job.generate.EventHubRecord.render(
                        signIn("unknown-asn", 1).deviceCode(true))
                .replace("\"autonomousSystemNumber\":3320", "\"autonomousSystemNumber\":\"unknown\"");
        send(TestSignIns.header(unknown));
        String absent = org.dcwatch.job.generate.EventHubRecord.render(
                        signIn("no-asn", 2).deviceCode(true))
                .replace(",\"autonomousSystemNumber\":3320", "");
        send(TestSignIns.header(absent));
        send(header(signIn("with-asn", 3).deviceCode(true)));
        assertEquals(List.of("unknown-asn", "no-asn", "with-asn"), rules(), "the session rules still see them");
        assertEquals(List.of("minute 3 may alert"), baseline(), "only unseen-asn is blind to them");
        assertEquals(2, counter("signInsWithoutAsn"));
    }

    @Test
    void aSignInWithoutATenantGoesToTheRulesButNotToTheBaseline() throws Exception {
        send(header(
                signIn("no-tenant", 1).deviceCode(true).user("", TestSignIns.USER, "alice@contoso.example", "Alice")));
        send(header(signIn("no-tenant-ordinary", 2).user("", TestSignIns.USER, "alice@contoso.example", "Alice")));
        send(header(signIn("with-tenant", 3).deviceCode(true)));
        assertEquals(List.of("no-tenant", "with-tenant"), rules(), "the session rules still see it");
        assertEquals(List.of("minute 3 may alert"), baseline(), "no baseline keyed by a null tenant");
        assertEquals(2, counter("signInsWithoutTenant"));
    }

    @Test
    void itsInputIsAFlinkPojoNotKryo() {
        assertInstanceOf(PojoTypeInfo.class, TypeInformation.of(SignInHeader.class));
    }

    @Test
    void countsButDoesNotForwardSignInsThatAreNotOfUsers() throws Exception {
        String servicePrincipal = org.dcwatch.job.generate.EventHubRecord.render(
                        signIn("sp", 1).deviceCode(true))
                .replace("\"category\":\"SignInLogs\"", "\"category\":\"ServicePrincipalSignInLogs\"");
        send(TestSignIns.header(servicePrincipal));
        assertEquals(List.of(), rules());
        assertEquals(List.of(), baseline());
    }
}
