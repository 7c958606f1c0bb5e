package org.dcwatch.job.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.dcwatch.udfs.event.DeviceRegistrationEvent;
import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.event.SourceFormat;
import org.dcwatch.udfs.parse.AuditOutput;
import org.dcwatch.udfs.parse.DeadLetter;
import org.dcwatch.udfs.parse.ParseOutput;
import org.dcwatch.udfs.parse.SignInParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The generator's device-registration audit records, as the job's parser reads them from the sign-ins' stream: each
 * format's record becomes the registration it describes, and the sign-in that redeems the device's Primary Refresh
 * Token names the device.
 */
class DeviceRegistrationRecordsTest {

    private static final String TENANT = LoadSignIns.TENANT;
    private static final String USER = "0c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d5e";
    private static final String UPN = "anna.o'brien@fabrikam.example";
    private static final Instant AT = Instant.parse("2026-02-20T09:24:02.125Z");
    private static final RegisteredDevice DESKTOP = new RegisteredDevice(
            "3c9e7d51-0a4f-4b2e-8d6c-1f7a9b3e5c20",
            "f4a1c9e2-6b3d-4e58-a0c7-9d2b8e1f6a35",
            "DESKTOP-7Q2K9PL",
            "Windows",
            "10.0.19045.3803",
            RegisteredDevice.Trust.WORKPLACE);
    private static final DeviceRegistrationSpec REGISTER = DeviceRegistrationSpec.registerDevice(
            "Directory_reg-1",
            AT,
            TENANT,
            DESKTOP,
            "6d0f4b2a-7c1e-4f3a-9b8d-2e5c7a1f0d44",
            USER,
            UPN,
            "198.51.100.77",
            "python-requests/2.31.0");
    private static final DeviceRegistrationSpec ADD_DEVICE =
            REGISTER.deviceAdded("Directory_reg-2", AT.plusMillis(110));
    private static final DeviceRegistrationSpec ADD_OWNER = REGISTER.ownerAdded("Directory_reg-3", AT.plusMillis(270));

    /** Sign-ins, registrations, other audit records and dead letters of some messages, as the job's source reads them. */
    private static final class Read implements ParseOutput, AuditOutput {
        final List<SignInEvent> signIns = new ArrayList<>();
        final List<DeviceRegistrationEvent> registrations = new ArrayList<>();
        final List<DeadLetter> deadLetters = new ArrayList<>();
        int skipped;

        static Read of(List<String> messages) {
            Read read = new Read();
            SignInParser parser = new SignInParser();
            messages.forEach(message -> parser.parse(message.getBytes(StandardCharsets.UTF_8), read));
            return read;
        }

        @Override
        public void event(SignInEvent event) {
            signIns.add(event);
        }

        @Override
        public void deviceRegistration(DeviceRegistrationEvent event) {
            registrations.add(event);
        }

        @Override
        public void skipped(String category, String operationName, long eventTime) {
            skipped++;
        }

        @Override
        public void deadLetter(DeadLetter deadLetter) {
            deadLetters.add(deadLetter);
        }
    }

    private static DeviceRegistrationEvent parseOne(String record) {
        Read read = Read.of(List.of(record));
        assertEquals(List.of(), read.deadLetters);
        assertEquals(0, read.skipped);
        assertEquals(1, read.registrations.size(), record);
        return read.registrations.get(0);
    }

    @ParameterizedTest
    @EnumSource(SignInFormat.class)
    void registerDeviceIsTheUsersRegistrationOfTheDeviceWithItsDeviceId(SignInFormat format) {
        DeviceRegistrationEvent event = parseOne(format.render(REGISTER));
        assertEquals(
                format == SignInFormat.LOGANALYTICS ? SourceFormat.LOGANALYTICS : SourceFormat.EVENTHUB,
                event.format());
        assertEquals("Directory_reg-1", event.id());
        assertEquals(TENANT, event.tenantId());
        assertEquals(AT.toEpochMilli(), event.eventTime());
        assertEquals(DeviceRegistrationEvent.REGISTER_DEVICE, event.operationName());
        assertEquals(DeviceRegistrationSpec.DEVICE_REGISTRATION_SERVICE, event.loggedByService());
        assertEquals(USER, event.initiatedByUserId());
        assertEquals(UPN, event.initiatedByUserPrincipalName());
        assertEquals(DESKTOP.objectId(), event.deviceObjectId());
        assertEquals(DESKTOP.deviceId(), event.deviceId());
        assertEquals("DESKTOP-7Q2K9PL", event.deviceDisplayName());
        assertEquals("Windows", event.deviceOs());
        assertEquals("Azure AD register", event.deviceTrustType(), "Register device names the trust in words");
        assertTrue(event.isSuccess());
        assertEquals("6d0f4b2a-7c1e-4f3a-9b8d-2e5c7a1f0d44", event.correlationId());
        assertEquals("python-requests/2.31.0", event.userAgent());
    }

    @ParameterizedTest
    @EnumSource(SignInFormat.class)
    void theDirectorysRecordsAreTheServicesAndSetTheDevicesProperties(SignInFormat format) {
        DeviceRegistrationEvent added = parseOne(format.render(ADD_DEVICE));
        assertEquals(DeviceRegistrationEvent.ADD_DEVICE, added.operationName());
        assertNull(added.initiatedByUserId(), "initiated by the Device Registration Service");
        assertNull(added.deviceId(), "Add device names no device id");
        assertEquals(DESKTOP.objectId(), added.deviceObjectId());
        assertEquals("Workplace", added.deviceTrustType());
        assertEquals("Windows", added.deviceOs());
        assertEquals("10.0.19045.3803", added.deviceOsVersion());
        assertEquals("DESKTOP-7Q2K9PL", added.deviceDisplayName());
        assertEquals(DeviceRegistrationSpec.CORE_DIRECTORY, added.loggedByService());

        DeviceRegistrationEvent owner = parseOne(format.render(ADD_OWNER));
        assertEquals(DeviceRegistrationEvent.ADD_REGISTERED_OWNER, owner.operationName());
        assertNull(owner.initiatedByUserId());
        assertEquals(DESKTOP.objectId(), owner.deviceObjectId(), "the device target, not the owner before it");
        assertEquals(ADD_OWNER.time().toEpochMilli(), owner.eventTime());
    }

    @Test
    void aFailedRegistrationSaysSo() {
        DeviceRegistrationSpec failed = DeviceRegistrationSpec.registerDevice(
                        "Directory_reg-4", AT, TENANT, DESKTOP, "c-2", USER, UPN, "198.51.100.77", "node")
                .failed();
        assertEquals("failure", parseOne(EventHubAuditRecord.render(failed)).result());
        assertEquals("failure", parseOne(LogAnalyticsAuditRow.render(failed)).result());
    }

    @ParameterizedTest
    @EnumSource(SignInFormat.class)
    void thePrimaryRefreshTokenSignInNamesTheRegisteredDevice(SignInFormat format) {
        SignInSpec prt = new SignInSpec("prt-1", AT.plusSeconds(300))
                .user(TENANT, USER, UPN, "Anna")
                .network("198.51.100.77", 14061, "NL", "Amsterdam")
                .tokenRefresh()
                .userAgent("python-requests/2.31.0")
                .unknownDevice()
                .primaryRefreshToken(DESKTOP.deviceId(), DESKTOP.trust().signInValue());
        Read read = Read.of(List.of(format.render(prt)));
        assertEquals(List.of(), read.deadLetters);
        SignInEvent signIn = read.signIns.get(0);
        assertEquals(SignInSpec.PRIMARY_REFRESH_TOKEN, signIn.incomingTokenType());
        assertEquals(DESKTOP.deviceId(), signIn.deviceId());
        assertEquals("Azure AD registered", signIn.deviceTrustType());
        assertEquals(Boolean.FALSE, signIn.deviceManaged());
        assertEquals(Boolean.FALSE, signIn.deviceCompliant());
    }

    @ParameterizedTest
    @EnumSource(SignInFormat.class)
    void aDeviceCanBeManagedAndStillFailCompliance(SignInFormat format) {
        SignInSpec managedNotCompliant = new SignInSpec("prt-2", AT.plusSeconds(300))
                .user(TENANT, USER, UPN, "Anna")
                .network("20.50.2.9", 8075, "DE", "Frankfurt")
                .tokenRefresh()
                .primaryRefreshToken(DESKTOP.deviceId(), "Azure AD joined")
                .deviceState(true, false);
        SignInEvent signIn =
                Read.of(List.of(format.render(managedNotCompliant))).signIns.get(0);
        assertEquals(Boolean.TRUE, signIn.deviceManaged());
        assertEquals(Boolean.FALSE, signIn.deviceCompliant());
        assertEquals("Azure AD joined", signIn.deviceTrustType());
    }

    @Test
    void anEnvelopeCarriesSignInsAndAuditRecordsInTheOrderTheyAreAdded() throws IOException {
        SignInSpec before = new SignInSpec("s-1", AT.minusSeconds(600))
                .user(TENANT, USER, UPN, "Anna")
                .network("79.200.1.2", 3320, "DE", "Berlin")
                .deviceCode(true);
        StringWriter out = new StringWriter();
        try (SignInMessages messages = new SignInMessages(SignInFormat.EVENTHUB, 10, MessageTarget.lines(out))) {
            for (GeneratedRecord record : List.of(before, REGISTER, ADD_DEVICE, ADD_OWNER)) messages.add(record);
            assertEquals(4, messages.records());
        }
        List<String> lines = out.toString().lines().toList();
        assertEquals(1, lines.size(), "one hub, one envelope");
        Read read = Read.of(lines);
        assertEquals(List.of(), read.deadLetters);
        assertEquals(List.of("s-1"), read.signIns.stream().map(SignInEvent::id).toList());
        assertEquals(
                List.of("Directory_reg-1", "Directory_reg-2", "Directory_reg-3"),
                read.registrations.stream().map(DeviceRegistrationEvent::id).toList());
    }
}
