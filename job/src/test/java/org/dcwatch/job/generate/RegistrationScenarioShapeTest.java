package org.dcwatch.job.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.dcwatch.job.generate.Networks.Network;
import org.dcwatch.udfs.classify.DeviceCodeFlow;
import org.dcwatch.udfs.classify.TriageScore;
import org.dcwatch.udfs.classify.UserAgentClassifier;
import org.dcwatch.udfs.classify.UserAgentKind;
import org.dcwatch.udfs.event.DeviceRegistrationEvent;
import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.rules.RuleCatalogue;
import org.junit.jupiter.api.Test;

/**
 * The device-registration kinds have the shape their labels promise, as the job's parser reads the sign-ins and the
 * audit records on the one stream: who registers which device when, and which sign-in then uses its Primary Refresh
 * Token.
 */
class RegistrationScenarioShapeTest {

    private static final long MINUTE = 60_000;
    private static final Set<Integer> HOSTING_ASNS =
            Networks.HOSTING.stream().map(Network::asn).collect(Collectors.toSet());
    private static final Set<Integer> ORDINARY_ASNS =
            Networks.ORDINARY.stream().map(Network::asn).collect(Collectors.toSet());

    /** One scenario's label, its sign-ins and its audit records as parsed, in arrival order. */
    private record Observed(GeneratedRun run, ScenarioLabel label) {
        List<SignInEvent> signIns() {
            return run.withIds(label.signInIds());
        }

        List<SignInEvent> deviceCode() {
            return signIns().stream().filter(DeviceCodeFlow::isDeviceCode).toList();
        }

        List<SignInEvent> primaryRefreshTokenUses() {
            return signIns().stream()
                    .filter(signIn -> SignInSpec.PRIMARY_REFRESH_TOKEN.equals(signIn.incomingTokenType()))
                    .toList();
        }

        List<DeviceRegistrationEvent> registrations() {
            return run.registrations.stream()
                    .filter(registration -> label.signInIds().contains(registration.id()))
                    .toList();
        }

        DeviceRegistrationEvent registerDevice() {
            List<DeviceRegistrationEvent> registered = registrations().stream()
                    .filter(r -> DeviceRegistrationEvent.REGISTER_DEVICE.equals(r.operationName()))
                    .toList();
            assertEquals(1, registered.size(), label.scenarioId());
            return registered.get(0);
        }
    }

    private static List<Observed> observe(ScenarioKind kind, int count, long seed) {
        GeneratedRun run = GeneratedRun.of(
                4_000, 100, 14, seed, GeneratedRun.scenarios(kind.id() + "=" + count), SignInFormat.EVENTHUB);
        assertEquals(List.of(), run.deadLetters);
        return run.labels().stream().map(label -> new Observed(run, label)).toList();
    }

    /** Register device by the user, then the directory's Add device and owner, all of the same device, succeeding. */
    private static void assertRegisteredBy(Observed scenario, RegisteredDevice.Trust trust) {
        List<DeviceRegistrationEvent> records = scenario.registrations();
        assertEquals(
                List.of(
                        DeviceRegistrationEvent.REGISTER_DEVICE,
                        DeviceRegistrationEvent.ADD_DEVICE,
                        DeviceRegistrationEvent.ADD_REGISTERED_OWNER),
                records.stream().map(DeviceRegistrationEvent::operationName).toList());
        DeviceRegistrationEvent register = scenario.registerDevice();
        assertEquals(scenario.label().userId(), register.initiatedByUserId());
        assertEquals(scenario.label().userPrincipalName(), register.initiatedByUserPrincipalName());
        assertEquals(scenario.label().tenantId(), register.tenantId());
        assertEquals(trust.registrationDetail(), register.deviceTrustType());
        assertEquals(trust.directoryValue(), records.get(1).deviceTrustType());
        assertEquals("Windows", register.deviceOs());
        assertTrue(records.stream()
                .allMatch(r -> r.isSuccess()
                        && r.deviceObjectId().equals(register.deviceObjectId())
                        && r.correlationId().equals(register.correlationId())));
    }

    @Test
    void theChainIsPhishingThenTheAttackersDesktopRegisteredByTheVictimThenItsPrimaryRefreshToken() {
        List<Observed> chains = observe(ScenarioKind.DEVICE_REGISTRATION_CHAIN, 2, 21);
        int toBroker = 0;
        for (Observed chain : chains) {
            List<SignInEvent> deviceCode = chain.deviceCode();
            List<SignInEvent> victim =
                    deviceCode.stream().filter(SignInEvent::interactive).toList();
            List<SignInEvent> poller =
                    deviceCode.stream().filter(signIn -> !signIn.interactive()).toList();
            assertEquals(2, victim.size(), "code entry, then MFA");
            assertEquals(1, poller.size());
            assertTrue(victim.stream().allMatch(signIn -> ORDINARY_ASNS.contains(signIn.asn())));
            SignInEvent redemption = poller.get(0);
            assertTrue(HOSTING_ASNS.contains(redemption.asn()));

            assertRegisteredBy(chain, RegisteredDevice.Trust.WORKPLACE);
            DeviceRegistrationEvent register = chain.registerDevice();
            assertTrue(register.deviceDisplayName().matches("DESKTOP-[A-Z0-9]{7}"), register.deviceDisplayName());
            assertEquals(redemption.userAgent(), register.userAgent(), "the attacker's client");
            long sincePhish = register.eventTime() - victim.get(0).eventTime();
            assertTrue(
                    register.eventTime() > redemption.eventTime() && sincePhish <= 10 * MINUTE,
                    "registered within 10 minutes of the phish: " + sincePhish / 1000 + " s");

            List<SignInEvent> prt = chain.primaryRefreshTokenUses();
            assertEquals(1, prt.size());
            SignInEvent use = prt.get(0);
            assertTrue(use.isSuccess() && !DeviceCodeFlow.isDeviceCode(use));
            assertEquals(register.deviceId(), use.deviceId());
            assertEquals(Boolean.FALSE, use.deviceManaged());
            assertEquals(Boolean.FALSE, use.deviceCompliant());
            assertEquals(redemption.ipAddress(), use.ipAddress(), "from the attacker's hosting network");
            assertTrue(use.eventTime() > register.eventTime() && use.eventTime() - register.eventTime() < 60 * MINUTE);

            boolean broker = RuleCatalogue.AUTHENTICATION_BROKER_APP_ID.equals(
                    victim.get(0).appId());
            if (broker) toBroker++;
            assertEquals(broker, chain.label().shouldFire().contains(RuleCatalogue.DEVICE_CODE_BROKER_CLIENT));
            assertTrue(chain.label()
                    .shouldFire()
                    .containsAll(List.of(
                            RuleCatalogue.DEVICE_CODE_DEVICE_REGISTRATION, RuleCatalogue.DEVICE_REGISTRATION_PRT_USE)));
            assertTrue(chain.label().malicious());
        }
        assertEquals(1, toBroker, "the two runs alternate between the broker's app and Office's");
    }

    @Test
    void anAutopilotJoinRegistersTheUsersManagedLaptopAtTheOfficeWithoutADeviceCode() {
        for (Observed join : observe(ScenarioKind.AUTOPILOT_JOIN, 2, 22)) {
            assertEquals(List.of(), join.deviceCode());
            assertTrue(join.run().events.stream()
                    .filter(signIn -> join.label().userId().equals(signIn.userId()))
                    .filter(signIn ->
                            Math.abs(signIn.eventTime() - join.registerDevice().eventTime()) < 60 * MINUTE)
                    .noneMatch(DeviceCodeFlow::isDeviceCode));
            assertRegisteredBy(join, RegisteredDevice.Trust.AZURE_AD);
            DeviceRegistrationEvent register = join.registerDevice();
            List<SignInEvent> prt = join.primaryRefreshTokenUses();
            assertEquals(2, prt.size(), "the Windows logon, then a desktop app's token");
            assertTrue(prt.stream()
                    .allMatch(use -> register.deviceId().equals(use.deviceId())
                            && Boolean.TRUE.equals(use.deviceManaged())
                            && Boolean.TRUE.equals(use.deviceCompliant())
                            && "Azure AD joined".equals(use.deviceTrustType())
                            && use.asn() == Networks.OFFICE.asn()
                            && use.eventTime() > register.eventTime()));
            assertEquals(List.of(), join.label().shouldFire());
            assertFalse(join.label().malicious());
        }
    }

    @Test
    void aTeamsRoomCodeIsTheRoomAccountsOwnSignInFromTheOfficeAndRegistersNothing() {
        for (Observed room : observe(ScenarioKind.TEAMS_ROOM_DEVICE_CODE, 2, 23)) {
            assertTrue(room.label().userPrincipalName().startsWith("room-"));
            List<SignInEvent> signIns = room.signIns();
            assertEquals(2, signIns.size());
            SignInEvent codeEntry = signIns.get(0);
            SignInEvent display = signIns.get(1);
            assertTrue(
                    codeEntry.interactive() && DeviceCodeFlow.isDeviceCodeProtocol(codeEntry.authenticationProtocol()));
            assertTrue(!display.interactive() && DeviceCodeFlow.isDeviceCodeTransfer(display.originalTransferMethod()));
            assertEquals(codeEntry.ipAddress(), display.ipAddress());
            assertTrue(signIns.stream().allMatch(signIn -> signIn.asn() == Networks.OFFICE.asn()));
            assertEquals(
                    UserAgentKind.MICROSOFT_CLIENT,
                    UserAgentClassifier.classify(display.userAgent()).kind());
            assertTrue(
                    TriageScore.assess(display, Set.of()).score() < 60, "the display is no raised visibility record");
            assertTrue(room.run().registrations.stream()
                    .noneMatch(r -> room.label().userId().equals(r.initiatedByUserId())));
            long officeDaysBefore = room.run().events.stream()
                    .filter(signIn -> room.label().userId().equals(signIn.userId())
                            && signIn.asn() == Networks.OFFICE.asn()
                            && signIn.eventTime()
                                    < codeEntry.eventTime() - Duration.ofDays(1).toMillis())
                    .count();
            assertTrue(officeDaysBefore >= 7, "the office is in the room account's baseline: " + officeDaysBefore);
            assertEquals(
                    List.of(RuleCatalogue.SESSION_MULTI_SOURCE), room.label().shouldFire());
        }
    }

    @Test
    void aBrokerKioskRegistrationIsTheOnboardingThenTheKioskJoinedByTheAdminAndItsPrimaryRefreshToken() {
        for (Observed kiosk : observe(ScenarioKind.BROKER_KIOSK_REGISTRATION, 2, 24)) {
            List<SignInEvent> deviceCode = kiosk.deviceCode();
            assertEquals(2, deviceCode.size(), "the admin's code entry and the kiosk's redemption");
            assertTrue(deviceCode.stream()
                    .allMatch(signIn -> RuleCatalogue.AUTHENTICATION_BROKER_APP_ID.equals(signIn.appId())
                            && signIn.asn() == Networks.OFFICE.asn()));
            assertRegisteredBy(kiosk, RegisteredDevice.Trust.AZURE_AD);
            DeviceRegistrationEvent register = kiosk.registerDevice();
            assertTrue(register.eventTime() - deviceCode.get(0).eventTime() < 60 * MINUTE);
            List<SignInEvent> prt = kiosk.primaryRefreshTokenUses();
            assertEquals(1, prt.size());
            assertEquals(register.deviceId(), prt.get(0).deviceId());
            assertEquals(Networks.OFFICE.asn(), prt.get(0).asn());
            assertTrue(prt.get(0).eventTime() - register.eventTime() < 60 * MINUTE);
            assertFalse(kiosk.label().malicious());
            assertEquals(
                    List.of(
                            RuleCatalogue.SESSION_MULTI_SOURCE,
                            RuleCatalogue.DEVICE_CODE_BROKER_CLIENT,
                            RuleCatalogue.DEVICE_CODE_DEVICE_REGISTRATION,
                            RuleCatalogue.DEVICE_REGISTRATION_PRT_USE),
                    kiosk.label().shouldFire());
        }
    }
}
