package org.dcwatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.dcwatch.job.config.JobSettings;
import org.dcwatch.job.generate.EventHubRecord;
import org.dcwatch.job.generate.SignInSpec;
import org.dcwatch.job.source.SignInFiles;
import org.dcwatch.udfs.alert.Alert;
import org.dcwatch.udfs.alert.VisibilityRecord;
import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.event.SignInSummary;
import org.dcwatch.udfs.parse.DeadLetter;
import org.dcwatch.udfs.rules.RuleCatalogue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The whole pipeline on the bundled demo input, on a MiniCluster: every output compared exactly. */
class DetectionJobITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    static final String DEMO = "../testdata/demo/signins.jsonl";
    static final Path DEMO_TUNING = Path.of("../testdata/demo/tuning.jsonl");

    record Run(
            List<Alert> alerts,
            List<VisibilityRecord> visibility,
            List<DeadLetter> deadLetters,
            List<SignInEvent> late) {}

    static Run run(int parallelism, List<String> tuning) throws Exception {
        return run(DEMO, parallelism, tuning);
    }

    static Run run(String input, int parallelism, List<String> tuning) throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(JobConfiguration.defaults());
        env.setParallelism(parallelism);
        CollectingSink<Alert> alerts = new CollectingSink<>();
        CollectingSink<VisibilityRecord> visibility = new CollectingSink<>();
        CollectingSink<DeadLetter> deadLetters = new CollectingSink<>();
        CollectingSink<SignInEvent> late = new CollectingSink<>();
        new DetectionJob(
                        JobSettings.defaults(),
                        SignInFiles.source(input, JobSettings.defaults()),
                        null,
                        tuning,
                        new DetectionJob.Outputs(alerts, visibility, deadLetters, late))
                .build(env);
        env.execute("demo");
        return new Run(alerts.received(), visibility.received(), deadLetters.received(), late.received());
    }

    /** rule, user, revision and evidence ids of each alert, in a stable order. */
    static List<String> describe(List<Alert> alerts) {
        return alerts.stream()
                .sorted(Comparator.comparing(Alert::ruleId)
                        .thenComparing(Alert::userPrincipalName)
                        .thenComparing(Alert::revision))
                .map(a -> a.ruleId() + " " + a.userPrincipalName() + " r" + a.revision() + " "
                        + Arrays.stream(a.evidence()).map(SignInSummary::id).toList())
                .toList();
    }

    @Test
    void detectsEveryAttackOfTheDemoAndReportsEverythingElse() throws Exception {
        Run run = run(1, List.of());
        assertEquals(DemoExpectations.ALERTS, describe(run.alerts()));
        assertEquals(
                DemoExpectations.VISIBILITY,
                run.visibility().stream()
                        .map(VisibilityRecord::signInId)
                        .sorted()
                        .toList(),
                "one each, the duplicate dropped, Erin's phish noted again");
        assertEquals(
                DemoExpectations.DEAD_LETTER_REASONS,
                run.deadLetters().stream().map(d -> d.reason().name()).sorted().toList());
        assertEquals(
                DemoExpectations.LATE,
                run.late().stream().map(SignInEvent::id).sorted().toList());
    }

    @Test
    void theTuningExampleSilencesAzureCliAndNothingElse() throws Exception {
        Run run = run(1, Files.readAllLines(DEMO_TUNING));
        List<String> alerts = describe(run.alerts());
        assertEquals(DemoExpectations.ALERTS.size() - 1, alerts.size(), alerts.toString());
        assertEquals(0, alerts.stream().filter(a -> a.contains("bob@")).count(), alerts.toString());
    }

    @Test
    void neverGroupsSignInsOfTwoTenantsOrWithoutASession(@TempDir Path temp) throws Exception {
        // tenant A's browser and tenant B's poller share user id and session id; another user's pair has no session
        SignInSpec browserA = TestSignIns.signIn("a-browser", 1)
                .session("shared-session", "c1")
                .deviceCode(true);
        SignInSpec pollerB = TestSignIns.signIn("b-poller", 2)
                .session("shared-session", "c1")
                .tokenRefresh()
                .deviceCode(false)
                .userAgent("python-requests/2.31.0")
                .network("198.51.100.9", 14061, "NL", "Amsterdam")
                .user("0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f", TestSignIns.USER, "alice@contoso.example", "Alice");
        SignInSpec noSessionBrowser = TestSignIns.signIn("v-browser", 3)
                .session("", "c2")
                .deviceCode(true)
                .user(TestSignIns.TENANT, "v-user", "victor@contoso.example", "Victor");
        SignInSpec noSessionPoller = TestSignIns.signIn("v-poller", 4)
                .session("", "c2")
                .tokenRefresh()
                .deviceCode(false)
                .userAgent("python-requests/2.31.0")
                .network("198.51.100.9", 14061, "NL", "Amsterdam")
                .user(TestSignIns.TENANT, "v-user", "victor@contoso.example", "Victor");
        Path input = temp.resolve("signins.jsonl");
        Files.write(
                input,
                Stream.of(browserA, pollerB, noSessionBrowser, noSessionPoller)
                        .map(EventHubRecord::render)
                        .toList());

        Run run = run(input.toString(), 1, List.of());
        assertEquals(
                List.of(),
                describe(run.alerts()).stream()
                        .filter(a -> !a.startsWith("unseen-asn"))
                        .toList(),
                "no session rule fires");
        assertEquals(4, run.visibility().size());
    }

    @Test
    void aBrokerClientDeviceCodeSignInAlertsThroughSuppressionAndItsAllowlist(@TempDir Path temp) throws Exception {
        String broker = RuleCatalogue.AUTHENTICATION_BROKER_APP_ID.toUpperCase(Locale.ROOT);
        SignInSpec codeEntry = TestSignIns.signIn("broker-code", 1)
                .session("kiosk-session", "c1")
                .network("10.20.30.17", 8075, "DE", "Frankfurt")
                .app(broker, "Microsoft Authentication Broker")
                .deviceCode(true);
        SignInSpec kiosk = TestSignIns.signIn("broker-kiosk", 2)
                .session("kiosk-session", "c1")
                .network("10.20.30.17", 8075, "DE", "Frankfurt")
                .app(broker, "Microsoft Authentication Broker")
                .tokenRefresh()
                .deviceCode(false);
        // the broker without a device code is an ordinary sign-in: no rule sees it
        SignInSpec ordinary = TestSignIns.signIn("broker-ordinary", 3).app(broker, "Microsoft Authentication Broker");
        Path input = temp.resolve("signins.jsonl");
        Files.write(
                input,
                Stream.of(codeEntry, kiosk, ordinary)
                        .map(EventHubRecord::render)
                        .toList());

        List<String> alerts = describe(run(input.toString(), 1, List.of()).alerts()).stream()
                .filter(a -> a.startsWith(RuleCatalogue.DEVICE_CODE_BROKER_CLIENT))
                .toList();
        assertEquals(
                List.of(
                        "device-code-broker-client alice@contoso.example r0 [broker-code]",
                        "device-code-broker-client alice@contoso.example r1 [broker-code, broker-kiosk]"),
                alerts,
                "one alert for the session, extended by the kiosk's sign-in");

        String onboardingSubnet = "{\"type\":\"allowlist\",\"id\":\"kiosk-onboarding\","
                + "\"rule\":\"device-code-broker-client\",\"tenant\":\"*\",\"cidrs\":[\"10.20.30.0/24\"],"
                + "\"reason\":\"kiosks are enrolled from the onboarding subnet\",\"owner\":\"secops@contoso.example\","
                + "\"since\":\"2026-03-01T00:00:00Z\",\"version\":1}";
        assertEquals(
                List.of(),
                describe(run(input.toString(), 1, List.of(onboardingSubnet)).alerts()).stream()
                        .filter(a -> a.startsWith(RuleCatalogue.DEVICE_CODE_BROKER_CLIENT))
                        .toList());
    }

    @Test
    void followsAPhishedTokenToTheDeviceItRegistersAndThatDevicesPrimaryRefreshToken(@TempDir Path temp)
            throws Exception {
        String device = "f4a1c9e2-6b3d-4e58-a0c7-9d2b8e1f6a35";
        SignInSpec phish = TestSignIns.signIn("phish", 1)
                .network("198.51.100.77", 14061, "NL", "Amsterdam")
                .app(RuleCatalogue.AUTHENTICATION_BROKER_APP_ID, "Microsoft Authentication Broker")
                .deviceCode(true);
        String prt = EventHubRecord.render(TestSignIns.signIn("prt", 12)
                        .network("198.51.100.77", 14061, "NL", "Amsterdam")
                        .unknownDevice()
                        .tokenRefresh())
                .replace("\"deviceId\":\"\"", "\"deviceId\":\"" + device + "\"")
                .replace("\"incomingTokenType\":\"refreshToken\"", "\"incomingTokenType\":\"primaryRefreshToken\"");
        // another user's new laptop joins without any device code: no chain
        String autopilot = registerDevice(
                "bob-laptop",
                TestSignIns.minutes(11),
                "b0b0b0b0-2222-4333-8444-955566667777",
                "bob@contoso.example",
                "0e9d8c7b-1111-4222-8333-944455556666");
        Path input = temp.resolve("signins.jsonl");
        Files.write(
                input,
                List.of(
                        EventHubRecord.render(phish),
                        // the audit hub's record, read before the sign-in it follows would be as well
                        registerDevice(
                                "attacker", TestSignIns.minutes(10), TestSignIns.USER, "alice@contoso.example", device),
                        autopilot,
                        prt));

        Run run = run(input.toString(), 1, List.of());

        List<String> chain = describe(run.alerts()).stream()
                .filter(a -> a.startsWith("device-"))
                .toList();
        assertEquals(
                List.of(
                        "device-code-broker-client alice@contoso.example r0 [phish]",
                        "device-code-device-registration alice@contoso.example r0 [phish]",
                        "device-registration-prt-use alice@contoso.example r0 [phish, prt]"),
                chain);
        Alert registration = run.alerts().stream()
                .filter(a -> a.ruleId().equals(RuleCatalogue.DEVICE_CODE_DEVICE_REGISTRATION))
                .findFirst()
                .orElseThrow();
        assertEquals(device, registration.registrations()[0].deviceId());
        assertEquals(
                List.of("phish followed by Register device of DESKTOP-7Q2K9PL"),
                run.visibility().stream()
                        .filter(record -> record.followedBy() != null)
                        .map(record -> record.signInId() + " followed by "
                                + record.followedBy()
                                        .substring(0, record.followedBy().indexOf(" at ")))
                        .toList(),
                "the phish's visibility record is written again, noting the registration");
        assertEquals(List.of(), run.deadLetters());
    }

    /** A "Register device" audit record, as the audit-log event hub writes it. */
    private static String registerDevice(String id, Instant at, String userId, String upn, String deviceId) {
        return ("{\"time\":\"%2$s\",\"category\":\"AuditLogs\",\"operationName\":\"Register device\","
                        + "\"tenantId\":\"%3$s\",\"correlationId\":\"corr-%1$s\",\"properties\":{\"id\":\"%1$s\","
                        + "\"category\":\"Device\",\"result\":\"success\",\"activityDisplayName\":\"Register device\","
                        + "\"activityDateTime\":\"%2$s\",\"loggedByService\":\"Device Registration Service\","
                        + "\"initiatedBy\":{\"user\":{\"id\":\"%4$s\",\"userPrincipalName\":\"%5$s\"}},"
                        + "\"targetResources\":[{\"id\":\"obj-%1$s\",\"displayName\":\"DESKTOP-7Q2K9PL\",\"type\":\"Device\","
                        + "\"modifiedProperties\":[]}],\"additionalDetails\":[{\"key\":\"Device Id\",\"value\":\"%6$s\"},"
                        + "{\"key\":\"Device OS\",\"value\":\"Windows\"},"
                        + "{\"key\":\"Device Trust Type\",\"value\":\"Azure AD register\"}]}}")
                .formatted(id, at, TestSignIns.TENANT, userId, upn, deviceId);
    }

    @Test
    void givesTheSameAlertsOnTwoParallelTasks() throws Exception {
        assertEquals(
                describe(run(1, List.of()).alerts()), describe(run(2, List.of()).alerts()));
    }
}
