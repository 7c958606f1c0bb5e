package org.dcwatch.udfs.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.dcwatch.udfs.event.DeviceRegistrationEvent;
import org.dcwatch.udfs.event.SourceFormat;
import org.dcwatch.udfs.parse.AuditParseResult.SkippedOperation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The audit records of fixtures/auditlogs: real ones from Elastic's tests, and device registrations written here. */
class AuditLogParserFixturesTest {

    private static final String TENANT = "7f1e5a0c-3b7d-4c61-9a55-2f0e6d1c9b10";
    private static final String USER = "a1b2c3d4-1111-4222-8333-944455556666";
    private static final String DEVICE = "3c9e7d51-0a4f-4b2e-8d6c-1f7a9b3e5c20";
    private static final String CORRELATION = "6d0f4b2a-7c1e-4f3a-9b8d-2e5c7a1f0d44";

    private final AuditLogParser parser = new AuditLogParser();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "test-auditlogs.log",
                "test-auditlogs-raw.log",
                "test-auditlogs-result-reason.log",
                "test-audit-logs-tenant-from-resource-id.log"
            })
    void everyRealRecordIsReadAndSkippedWithoutADeadLetter(String file) {
        List<String> lines = Fixtures.lines("fixtures/auditlogs/" + file);
        int skipped = 0;
        for (String line : lines) {
            AuditParseResult result = parser.parse(line);
            assertEquals(List.of(), result.deadLetters(), line);
            assertEquals(List.of(), result.events(), "none of Elastic's audit fixtures is a device registration");
            skipped += result.skipped().values().stream()
                    .mapToInt(Integer::intValue)
                    .sum();
        }
        assertEquals(lines.size(), skipped);
    }

    @Test
    void realRecordsAreCountedPerCategoryAndOperation() {
        AuditParseResult result = new AuditParseResult();
        for (String file :
                List.of("test-auditlogs.log", "test-auditlogs-raw.log", "test-auditlogs-result-reason.log")) {
            for (String line : Fixtures.lines("fixtures/auditlogs/" + file)) {
                parser.parse(line.getBytes(StandardCharsets.UTF_8), result);
            }
        }
        assertEquals(
                Map.of(
                        new SkippedOperation("Device", "Update device"), 4,
                        new SkippedOperation("ApplicationManagement", "Add member to role"), 1),
                result.skipped());
    }

    @Test
    void readsTheDeviceRegistrationsOfAnEventHubEnvelope() {
        AuditParseResult result =
                parser.parse(Fixtures.text("fixtures/auditlogs/written-eventhub-device-registrations.json"));

        assertEquals(List.of(), result.deadLetters());
        assertEquals(Map.of(new SkippedOperation("UserManagement", "Update user"), 1), result.skipped());
        assertEquals(
                DeviceRegistrationEvent.OPERATIONS,
                result.events().stream()
                        .map(DeviceRegistrationEvent::operationName)
                        .toList());
        for (DeviceRegistrationEvent event : result.events()) {
            assertEquals(TENANT, event.tenantId());
            assertEquals(DEVICE, event.deviceObjectId(), "the target of type Device, wherever it is in the list");
            assertEquals("DESKTOP-7Q2K9PL", event.deviceDisplayName());
            assertEquals(CORRELATION, event.correlationId());
            assertEquals(SourceFormat.EVENTHUB, event.format());
            assertTrue(event.isSuccess());
        }
    }

    @Test
    void registerDeviceFieldByField() {
        DeviceRegistrationEvent register = parser.parse(
                        Fixtures.text("fixtures/auditlogs/written-eventhub-device-registrations.json"))
                .events()
                .get(0);

        assertEquals(
                new DeviceRegistrationEvent(
                        "Directory_6d0f4b2a-7c1e-4f3a-9b8d-2e5c7a1f0d44_QX3TM_41785520",
                        TENANT,
                        EntraTime.parseMillis("2026-03-04T09:21:47.902Z"),
                        EntraTime.parseMillis("2026-03-04T09:21:48.135Z"),
                        DeviceRegistrationEvent.REGISTER_DEVICE,
                        "Device Registration Service",
                        USER,
                        "AlexW@contoso.example",
                        DEVICE,
                        "f4a1c9e2-6b3d-4e58-a0c7-9d2b8e1f6a35",
                        "DESKTOP-7Q2K9PL",
                        "Windows",
                        null,
                        "Azure AD register",
                        "success",
                        CORRELATION,
                        "Dsreg/10.0 (Windows 10.0.19045.3803)",
                        SourceFormat.EVENTHUB),
                register);
    }

    @Test
    void addDeviceReadsTheModifiedPropertiesByName() {
        DeviceRegistrationEvent add = parser.parse(
                        Fixtures.text("fixtures/auditlogs/written-eventhub-device-registrations.json"))
                .events()
                .get(1);

        assertEquals(DeviceRegistrationEvent.ADD_DEVICE, add.operationName());
        assertEquals("Core Directory", add.loggedByService());
        assertNull(add.initiatedByUserId(), "initiated by the Device Registration Service app, not a user");
        assertNull(add.initiatedByUserPrincipalName());
        assertNull(add.deviceId(), "only Register device names the device id");
        assertEquals("Windows", add.deviceOs());
        assertEquals("10.0.19045.3803", add.deviceOsVersion());
        assertEquals("Workplace", add.deviceTrustType());
        assertEquals("Microsoft.OData.Client/7.12.5", add.userAgent());
    }

    @Test
    void readsLogAnalyticsRowsWithDetailsAsJsonTextOrObjects() {
        List<String> rows = Fixtures.lines("fixtures/auditlogs/written-loganalytics-auditlogs-rows.jsonl");
        DeviceRegistrationEvent register = single(parser.parse(rows.get(0)));
        DeviceRegistrationEvent add = single(parser.parse(rows.get(1)));

        assertEquals(SourceFormat.LOGANALYTICS, register.format());
        assertEquals(TENANT, register.tenantId(), "AADTenantId, not the workspace's TenantId");
        assertEquals(DeviceRegistrationEvent.REGISTER_DEVICE, register.operationName());
        assertEquals(EntraTime.parseMillis("2026-03-04T09:21:47.902Z"), register.eventTime());
        assertEquals(EntraTime.parseMillis("2026-03-04T09:23:10Z"), register.ingestTime());
        assertEquals(USER, register.initiatedByUserId());
        assertEquals("AlexW@contoso.example", register.initiatedByUserPrincipalName());
        assertEquals(DEVICE, register.deviceObjectId());
        assertEquals("f4a1c9e2-6b3d-4e58-a0c7-9d2b8e1f6a35", register.deviceId());
        assertEquals("Windows", register.deviceOs());
        assertEquals("Azure AD register", register.deviceTrustType());
        assertEquals("Dsreg/10.0 (Windows 10.0.19045.3803)", register.userAgent());
        assertEquals("Directory_6d0f4b2a-7c1e-4f3a-9b8d-2e5c7a1f0d44_QX3TM_41785520", register.id());

        assertEquals(SourceFormat.LOGANALYTICS, add.format());
        assertEquals("Windows", add.deviceOs());
        assertEquals("10.0.19045.3803", add.deviceOsVersion());
        assertEquals("Workplace", add.deviceTrustType());
        assertEquals("DESKTOP-7Q2K9PL", add.deviceDisplayName());
    }

    @Test
    void aGraphDirectoryAuditTakesItsTenantFromTheParser() {
        String audit = Fixtures.text("fixtures/auditlogs/written-graph-directoryaudit.json");

        AuditParseResult withoutTenant = parser.parse(audit);
        assertEquals(List.of(), withoutTenant.events());
        assertEquals(
                DeadLetterReason.NO_TENANT, withoutTenant.deadLetters().get(0).reason());

        AuditLogParser graph = new AuditLogParser(SourceFormat.GRAPH, TENANT, DeadLetter.DEFAULT_RAW_LIMIT, 1 << 20);
        DeviceRegistrationEvent add = single(graph.parse(audit));
        assertEquals(SourceFormat.GRAPH, add.format());
        assertEquals(TENANT, add.tenantId());
        assertEquals(DeviceRegistrationEvent.ADD_DEVICE, add.operationName());
        assertEquals(DEVICE, add.deviceObjectId());
        assertEquals("Windows", add.deviceOs());
        assertEquals("Workplace", add.deviceTrustType());
        assertEquals(0L, add.ingestTime(), "a directoryAudit has no log time");
    }

    @Test
    void aForcedFormatRefusesTheOthers() {
        AuditLogParser graph = new AuditLogParser(SourceFormat.GRAPH, TENANT, DeadLetter.DEFAULT_RAW_LIMIT, 1 << 20);
        AuditParseResult result =
                graph.parse(Fixtures.lines("fixtures/auditlogs/written-loganalytics-auditlogs-rows.jsonl")
                        .get(0));
        assertEquals(
                DeadLetterReason.FORMAT_MISMATCH, result.deadLetters().get(0).reason());
    }

    private static DeviceRegistrationEvent single(AuditParseResult result) {
        assertEquals(List.of(), result.deadLetters());
        assertEquals(1, result.events().size());
        return result.events().get(0);
    }
}
