package org.dcwatch.udfs.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dcwatch.udfs.event.DeviceRegistrationEvent;
import org.dcwatch.udfs.event.TextBounds;
import org.dcwatch.udfs.parse.AuditParseResult.SkippedOperation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A device registration that lacks what its event needs is a dead letter naming the field; a record of another
 * operation is skipped, however incomplete; and nothing escapes as an exception.
 */
class AuditLogParserMalformedInputTest {

    private static final String DEVICE_TARGET =
            "{\"id\":\"dev-1\",\"displayName\":\"PC-1\",\"type\":\"Device\",\"modifiedProperties\":[]}";

    private final AuditLogParser parser = new AuditLogParser();

    /** An Event Hub record of {@code operation} whose envelope and properties are the given members. */
    private static String record(String envelope, String properties) {
        return "{\"category\":\"AuditLogs\"" + (envelope.isEmpty() ? "" : "," + envelope) + ",\"properties\":{"
                + properties + "}}";
    }

    private static String registration(String envelope, String properties) {
        return record(
                envelope,
                "\"activityDisplayName\":\"Add device\",\"activityDateTime\":\"2026-03-04T09:21:48Z\"" + properties);
    }

    private static String withTargets(String targets) {
        return registration("\"tenantId\":\"t1\"", ",\"targetResources\":[" + targets + "]");
    }

    static Stream<Arguments> malformedRegistrations() {
        return Stream.of(
                Arguments.of(
                        "no tenant",
                        registration("", ",\"targetResources\":[" + DEVICE_TARGET + "]"),
                        DeadLetterReason.NO_TENANT,
                        "without tenantId, AADTenantId or a resourceId"),
                Arguments.of(
                        "no time",
                        record(
                                "\"tenantId\":\"t1\"",
                                "\"activityDisplayName\":\"Register device\",\"targetResources\":[" + DEVICE_TARGET
                                        + "]"),
                        DeadLetterReason.NO_TIME,
                        "neither activityDateTime nor time"),
                Arguments.of(
                        "unparseable time",
                        record(
                                "\"tenantId\":\"t1\"",
                                "\"activityDisplayName\":\"Register device\",\"activityDateTime\":\"soon\","
                                        + "\"targetResources\":[" + DEVICE_TARGET + "]"),
                        DeadLetterReason.UNPARSEABLE_TIME,
                        "activityDateTime=\"soon\""),
                Arguments.of(
                        "no targets",
                        registration("\"tenantId\":\"t1\"", ""),
                        DeadLetterReason.NO_DEVICE,
                        "Add device record without targetResources"),
                Arguments.of(
                        "no device among the targets",
                        withTargets("{\"id\":\"u1\",\"type\":\"User\"}"),
                        DeadLetterReason.NO_DEVICE,
                        "without a targetResources entry of type Device"),
                Arguments.of(
                        "a device without an id",
                        withTargets("{\"id\":\"u1\",\"type\":\"User\"},{\"displayName\":\"PC-1\",\"type\":\"Device\"}"),
                        DeadLetterReason.NO_DEVICE,
                        "targetResources[1] (the device) has no id"),
                Arguments.of(
                        "broken quoted JSON in a device property",
                        withTargets("{\"id\":\"dev-1\",\"type\":\"Device\",\"modifiedProperties\":["
                                + "{\"displayName\":\"DeviceOSType\",\"newValue\":\"[\\\"Windows\"}]}"),
                        DeadLetterReason.INVALID_FIELD,
                        "targetResources[0].modifiedProperties \"DeviceOSType\" newValue is not valid JSON"),
                Arguments.of(
                        "targets as broken JSON text",
                        registration("\"tenantId\":\"t1\"", ",\"targetResources\":\"[{\\\"id\\\":\""),
                        DeadLetterReason.NO_DEVICE,
                        "targetResources holds text that is not valid JSON"),
                Arguments.of(
                        "targets as an object",
                        registration("\"tenantId\":\"t1\"", ",\"targetResources\":" + DEVICE_TARGET),
                        DeadLetterReason.NO_DEVICE,
                        "targetResources is a JSON object"),
                Arguments.of(
                        "a sign-in on the audit stream",
                        "{\"category\":\"SignInLogs\",\"time\":\"2026-03-04T09:16:20Z\",\"properties\":{\"userId\":\"u1\"}}",
                        DeadLetterReason.NOT_AN_AUDIT_LOG,
                        "category \"SignInLogs\""),
                Arguments.of(
                        "a Log Analytics row of another table",
                        "{\"Type\":\"SigninLogs\",\"OperationName\":\"Sign-in activity\"}",
                        DeadLetterReason.NOT_AN_AUDIT_LOG,
                        "category \"SigninLogs\""),
                Arguments.of(
                        "no operation",
                        record("\"tenantId\":\"t1\"", "\"activityDateTime\":\"2026-03-04T09:21:48Z\""),
                        DeadLetterReason.NO_OPERATION,
                        "neither activityDisplayName nor operationName"),
                Arguments.of("an empty object", "{}", DeadLetterReason.NO_OPERATION, "neither activityDisplayName"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedRegistrations")
    void isADeadLetterNamingTheField(String name, String message, DeadLetterReason reason, String detail) {
        AuditParseResult result = parser.parse(message);

        assertEquals(List.of(), result.events());
        assertEquals(Map.of(), result.skipped());
        assertEquals(1, result.deadLetters().size());
        DeadLetter deadLetter = result.deadLetters().get(0);
        assertEquals(reason, deadLetter.reason(), deadLetter.detail());
        assertTrue(deadLetter.detail().contains(detail), deadLetter.detail());
        assertEquals(0, deadLetter.recordIndex());
        assertEquals(message, deadLetter.raw());
    }

    static Stream<Arguments> malformedMessages() {
        return Stream.of(
                Arguments.of("", DeadLetterReason.EMPTY_MESSAGE),
                Arguments.of("{\"records\":[{\"category\":\"AuditLogs\"", DeadLetterReason.MALFORMED_JSON),
                Arguments.of("42", DeadLetterReason.NOT_AN_OBJECT),
                Arguments.of("{\"records\":{}}", DeadLetterReason.RECORDS_NOT_AN_ARRAY),
                Arguments.of("{\"records\":[\"AuditLogs\"]}", DeadLetterReason.RECORD_NOT_AN_OBJECT),
                Arguments.of("{} {}", DeadLetterReason.TRAILING_CONTENT),
                Arguments.of("[".repeat(100) + "]".repeat(100), DeadLetterReason.TOO_DEEPLY_NESTED));
    }

    @ParameterizedTest
    @MethodSource("malformedMessages")
    void aBrokenMessageIsADeadLetter(String message, DeadLetterReason reason) {
        List<DeadLetter> deadLetters = parser.parse(message).deadLetters();
        assertEquals(reason, deadLetters.get(deadLetters.size() - 1).reason(), deadLetters.toString());
    }

    @Test
    void aMessageAboveTheLimitIsNotParsed() {
        AuditLogParser small = new AuditLogParser(null, null, 64, 100);
        DeadLetter deadLetter =
                small.parse(withTargets(DEVICE_TARGET).repeat(3)).deadLetters().get(0);
        assertEquals(DeadLetterReason.TOO_LARGE, deadLetter.reason());
        assertTrue(deadLetter.truncated());
    }

    @Test
    void recordsBeforeABreakAreStillRead() {
        AuditParseResult result = parser.parse("{\"records\":[" + withTargets(DEVICE_TARGET) + ",{\"category\":");
        assertEquals(1, result.events().size());
        assertEquals(
                DeadLetterReason.MALFORMED_JSON, result.deadLetters().get(0).reason());
    }

    @Test
    void anIncompleteRecordOfAnotherOperationIsSkippedNotADeadLetter() {
        AuditParseResult result = parser.parse("["
                + record("", "\"category\":\"UserManagement\",\"activityDisplayName\":\"Update user\"") + ","
                + record("", "\"activityDisplayName\":\"Update user\",\"targetResources\":\"{broken\"") + ","
                + "{\"Type\":\"AuditLogs\",\"Category\":\"Device\",\"OperationName\":\"Delete device\"}]");

        assertEquals(List.of(), result.deadLetters());
        assertEquals(
                Map.of(
                        new SkippedOperation("UserManagement", "Update user"), 1,
                        new SkippedOperation(null, "Update user"), 1,
                        new SkippedOperation("Device", "Delete device"), 1),
                result.skipped());
    }

    @Test
    void modifiedPropertiesAreFoundByNameInAnyOrder() {
        String target = "{\"modifiedProperties\":["
                + "{\"newValue\":\"[\\\"10.0.22631.3447\\\"]\",\"oldValue\":\"[]\",\"displayName\":\"DeviceOSVersion\"},"
                + "{\"displayName\":\"Included Updated Properties\",\"newValue\":\"\\\"DeviceOSType\\\"\"},"
                + "{\"oldValue\":null,\"newValue\":\"\\\"Windows\\\"\",\"displayName\":\"DeviceOSType\"},"
                + "{\"displayName\":\"DeviceTrustType\",\"newValue\":\"AzureAd\"},"
                + "{\"displayName\":\"CloudDisplayName\",\"newValue\":[\"PC-CLOUD\"]}],"
                + "\"type\":\"Device\",\"id\":\"dev-1\"}";

        DeviceRegistrationEvent event =
                parser.parse(withTargets(target)).events().get(0);

        assertEquals("dev-1", event.deviceObjectId());
        assertEquals("Windows", event.deviceOs(), "a quoted string");
        assertEquals("10.0.22631.3447", event.deviceOsVersion(), "a list of one, its name after its value");
        assertEquals("AzureAd", event.deviceTrustType(), "plain text");
        assertEquals("PC-CLOUD", event.deviceDisplayName(), "a JSON array, not text, and no displayName on the target");
    }

    @Test
    void aCloudServicesPropertyWinsOverTheRegistrationServices() {
        String target = "{\"id\":\"dev-1\",\"type\":\"Device\",\"modifiedProperties\":["
                + "{\"displayName\":\"CloudDeviceOSType\",\"newValue\":\"[\\\"IPad\\\"]\"},"
                + "{\"displayName\":\"DeviceOSType\",\"newValue\":\"[\\\"iOS\\\"]\"}]}";
        assertEquals("IPad", parser.parse(withTargets(target)).events().get(0).deviceOs());
    }

    @Test
    void theLastTargetResourcesWins() {
        String message = registration(
                "\"tenantId\":\"t1\"",
                ",\"targetResources\":[" + DEVICE_TARGET
                        + "],\"targetResources\":[{\"id\":\"dev-2\",\"type\":\"Device\"}]");
        assertEquals("dev-2", parser.parse(message).events().get(0).deviceObjectId());
    }

    @Test
    void aTargetWithoutATypeIsTheDevice() {
        DeviceRegistrationEvent event =
                parser.parse(withTargets("{\"id\":\"dev-1\"}")).events().get(0);
        assertEquals("dev-1", event.deviceObjectId());
    }

    @Test
    void theTenantMayComeFromTheResourceId() {
        String message = registration(
                "\"resourceId\":\"/tenants/c7f1e3ce-ba66-40a7-91bd-9594b36223fc/providers/Microsoft.aadiam\"",
                ",\"targetResources\":[" + DEVICE_TARGET + "]");
        assertEquals(
                "c7f1e3ce-ba66-40a7-91bd-9594b36223fc",
                parser.parse(message).events().get(0).tenantId());
    }

    @Test
    void aRecordWithoutAnIdHasOneDerivedFromItsBytes() {
        String message = withTargets(DEVICE_TARGET);
        String id = parser.parse(message).events().get(0).id();
        assertTrue(id.startsWith(RecordFields.DERIVED_ID_PREFIX), id);
        assertEquals(id, new AuditLogParser().parse(message).events().get(0).id(), "the same bytes, the same id");
        String other =
                parser.parse(message.replace("PC-1", "PC-2")).events().get(0).id();
        assertTrue(!id.equals(other), "other bytes, another id");
    }

    @Test
    void hugeValuesAreBounded() {
        String huge = "x".repeat(100_000);
        String target = "{\"id\":\"" + huge + "\",\"displayName\":\"" + huge + "\",\"type\":\"Device\","
                + "\"modifiedProperties\":[{\"displayName\":\"DeviceOSType\",\"newValue\":\"[\\\"" + huge
                + "\\\"]\"}]}";
        String message = registration(
                "\"tenantId\":\"" + huge + "\"",
                ",\"correlationId\":\"" + huge + "\",\"initiatedBy\":{\"user\":{\"userPrincipalName\":\"" + huge
                        + "\"}},\"additionalDetails\":[{\"key\":\"User-Agent\",\"value\":\"" + huge + "\"}],"
                        + "\"targetResources\":[" + target + "]");

        DeviceRegistrationEvent event = parser.parse(message).events().get(0);

        for (String text : List.of(
                event.tenantId(),
                event.deviceObjectId(),
                event.deviceDisplayName(),
                event.deviceOs(),
                event.correlationId(),
                event.initiatedByUserPrincipalName())) {
            assertEquals(TextBounds.MAX_TEXT, text.length());
            assertTrue(TextBounds.isCut(text));
        }
        assertEquals(TextBounds.MAX_USER_AGENT, event.userAgent().length());
    }

    @Test
    void aHugeSkippedOperationNameIsBounded() {
        String operation = "Update user " + "y".repeat(10_000);
        AuditParseResult result = parser.parse(record("", "\"activityDisplayName\":\"" + operation + "\""));
        String skipped = result.skipped().keySet().iterator().next().operationName();
        assertEquals(TextBounds.MAX_TEXT, skipped.length());
    }

    @Test
    void anInitiatingAppLeavesTheUserEmpty() {
        String message = registration(
                "\"tenantId\":\"t1\"",
                ",\"initiatedBy\":{\"app\":{\"displayName\":\"Device Registration Service\",\"id\":\"app-1\"}},"
                        + "\"targetResources\":[" + DEVICE_TARGET + "]");
        DeviceRegistrationEvent event = parser.parse(message).events().get(0);
        assertNull(event.initiatedByUserId());
        assertNull(event.initiatedByUserPrincipalName());
    }

    @Test
    void theOperationIsMatchedWhateverItsCase() {
        String message = record(
                "\"tenantId\":\"t1\"",
                "\"activityDisplayName\":\"REGISTER DEVICE\",\"activityDateTime\":\"2026-03-04T09:21:48Z\","
                        + "\"result\":\"Failure\",\"targetResources\":[" + DEVICE_TARGET + "]");
        DeviceRegistrationEvent event = parser.parse(message).events().get(0);
        assertEquals(DeviceRegistrationEvent.REGISTER_DEVICE, event.operationName());
        assertEquals("failure", event.result());
        assertTrue(!event.isSuccess());
    }
}
