package org.dcwatch.job.detect;

import static org.dcwatch.job.KeyedBroadcastHarnesses.keyedStateEntries;
import static org.dcwatch.job.detect.SessionSignIns.BROWSER;
import static org.dcwatch.job.detect.SessionSignIns.CODE_ENTERED;
import static org.dcwatch.job.detect.SessionSignIns.OTHER_TENANT;
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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.dcwatch.job.KeyedBroadcastHarnesses;
import org.dcwatch.job.TestSignIns;
import org.dcwatch.udfs.alert.Alert;
import org.dcwatch.udfs.alert.AlertIds;
import org.dcwatch.udfs.event.SignInSummary;
import org.dcwatch.udfs.rules.RuleCatalogue;
import org.dcwatch.udfs.rules.Severity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SessionMultiSourceDetectorTest {

    private static final String RULE = RuleCatalogue.SESSION_MULTI_SOURCE;
    private static final String DISABLE_FOR_ALL_TENANTS =
            "{\"type\":\"rule\",\"rule\":\"session-multi-source\",\"tenant\":\"*\",\"enabled\":false,\"version\":1}";
    private static final String IP_CRITERION_OFF =
            "{\"type\":\"rule\",\"rule\":\"session-multi-source\",\"tenant\":\"*\",\"minDistinctIps\":0,\"version\":1}";

    private KeyedBroadcastOperatorTestHarness<String, SignInSummary, String, Alert> harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness = openHarness(List.of(), null);
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    @Test
    void alertsWhenPollerUsesAnotherClientFromAnotherIp() throws Exception {
        SignInSummary browser = browserCodeEntry(CODE_ENTERED).build();
        SignInSummary poller = pythonPoller(CODE_ENTERED + seconds(5)).build();

        List<Alert> alerts = process(browser, poller);

        assertEquals(1, alerts.size(), alerts.toString());
        Alert alert = alerts.get(0);
        assertEquals(AlertIds.of(RULE, TENANT, USER, SESSION, browser.id()), alert.alertId());
        assertEquals(0, alert.revision());
        assertEquals(RULE, alert.ruleId());
        assertEquals(Severity.HIGH, alert.severity());
        assertEquals(73, alert.riskScore());
        assertEquals(TENANT, alert.tenantId());
        assertEquals(USER, alert.userKey());
        assertEquals(UPN, alert.userPrincipalName());
        assertEquals(SESSION, alert.sessionId());
        assertEquals(browser.eventTime(), alert.firstEventTime());
        assertEquals(poller.eventTime(), alert.lastEventTime());
        assertEquals("2 device-code sign-ins in 5s from 2 IPs and 2 user agents", alert.summary());
        assertArrayEquals(new SignInSummary[] {browser, poller}, alert.evidence());
    }

    @Test
    void staysQuietForOneIpAndOneUserAgent() throws Exception {
        assertEquals(
                List.of(),
                process(
                        browserCodeEntry(CODE_ENTERED).build(),
                        pythonPoller(CODE_ENTERED + seconds(5))
                                .from(VICTIM_IP)
                                .userAgent(BROWSER)
                                .build()));
    }

    @Test
    void alertsForAnotherUserAgentFromTheSameIp() throws Exception {
        List<Alert> alerts = process(
                browserCodeEntry(CODE_ENTERED).build(),
                pythonPoller(CODE_ENTERED + seconds(5)).from(VICTIM_IP).build());

        assertEquals(1, alerts.size());
        assertEquals(
                "2 device-code sign-ins in 5s from 1 IP and 2 user agents",
                alerts.get(0).summary());
    }

    @ParameterizedTest
    @CsvSource({"198.51.100.7, ::ffff:198.51.100.7", "2001:db8::7, 2001:DB8:0:0:0:0:0:7"})
    void staysQuietForOneClientWhoseAddressIsLoggedInTwoForms(String first, String second) throws Exception {
        // parsed, as in the job: the parser writes both forms as one text, so they are one source, not two
        String agent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0";
        SignInSummary browser = SignInSummary.of(TestSignIns.event(TestSignIns.signIn("browser", 1)
                .deviceCode(true)
                .network(first, 3320, "DE", "Berlin")
                .session("s", "c")
                .userAgent(agent)));
        SignInSummary again = SignInSummary.of(TestSignIns.event(TestSignIns.signIn("again", 2)
                .deviceCode(true)
                .network(second, 3320, "DE", "Berlin")
                .session("s", "c")
                .userAgent(agent)));
        assertEquals(List.of(), process(browser, again));
        assertEquals(browser.ipAddress(), again.ipAddress());
    }

    @Test
    void staysQuietWhenSignInsAreMoreThanTheWindowApart() throws Exception {
        assertEquals(
                List.of(),
                process(
                        browserCodeEntry(CODE_ENTERED).build(),
                        pythonPoller(CODE_ENTERED + WINDOW.toMillis() + seconds(1))
                                .build()));
    }

    @Test
    void alertsWhenSignInsAreExactlyTheWindowApart() throws Exception {
        assertEquals(
                1,
                process(
                                browserCodeEntry(CODE_ENTERED).build(),
                                pythonPoller(CODE_ENTERED + WINDOW.toMillis()).build())
                        .size());
    }

    @Test
    void staysQuietWithoutADeviceCodeProtocolSignIn() throws Exception {
        assertEquals(
                List.of(),
                process(
                        browserCodeEntry(CODE_ENTERED).protocol("none").build(),
                        pythonPoller(CODE_ENTERED + seconds(5)).build()));
    }

    @Test
    void staysQuietForASingleSignIn() throws Exception {
        assertEquals(List.of(), process(browserCodeEntry(CODE_ENTERED).build()));
    }

    @Test
    void ignoresSignInsOutsideTheDeviceCodeFlow() throws Exception {
        harness.processElement(browserCodeEntry(CODE_ENTERED).build(), CODE_ENTERED);
        SignInSummary refresh =
                pythonPoller(CODE_ENTERED + seconds(5)).transfer("none").build();
        harness.processElement(refresh, refresh.eventTime());
        harness.processWatermark(CODE_ENTERED + minutes(30));

        assertEquals(List.of(), harness.extractOutputValues());
    }

    @Test
    void alertsWhenSignInsArriveOutOfOrderWithinTheWatermarkBound() throws Exception {
        SignInSummary browser = browserCodeEntry(CODE_ENTERED).build();
        SignInSummary poller = pythonPoller(CODE_ENTERED + seconds(40)).build();
        harness.processWatermark(CODE_ENTERED - minutes(5));
        harness.processElement(poller, poller.eventTime());
        harness.processElement(browser, browser.eventTime());
        harness.processWatermark(CODE_ENTERED + minutes(1));

        List<Alert> alerts = harness.extractOutputValues();
        assertEquals(1, alerts.size());
        assertArrayEquals(new SignInSummary[] {browser, poller}, alerts.get(0).evidence(), "oldest first");
    }

    @Test
    void alertsOnceForABurst() throws Exception {
        List<SignInSummary> burst = new ArrayList<>();
        burst.add(browserCodeEntry(CODE_ENTERED).build());
        for (int i = 1; i <= 4; i++) {
            burst.add(pythonPoller(CODE_ENTERED + seconds(10L * i)).build());
        }

        List<Alert> alerts = process(burst.toArray(new SignInSummary[0]));

        assertEquals(1, alerts.size(), alerts.toString());
        assertEquals(burst.get(0).id(), alerts.get(0).evidence()[0].id());
    }

    @Test
    void alertsAgainForASecondBurstAfterTheWindow() throws Exception {
        long secondRun = CODE_ENTERED + minutes(20);
        List<Alert> alerts = process(
                browserCodeEntry(CODE_ENTERED).build(),
                pythonPoller(CODE_ENTERED + seconds(5)).build(),
                browserCodeEntry(secondRun).build(),
                pythonPoller(secondRun + seconds(5)).build());

        assertEquals(2, alerts.size(), alerts.toString());
        assertNotEquals(alerts.get(0).alertId(), alerts.get(1).alertId());
        assertEquals(secondRun, alerts.get(1).firstEventTime());
    }

    @Test
    void neverGroupsTwoTenantsSharingUserAndSessionIds() throws Exception {
        assertEquals(
                List.of(),
                process(
                        browserCodeEntry(CODE_ENTERED).build(),
                        pythonPoller(CODE_ENTERED + seconds(5))
                                .tenant(OTHER_TENANT)
                                .build()));
    }

    @Test
    void alertsWhenAFloodOfTokenUsesFollowsTheCodeEntryBeforeItsWindowIsJudged() throws Exception {
        // a poller requesting tokens for many resources: 100 token uses within a minute, all in before the watermark
        // passes the code entry, more than the session keeps
        List<SignInSummary> signIns = new ArrayList<>();
        SignInSummary browser = browserCodeEntry(CODE_ENTERED).build();
        signIns.add(browser);
        for (int i = 1; i <= 100; i++) {
            signIns.add(pythonPoller(CODE_ENTERED + i * 500L).build());
        }

        List<Alert> alerts = process(signIns.toArray(new SignInSummary[0]));

        assertEquals(1, alerts.size(), alerts.toString());
        SignInSummary[] evidence = alerts.get(0).evidence();
        assertEquals(browser, evidence[0], "the code entry is kept however many polls follow");
        assertTrue(evidence.length <= SessionSample.CAPACITY);
    }

    @Test
    void alertsWhenAFloodOfRotatingSourcesPrecedesTheCodeEntry() throws Exception {
        // every poll from an IP of its own: no source repeats, so the sample gives up the oldest
        List<SignInSummary> signIns = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            signIns.add(pythonPoller(CODE_ENTERED - minutes(8) + i * 100L)
                    .from("198.51.100." + (i % 250))
                    .build());
        }
        SignInSummary browser = browserCodeEntry(CODE_ENTERED).build();
        signIns.add(browser);

        List<Alert> alerts = process(signIns.toArray(new SignInSummary[0]));

        assertTrue(!alerts.isEmpty());
        assertTrue(List.of(alerts.get(alerts.size() - 1).evidence()).contains(browser));
    }

    @Test
    void keepsStateAndTimersBoundedUnderAFlood() throws Exception {
        harness.processElement(browserCodeEntry(CODE_ENTERED).build(), CODE_ENTERED);
        for (int i = 1; i <= 6_000; i++) {
            SignInSummary poll = pythonPoller(CODE_ENTERED + i * 90L).build();
            harness.processElement(poll, poll.eventTime());
        }

        assertTrue(harness.numEventTimeTimers() <= SessionSample.CAPACITY, "timers: " + harness.numEventTimeTimers());
        harness.processWatermark(CODE_ENTERED + minutes(30));
        assertEquals(1, harness.extractOutputValues().size(), "one alert: the polls repeat a source already reported");
        assertEquals(0, keyedStateEntries(harness));
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void alertsAgainWhenANewSourceJoinsAReportedSession() throws Exception {
        SignInSummary browser = browserCodeEntry(CODE_ENTERED).build();
        SignInSummary poller = pythonPoller(CODE_ENTERED + seconds(5)).build();
        SignInSummary samePoller = pythonPoller(CODE_ENTERED + seconds(30)).build();
        SignInSummary secondAttacker =
                pythonPoller(CODE_ENTERED + minutes(2)).from("192.0.2.200").build();

        List<Alert> alerts = process(browser, poller, samePoller, secondAttacker);

        assertEquals(2, alerts.size(), alerts.toString());
        assertArrayEquals(new SignInSummary[] {browser, poller}, alerts.get(0).evidence());
        assertArrayEquals(
                new SignInSummary[] {browser, poller, samePoller, secondAttacker},
                alerts.get(1).evidence(),
                "the window of the new source, for the suppression to merge");
        assertEquals(
                "4 device-code sign-ins in 2m0s from 3 IPs and 2 user agents",
                alerts.get(1).summary());
    }

    @Test
    void reportsAPollerThatFollowsAnAdministratorsLoginInTheSameSession() throws Exception {
        // an Azure CLI login (browser + AZURECLI from one IP), which an allowlist silences downstream, then a python
        // poller from a hosting IP two minutes later: the suppression must see the poller to judge it
        SignInSummary browser = browserCodeEntry(CODE_ENTERED).build();
        SignInSummary cli = browserCodeEntry(CODE_ENTERED + seconds(20))
                .nonInteractive()
                .protocol("none")
                .userAgent("AZURECLI/2.67.0 (MSI) azsdk-python-core/1.31.0 Python/3.12.7")
                .build();
        SignInSummary poller = pythonPoller(CODE_ENTERED + minutes(2)).build();

        List<Alert> alerts = process(browser, cli, poller);

        assertEquals(2, alerts.size(), alerts.toString());
        assertArrayEquals(
                new SignInSummary[] {browser, cli, poller}, alerts.get(1).evidence());
    }

    @Test
    void clearsStateAndTimersOnceTheWindowHasPassed() throws Exception {
        SignInSummary browser = browserCodeEntry(CODE_ENTERED).build();
        SignInSummary poller = pythonPoller(CODE_ENTERED + seconds(5)).build();
        harness.processElement(browser, browser.eventTime());
        harness.processElement(poller, poller.eventTime());
        harness.processWatermark(poller.eventTime());
        assertEquals(1, harness.extractOutputValues().size());
        assertTrue(keyedStateEntries(harness) > 0, "the session is kept for sign-ins still to come");
        assertEquals(1, harness.numEventTimeTimers(), "the timer that ends the session's state");

        harness.processWatermark(poller.eventTime() + WINDOW.toMillis());
        assertTrue(keyedStateEntries(harness) > 0, "a sign-in at the window's end still joins the session");

        harness.processWatermark(poller.eventTime() + WINDOW.toMillis() + 1);
        assertEquals(0, keyedStateEntries(harness));
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void clearsStateAndTimersOfASessionThatNeverAlerts() throws Exception {
        harness.processElement(browserCodeEntry(CODE_ENTERED).build(), CODE_ENTERED);
        harness.processWatermark(CODE_ENTERED + minutes(30));

        assertEquals(List.of(), harness.extractOutputValues());
        assertEquals(0, keyedStateEntries(harness));
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void alertsTheSameAfterRestoringFromASnapshot() throws Exception {
        SignInSummary browser = browserCodeEntry(CODE_ENTERED).build();
        SignInSummary poller = pythonPoller(CODE_ENTERED + seconds(5)).build();
        harness.processElement(browser, browser.eventTime());
        OperatorSubtaskState snapshot = harness.snapshot(0, 0);
        harness.close();

        harness = openHarness(List.of(), snapshot);
        harness.processElement(poller, poller.eventTime());
        harness.processWatermark(CODE_ENTERED + minutes(1));
        List<Alert> restored = harness.extractOutputValues();

        harness.close();
        harness = openHarness(List.of(), null);
        assertEquals(1, restored.size());
        assertEquals(process(browser, poller), restored);
    }

    @Test
    void staysQuietOnceTuningDisablesTheRule() throws Exception {
        harness.processBroadcastElement(DISABLE_FOR_ALL_TENANTS, CODE_ENTERED);
        harness.processElement(browserCodeEntry(CODE_ENTERED).build(), CODE_ENTERED);
        harness.processElement(pythonPoller(CODE_ENTERED + seconds(5)).build(), CODE_ENTERED + seconds(5));
        assertEquals(0, keyedStateEntries(harness), "a disabled rule keeps nothing");
        assertEquals(0, harness.numEventTimeTimers());

        harness.processWatermark(CODE_ENTERED + minutes(1));
        assertEquals(List.of(), harness.extractOutputValues());
    }

    @Test
    void dropsBufferedSignInsWhenTuningDisablesTheRule() throws Exception {
        harness.processElement(browserCodeEntry(CODE_ENTERED).build(), CODE_ENTERED);
        harness.processElement(pythonPoller(CODE_ENTERED + seconds(5)).build(), CODE_ENTERED + seconds(5));
        harness.processBroadcastElement(DISABLE_FOR_ALL_TENANTS, CODE_ENTERED);
        harness.processWatermark(CODE_ENTERED + minutes(1));

        assertEquals(List.of(), harness.extractOutputValues());
        assertEquals(0, keyedStateEntries(harness));
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void staysQuietForTheSameUserAgentFromTwoIpsOnceTuningTurnsTheIpCriterionOff() throws Exception {
        harness.processBroadcastElement(IP_CRITERION_OFF, CODE_ENTERED);

        assertEquals(
                List.of(),
                process(
                        browserCodeEntry(CODE_ENTERED).build(),
                        pythonPoller(CODE_ENTERED + seconds(5))
                                .userAgent(BROWSER)
                                .build()));
    }

    @Test
    void readsTheStartUpTuningPerTenant() throws Exception {
        harness.close();
        harness = openHarness(
                List.of("{\"type\":\"rule\",\"rule\":\"session-multi-source\",\"tenant\":\"" + OTHER_TENANT + "\","
                        + "\"enabled\":false}"),
                null);

        List<Alert> alerts = process(
                browserCodeEntry(CODE_ENTERED).build(),
                pythonPoller(CODE_ENTERED + seconds(5)).build(),
                browserCodeEntry(CODE_ENTERED).tenant(OTHER_TENANT).build(),
                pythonPoller(CODE_ENTERED + seconds(5)).tenant(OTHER_TENANT).build());

        assertEquals(1, alerts.size());
        assertEquals(TENANT, alerts.get(0).tenantId());
    }

    @Test
    void keepsSignInsInStateWithoutKryo() {
        assertTrue(TypeInformation.of(SignInSummary.class) instanceof PojoTypeInfo);
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

    /**
     * A harness on a new detector, restored from a snapshot when one is given. The operator's event time is the lower
     * of its two inputs' watermarks: as in the job, the tuning stream must not hold it back, so its watermark is at
     * the end of time and the sign-ins' watermark drives the timers.
     */
    private static KeyedBroadcastOperatorTestHarness<String, SignInSummary, String, Alert> openHarness(
            List<String> initialTuning, OperatorSubtaskState restoreFrom) throws Exception {
        KeyedBroadcastOperatorTestHarness<String, SignInSummary, String, Alert> harness = KeyedBroadcastHarnesses.open(
                new SessionMultiSourceDetector(initialTuning), new SessionKey(), Types.STRING, restoreFrom, null);
        harness.processBroadcastWatermark(Long.MAX_VALUE);
        return harness;
    }
}
