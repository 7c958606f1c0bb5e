package org.dcwatch.job.baseline;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.testutils.MetricListener;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.dcwatch.job.KeyedBroadcastHarnesses;
import org.dcwatch.udfs.alert.Alert;
import org.dcwatch.udfs.classify.DeviceCodeFlow;
import org.dcwatch.udfs.event.SignInEvents;
import org.dcwatch.udfs.event.SignInSummary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A detector in a harness, named instants, and a sign-in builder, so that each test reads as its scenario. */
abstract class UnseenAsnTestBase {

    static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    static final String OTHER_TENANT = "0b9c4a51-3e6f-4d7a-9a1b-5c2d8e7f6a10";
    static final String USER = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
    static final String UPN = "adele.vance@contoso.com";

    /** The user's home broadband. */
    static final int HOME_ASN = 3320;
    /** The user's office. */
    static final int OFFICE_ASN = 8075;
    /** A hosting provider, where a phishing kit polls for the tokens. */
    static final int HOSTING_ASN = 14061;

    /** When the device-code sign-in under test happens. */
    static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

    KeyedBroadcastOperatorTestHarness<String, UserSignIn, String, Alert> harness;
    /** The metrics of the detector opened last. */
    MetricListener metrics;

    private int signInCount;

    @BeforeEach
    void openDetector() throws Exception {
        harness = detector(List.of(), null);
    }

    @AfterEach
    void closeDetector() throws Exception {
        harness.close();
    }

    /**
     * A detector with the given --tuning records, restored from the snapshot unless it is null, reporting its metrics
     * to {@link #metrics}.
     */
    KeyedBroadcastOperatorTestHarness<String, UserSignIn, String, Alert> detector(
            List<String> initialTuning, OperatorSubtaskState snapshot) throws Exception {
        metrics = new MetricListener();
        return KeyedBroadcastHarnesses.open(
                new UnseenAsnDetector(initialTuning), UnseenAsnDetector::baselineKey, Types.STRING, snapshot, metrics);
    }

    static Instant daysAgo(int days) {
        return NOW.minus(Duration.ofDays(days));
    }

    static Instant hoursAgo(int hours) {
        return NOW.minus(Duration.ofHours(hours));
    }

    /** A successful, non-device-code interactive sign-in of {@link #USER} in {@link #TENANT} at {@link #NOW}. */
    SignIn signIn() {
        return new SignIn("sign-in-" + ++signInCount);
    }

    /** An ordinary sign-in from the ASN each day, an hour before NOW's time of day, from and to so many days ago. */
    void usedDaily(int asn, int fromDaysAgo, int toDaysAgo) throws Exception {
        for (int days = fromDaysAgo; days >= toDaysAgo; days--) {
            send(signIn().asn(asn).at(daysAgo(days).minus(Duration.ofHours(1))));
        }
    }

    /**
     * Sends the sign-in as the router does ({@code RouteSignInsTest}): successful ones only, with their summary when
     * they are device-code sign-ins on time.
     */
    void send(SignIn signIn) throws Exception {
        SignInSummary summary = signIn.build();
        boolean deviceCode =
                DeviceCodeFlow.isDeviceCode(summary.authenticationProtocol(), summary.originalTransferMethod());
        if (summary.errorCode() == 0) harness.processElement(UserSignIn.of(summary, deviceCode), summary.eventTime());
    }

    /** Sends the sign-in as the router sends a late one: a device-code sign-in marked late, any other to teach only. */
    void sendLate(SignIn signIn) throws Exception {
        SignInSummary summary = signIn.build();
        boolean deviceCode =
                DeviceCodeFlow.isDeviceCode(summary.authenticationProtocol(), summary.originalTransferMethod());
        if (summary.errorCode() == 0) {
            harness.processElement(
                    deviceCode ? UserSignIn.late(summary) : UserSignIn.of(summary, false), summary.eventTime());
        }
    }

    void tune(String json) throws Exception {
        harness.processBroadcastElement(json, 0);
    }

    /** Advances the watermark of both inputs: the operator's event time is the lower of the two. */
    void watermark(Instant time) throws Exception {
        harness.watermark(time.toEpochMilli());
    }

    List<Alert> alerts() {
        return harness.extractOutputValues();
    }

    int keyedStateEntries() {
        return KeyedBroadcastHarnesses.keyedStateEntries(harness);
    }

    /** The history stored for a baseline key, or null. */
    AsnHistory storedHistory(String tenant, String user) throws Exception {
        return stored(tenant, user, UnseenAsnDetector.historyDescriptor(UnseenAsnDetector.DEFAULT_STATE_SAFETY_TTL));
    }

    /** The alerted sign-ins stored for a baseline key, or null. */
    AlertedSignIns storedAlerted(String tenant, String user) throws Exception {
        return stored(tenant, user, UnseenAsnDetector.alertedDescriptor(UnseenAsnDetector.DEFAULT_STATE_SAFETY_TTL));
    }

    private <T> T stored(String tenant, String user, ValueStateDescriptor<T> descriptor) throws Exception {
        AbstractStreamOperator<Alert> operator = harness.getOperator();
        operator.setCurrentKey(tenant + '|' + user);
        return operator.getKeyedStateBackend()
                .getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, descriptor)
                .value();
    }

    /** A counter of the detector's. */
    long counter(String name) {
        return metrics.getCounter(name)
                .orElseThrow(() -> new AssertionError("no counter " + name))
                .getCount();
    }

    static String knownAsn(String tenant, int asn, Instant since) {
        return "{\"type\":\"knownAsn\",\"tenant\":\"" + tenant + "\",\"asn\":" + asn + ",\"since\":\"" + since + "\"}";
    }

    static String unseenAsnRule(String tenant, long version, String settings) {
        return "{\"type\":\"rule\",\"tenant\":\"" + tenant + "\",\"rule\":\"unseen-asn\",\"version\":" + version + ","
                + settings + "}";
    }

    /** Builds a {@link SignInSummary}; the defaults are an ordinary successful sign-in. */
    static final class SignIn {
        private final String id;
        private String tenant = TENANT;
        private String user = USER;
        private Instant time = NOW;
        private int asn = HOME_ASN;
        private String protocol = "none";
        private String transfer = null;
        private boolean interactive = true;
        private int errorCode = 0;

        private SignIn(String id) {
            this.id = id;
        }

        SignIn tenant(String value) {
            tenant = value;
            return this;
        }

        SignIn user(String value) {
            user = value;
            return this;
        }

        SignIn at(Instant value) {
            time = value;
            return this;
        }

        SignIn asn(int value) {
            asn = value;
            return this;
        }

        /** The browser side of a device-code flow: the user enters the code. */
        SignIn deviceCode() {
            protocol = "deviceCode";
            return this;
        }

        /** A token refresh descending from a device-code sign-in. */
        SignIn deviceCodeRefresh() {
            interactive = false;
            transfer = "deviceCodeFlow";
            return this;
        }

        SignIn failedWith(int value) {
            errorCode = value;
            return this;
        }

        SignInSummary build() {
            return SignInSummary.of(SignInEvents.deviceCode()
                    .id(id)
                    .tenantId(tenant)
                    .userId(user)
                    .userPrincipalName(UPN)
                    .userDisplayName("Adele Vance")
                    .sessionId("session-" + id)
                    .correlationId("correlation-" + id)
                    .eventTime(time.toEpochMilli())
                    .interactive(interactive)
                    .ipAddress("203.0.113.10")
                    .asn(asn)
                    .userAgent("Mozilla/5.0")
                    .app("04b07795-8ddb-461a-bbee-02f9e1bf7b46", "Microsoft Azure CLI")
                    .resourceDisplayName("Windows Azure Service Management API")
                    .country("DE")
                    .authenticationProtocol(protocol)
                    .originalTransferMethod(transfer)
                    .errorCode(errorCode)
                    .build());
        }
    }
}
