package org.dcwatch.job.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.dcwatch.job.generate.Networks.Network;
import org.dcwatch.udfs.classify.DeviceCodeFlow;
import org.dcwatch.udfs.classify.UserAgentClassifier;
import org.dcwatch.udfs.classify.UserAgentKind;
import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.rules.RuleCatalogue;
import org.junit.jupiter.api.Test;

/**
 * Each scenario kind has the shape its label promises, as the job's parser reads it: who signs in, from where, with
 * which client, how far apart, and how the records are delivered.
 */
class ScenarioShapeTest {

    private static final long SECOND = 1_000;
    private static final Set<Integer> ORDINARY_ASNS =
            Networks.ORDINARY.stream().map(Network::asn).collect(Collectors.toSet());
    private static final Set<Integer> HOSTING_ASNS =
            Networks.HOSTING.stream().map(Network::asn).collect(Collectors.toSet());

    /** One scenario of the kind in ordinary traffic, its label, and its sign-ins as parsed, in arrival order. */
    private record Observed(GeneratedRun run, ScenarioLabel label, List<SignInEvent> signIns) {
        List<SignInEvent> interactive() {
            return signIns.stream().filter(SignInEvent::interactive).toList();
        }

        List<SignInEvent> nonInteractive() {
            return signIns.stream().filter(event -> !event.interactive()).toList();
        }

        /** Every sign-in of the scenario's user, the label's and the rest. */
        List<SignInEvent> ofUser() {
            return run.events.stream()
                    .filter(event -> label.userId().equals(event.userId()))
                    .toList();
        }
    }

    private static Observed observe(ScenarioKind kind, long seed) {
        GeneratedRun run = GeneratedRun.of(
                3_000, 100, 14, seed, GeneratedRun.scenarios(kind.id() + "=1"), SignInFormat.EVENTHUB_LINES);
        ScenarioLabel label = run.labels().get(0);
        return new Observed(run, label, run.withIds(label.signInIds()));
    }

    @Test
    void brokerClientPhishingIsPhishingForTheBrokersAppAndItsLabelNamesTheBrokerRule() {
        for (long seed = 1; seed <= 4; seed++) {
            Observed phishing = observe(ScenarioKind.BROKER_CLIENT_PHISHING, seed);
            assertEquals(2, phishing.interactive().size());
            assertTrue(phishing.signIns().stream()
                    .allMatch(signIn -> RuleCatalogue.AUTHENTICATION_BROKER_APP_ID.equals(signIn.appId())
                            && ScenarioFactory.DEVICE_REGISTRATION_RESOURCE.equals(signIn.resourceId())));
            assertTrue(phishing.nonInteractive().stream().allMatch(poller -> HOSTING_ASNS.contains(poller.asn())));
            assertTrue(phishing.label().shouldFire().contains(RuleCatalogue.DEVICE_CODE_BROKER_CLIENT));
        }
    }

    @Test
    void aPhishingRunNamesTheBrokerRuleExactlyWhenItAsksForTheBrokersApp() {
        // five runs take the five apps in turn, the broker's among them
        GeneratedRun run =
                GeneratedRun.of(3_000, 100, 14, 3, GeneratedRun.scenarios("phishing=5"), SignInFormat.EVENTHUB_LINES);
        int toBroker = 0;
        for (ScenarioLabel label : run.labels()) {
            boolean broker = run.withIds(label.signInIds()).stream()
                    .anyMatch(signIn -> RuleCatalogue.AUTHENTICATION_BROKER_APP_ID.equals(signIn.appId()));
            if (broker) toBroker++;
            assertEquals(
                    broker, label.shouldFire().contains(RuleCatalogue.DEVICE_CODE_BROKER_CLIENT), label.scenarioId());
        }
        assertEquals(1, toBroker);
    }

    @Test
    void brokerClientOnboardingIsAManagedWorkstationAndAKioskOnTheOfficeNetworkTheAdminKnows() {
        for (long seed = 1; seed <= 4; seed++) {
            Observed onboarding = observe(ScenarioKind.BROKER_CLIENT_ONBOARDING, seed);
            List<SignInEvent> workstation = onboarding.interactive();
            List<SignInEvent> kiosk = onboarding.nonInteractive();
            assertEquals(1, workstation.size());
            assertEquals(1, kiosk.size());
            assertTrue(DeviceCodeFlow.isDeviceCodeProtocol(workstation.get(0).authenticationProtocol()));
            assertEquals(Boolean.TRUE, workstation.get(0).deviceManaged());
            assertEquals(Boolean.FALSE, kiosk.get(0).deviceManaged());
            assertEquals(workstation.get(0).ipAddress(), kiosk.get(0).ipAddress(), "one egress address");
            assertTrue(onboarding.signIns().stream()
                    .allMatch(signIn -> signIn.asn() == Networks.OFFICE.asn()
                            && RuleCatalogue.AUTHENTICATION_BROKER_APP_ID.equals(signIn.appId())));
            long officeDaysBefore = onboarding.ofUser().stream()
                    .filter(signIn -> signIn.asn() == Networks.OFFICE.asn())
                    .filter(signIn -> signIn.eventTime()
                            < workstation.get(0).eventTime()
                                    - Duration.ofDays(1).toMillis())
                    .count();
            assertTrue(officeDaysBefore >= 7, "the office is in the admin's baseline: " + officeDaysBefore);
        }
    }

    @Test
    void phishingIsTwoBrowserSignInsThenAPollerFromAHostingNetworkSecondsLater() {
        for (long seed = 1; seed <= 6; seed++) {
            Observed phishing = observe(ScenarioKind.PHISHING, seed);
            List<SignInEvent> browser = phishing.interactive();
            List<SignInEvent> poller = phishing.nonInteractive();
            assertEquals(2, browser.size());
            assertTrue(browser.stream()
                    .allMatch(b -> DeviceCodeFlow.isDeviceCodeProtocol(b.authenticationProtocol())
                            && DeviceCodeFlow.isDeviceCodeTransfer(b.originalTransferMethod())
                            && UserAgentClassifier.classify(b.userAgent()).kind() == UserAgentKind.BROWSER
                            && ORDINARY_ASNS.contains(b.asn())));
            assertTrue(poller.size() == 1 || poller.size() == 2, "a redemption, perhaps a second token");
            for (SignInEvent redemption : poller) {
                assertTrue(DeviceCodeFlow.isDeviceCodeTransfer(redemption.originalTransferMethod()));
                assertTrue(HOSTING_ASNS.contains(redemption.asn()), "poller on AS" + redemption.asn());
                UserAgentKind client =
                        UserAgentClassifier.classify(redemption.userAgent()).kind();
                assertTrue(
                        client == UserAgentKind.SCRIPTED_TOOL || client == UserAgentKind.OUTDATED_BROWSER,
                        redemption.userAgent());
                assertEquals(Boolean.FALSE, redemption.deviceManaged());
            }
            long first = browser.get(0).eventTime();
            long redeemed = poller.get(0).eventTime();
            assertTrue(redeemed - first > 10 * SECOND && redeemed - first < 60 * SECOND, "seconds apart");
            assertEquals(
                    1,
                    phishing.signIns().stream()
                            .map(SignInEvent::sessionId)
                            .distinct()
                            .count(),
                    "one session");
            assertEquals(phishing.label().sessionId(), browser.get(0).sessionId());
        }
    }

    @Test
    void phishingRunsCoverEveryPollerClientAndApp() {
        GeneratedRun run =
                GeneratedRun.of(5_000, 100, 14, 1, GeneratedRun.scenarios("phishing=6"), SignInFormat.EVENTHUB_LINES);
        Set<String> pollers = run.events.stream()
                .filter(e -> HOSTING_ASNS.contains(e.asn()))
                .map(SignInEvent::userAgent)
                .collect(Collectors.toSet());
        assertEquals(Set.copyOf(ScenarioFactory.POLLER_USER_AGENTS), pollers);
        Set<String> apps = run.events.stream()
                .filter(e -> HOSTING_ASNS.contains(e.asn()))
                .map(SignInEvent::appId)
                .collect(Collectors.toSet());
        assertTrue(apps.contains(SignInSpec.AZURE_CLI_APP), "an attacker borrowing Azure CLI's app id: " + apps);
    }

    @Test
    void phishingLoggedWithThePollersIpHasOneNetworkAndTwoClients() {
        Observed phishing = observe(ScenarioKind.PHISHING_POLLER_IP, 2);
        assertEquals(1, phishing.interactive().size());
        assertEquals(1, phishing.nonInteractive().size());
        assertEquals(
                1,
                phishing.signIns().stream()
                        .map(SignInEvent::ipAddress)
                        .distinct()
                        .count());
        assertEquals(
                2,
                phishing.signIns().stream()
                        .map(SignInEvent::userAgent)
                        .distinct()
                        .count());
        assertTrue(phishing.signIns().stream().allMatch(e -> HOSTING_ASNS.contains(e.asn())));
    }

    @Test
    void toolLoginsAreTheBrowserAndTheToolFromTheSameHomeAddress() {
        for (ScenarioKind kind : List.of(ScenarioKind.AZURE_CLI, ScenarioKind.AZURE_POWERSHELL, ScenarioKind.VSCODE)) {
            Observed login = observe(kind, 3);
            SignInEvent browser = login.interactive().get(0);
            SignInEvent tool = login.nonInteractive().get(0);
            assertEquals(2, login.signIns().size(), kind.id());
            assertEquals(browser.ipAddress(), tool.ipAddress(), kind.id());
            assertEquals(browser.appId(), tool.appId(), kind.id());
            assertEquals(
                    UserAgentKind.BROWSER,
                    UserAgentClassifier.classify(browser.userAgent()).kind(),
                    kind.id());
            assertEquals(
                    UserAgentKind.MICROSOFT_CLIENT,
                    UserAgentClassifier.classify(tool.userAgent()).kind(),
                    kind.id());
            assertTrue(ORDINARY_ASNS.contains(browser.asn()), kind.id());
        }
        assertTrue(
                observe(ScenarioKind.AZURE_CLI, 3)
                        .nonInteractive()
                        .get(0)
                        .userAgent()
                        .startsWith("AZURECLI/"),
                "what the allowlist example of docs/tuning.md matches");
    }

    @Test
    void travelAndNewProvidersAreNetworksTheUserNeverUsedBeforeThatDay() {
        for (ScenarioKind kind : List.of(ScenarioKind.TRAVEL, ScenarioKind.NEW_ISP)) {
            Observed away = observe(kind, 4);
            SignInEvent deviceCode = away.signIns().get(0);
            assertEquals(1, away.signIns().size());
            assertTrue(DeviceCodeFlow.isDeviceCode(deviceCode) && deviceCode.isSuccess());
            long dayBefore = deviceCode.eventTime() - Duration.ofDays(1).toMillis();
            assertFalse(
                    away.ofUser().stream().anyMatch(e -> e.asn() == deviceCode.asn() && e.eventTime() < dayBefore),
                    kind.id() + ": the network is new since less than a day");
            assertTrue(
                    away.ofUser().stream()
                                    .filter(e -> e.asn() == deviceCode.asn())
                                    .count()
                            >= 3,
                    kind.id() + ": ordinary sign-ins from it first");
        }
    }

    @Test
    void automationAccountRefreshesDailyFromHostedRunnersThenFromANewOne() {
        Observed automation = observe(ScenarioKind.AUTOMATION_ACCOUNT, 5);
        SignInEvent moved = automation.signIns().get(0);
        assertTrue(automation.label().userPrincipalName().startsWith("svc-deploy-"));
        assertEquals(Networks.NEW_RUNNER.asn(), moved.asn());
        assertTrue(DeviceCodeFlow.isDeviceCodeTransfer(moved.originalTransferMethod()) && !moved.interactive());
        List<SignInEvent> history = automation.ofUser().stream()
                .filter(e -> !e.id().equals(moved.id()))
                .toList();
        assertEquals(8, history.size(), "one run a day for a week and a day");
        assertTrue(history.stream()
                .allMatch(e -> e.asn() == Networks.HOSTED_RUNNER.asn() && !DeviceCodeFlow.isDeviceCode(e)));
    }

    @Test
    void adminRecoveryIsOneDeviceCodeSignInFromTheServiceDesk() {
        Observed recovery = observe(ScenarioKind.ADMIN_RECOVERY, 6);
        assertEquals(1, recovery.signIns().size());
        SignInEvent signIn = recovery.signIns().get(0);
        assertEquals(Networks.SERVICE_DESK.asn(), signIn.asn());
        assertTrue(signIn.interactive() && DeviceCodeFlow.isDeviceCodeProtocol(signIn.authenticationProtocol()));
        assertEquals(Boolean.TRUE, signIn.deviceManaged());
    }

    @Test
    void everyScenarioUserHasAWeekOfSuccessfulSignInsFromHomeBeforeIt() {
        for (ScenarioKind kind : ScenarioKind.values()) {
            // their own accounts' history: the runners', the room display's at the office (checked where they are)
            if (kind == ScenarioKind.AUTOMATION_ACCOUNT || kind == ScenarioKind.TEAMS_ROOM_DEVICE_CODE) continue;
            Observed scenario = observe(kind, 7);
            long at = scenario.label().time().toEpochMilli();
            int homeAsn = scenario.ofUser().stream()
                    .filter(e -> e.eventTime() < at - Duration.ofDays(2).toMillis())
                    .findFirst()
                    .orElseThrow()
                    .asn();
            long homeDays = scenario.ofUser().stream()
                    .filter(e -> e.asn() == homeAsn
                            && e.isSuccess()
                            && e.eventTime() < at - Duration.ofDays(1).toMillis()
                            && e.eventTime() >= at - Duration.ofDays(9).toMillis())
                    .map(e -> (at - e.eventTime()) / Duration.ofDays(1).toMillis())
                    .distinct()
                    .count();
            assertTrue(homeDays >= 6, kind.id() + ": home sign-ins on " + homeDays + " of the days before");
            assertTrue(Networks.HOME.stream().anyMatch(home -> home.asn() == homeAsn), kind.id());
        }
    }

    @Test
    void duplicateDeliveryWritesEveryRecordOfTheRunTwice() {
        Observed duplicated = observe(ScenarioKind.DUPLICATE_DELIVERY, 8);
        assertEquals(
                2 * duplicated.label().signInIds().size(), duplicated.signIns().size());
        assertEquals(
                duplicated.label().signInIds().size(),
                duplicated.signIns().stream().map(SignInEvent::id).distinct().count());
    }

    @Test
    void lateDeliveryHoldsThePollerBackLessThanTheOutOfOrderness() {
        Observed late = observe(ScenarioKind.LATE_DELIVERY, 9);
        SignInEvent poller = late.nonInteractive().get(0);
        long delay = newestEventTimeBefore(late.run(), poller) - poller.eventTime();
        assertTrue(
                delay > Duration.ofMinutes(1).toMillis()
                        && delay < Duration.ofMinutes(5).toMillis(),
                "arrives behind sign-ins " + delay / SECOND + " s newer");
    }

    @Test
    void veryLateDeliveryHoldsThePollerBackBehindTheVictimsLaterSignIns() {
        Observed late = observe(ScenarioKind.VERY_LATE_DELIVERY, 10);
        SignInEvent poller = late.nonInteractive().get(0);
        long ofUserBefore = late.ofUser().stream()
                .takeWhile(e -> e != poller)
                .mapToLong(SignInEvent::eventTime)
                .max()
                .orElseThrow();
        assertTrue(
                ofUserBefore - poller.eventTime() > Duration.ofMinutes(30).toMillis(),
                "the victim's own sign-ins carry event time past it, however sparse the traffic");
    }

    @Test
    void aFloodedSessionIsAPhishingRunWhosePollerAsksForMoreTokensThanASessionBufferHolds() {
        for (long seed = 11; seed <= 14; seed++) {
            Observed flood = observe(ScenarioKind.FLOODED_SESSION, seed);
            List<SignInEvent> browser = flood.interactive();
            List<SignInEvent> poller = flood.nonInteractive();
            assertEquals(2, browser.size(), "code entry, then MFA");
            assertTrue(browser.stream()
                    .allMatch(b -> DeviceCodeFlow.isDeviceCodeProtocol(b.authenticationProtocol())
                            && ORDINARY_ASNS.contains(b.asn())));
            // session-multi-source keeps 50 sign-ins of a session (SessionMultiSourceDetector.MAX_BUFFERED_SIGN_INS)
            assertTrue(poller.size() >= 55 && poller.size() < 65, poller.size() + " token requests");
            long victimDone = browser.get(1).eventTime();
            assertTrue(
                    poller.stream()
                            .allMatch(p -> p.eventTime() > victimDone && p.eventTime() - victimDone <= 60 * SECOND),
                    "every token within a minute of the victim");
            assertEquals(
                    1, poller.stream().map(SignInEvent::ipAddress).distinct().count(), "one poller");
            assertTrue(poller.stream()
                    .allMatch(p -> HOSTING_ASNS.contains(p.asn())
                            && DeviceCodeFlow.isDeviceCodeTransfer(p.originalTransferMethod())
                            && UserAgentClassifier.classify(p.userAgent()).kind() == UserAgentKind.SCRIPTED_TOOL));
            assertTrue(poller.stream().map(SignInEvent::resourceId).distinct().count() >= 5, "many resources");
            assertEquals(
                    1,
                    flood.signIns().stream()
                            .map(SignInEvent::sessionId)
                            .distinct()
                            .count(),
                    "one session");
        }
    }

    @Test
    void aBrowserLikePollerBorrowsAzureClisAppIdWithACurrentBrowsersUserAgentOrNone() {
        GeneratedRun run = GeneratedRun.of(
                3_000,
                100,
                14,
                15,
                GeneratedRun.scenarios(ScenarioKind.BROWSER_UA_POLLER_UNDER_CLI_ALLOWLIST.id() + "=2"),
                SignInFormat.EVENTHUB_LINES);
        Set<UserAgentKind> pollerClients = new HashSet<>();
        for (ScenarioLabel label : run.labels()) {
            List<SignInEvent> signIns = run.withIds(label.signInIds());
            List<SignInEvent> browser =
                    signIns.stream().filter(SignInEvent::interactive).toList();
            List<SignInEvent> poller =
                    signIns.stream().filter(event -> !event.interactive()).toList();
            assertEquals(2, browser.size());
            assertEquals(1, poller.size());
            assertTrue(
                    signIns.stream().allMatch(e -> SignInSpec.AZURE_CLI_APP.equals(e.appId())), "Azure CLI's app id");
            SignInEvent redemption = poller.get(0);
            assertTrue(HOSTING_ASNS.contains(redemption.asn()));
            assertTrue(ORDINARY_ASNS.contains(browser.get(0).asn()));
            assertTrue(DeviceCodeFlow.isDeviceCodeTransfer(redemption.originalTransferMethod()));
            assertFalse(
                    String.valueOf(redemption.userAgent()).equals(browser.get(0).userAgent()),
                    "a client of its own beside the victim's browser");
            pollerClients.add(
                    UserAgentClassifier.classify(redemption.userAgent()).kind());
        }
        assertEquals(Set.of(UserAgentKind.BROWSER, UserAgentKind.EMPTY), pollerClients, "two runs cover both variants");
    }

    @Test
    void aSecondBurstFollowsTheAdministratorsOwnAzureCliLoginInItsSessionAndOnlyItIsLabelled() {
        for (long seed = 16; seed <= 19; seed++) {
            Observed burst = observe(ScenarioKind.SECOND_BURST_AFTER_ALLOWLISTED_LOGIN, seed);
            List<SignInEvent> poller = burst.signIns();
            assertTrue(poller.size() == 1 || poller.size() == 2);
            assertTrue(poller.stream()
                    .allMatch(p -> !p.interactive()
                            && HOSTING_ASNS.contains(p.asn())
                            && DeviceCodeFlow.isDeviceCodeTransfer(p.originalTransferMethod())
                            && SignInSpec.AZURE_CLI_APP.equals(p.appId())
                            && UserAgentClassifier.classify(p.userAgent()).kind() == UserAgentKind.SCRIPTED_TOOL));
            List<SignInEvent> login = burst.ofUser().stream()
                    .filter(e -> burst.label().sessionId().equals(e.sessionId())
                            && !burst.label().signInIds().contains(e.id()))
                    .toList();
            assertEquals(2, login.size(), "the administrator's browser and Azure CLI, not in the label");
            SignInEvent browser = login.get(0);
            SignInEvent cli = login.get(1);
            assertTrue(browser.interactive()
                    && DeviceCodeFlow.isDeviceCodeProtocol(browser.authenticationProtocol())
                    && ORDINARY_ASNS.contains(browser.asn()));
            assertTrue(
                    !cli.interactive()
                            && cli.userAgent().startsWith("AZURECLI/")
                            && cli.ipAddress().equals(browser.ipAddress()),
                    "what the Azure CLI allowlist of docs/tuning.md silences");
            long gap = poller.get(0).eventTime() - cli.eventTime();
            assertTrue(gap >= 120 * SECOND && gap <= 150 * SECOND, "two minutes later: " + gap / SECOND + " s");
            assertTrue(
                    poller.get(poller.size() - 1).eventTime() - browser.eventTime()
                            < Duration.ofMinutes(9).toMillis(),
                    "inside the session rules' 9 minutes of the browser's deviceCode sign-in");
        }
    }

    private static long newestEventTimeBefore(GeneratedRun run, SignInEvent signIn) {
        return run.events.stream()
                .takeWhile(event -> event != signIn)
                .mapToLong(SignInEvent::eventTime)
                .max()
                .orElseThrow();
    }
}
