package org.dcwatch.udfs.parse;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import org.dcwatch.udfs.event.DeviceRegistrationEvent;
import org.dcwatch.udfs.event.SourceFormat;
import org.dcwatch.udfs.event.TextBounds;

/**
 * The values kept from one audit record while it is read, and the rules that turn them into a
 * {@link DeviceRegistrationEvent}, a skip or a dead letter.
 *
 * <p>Reused from record to record ({@link #clear}). As for sign-ins ({@link RecordFields}), values of the record itself
 * (Event Hub {@code properties}) win over the envelope's, and within one level the last value wins, an empty or null
 * one too. Every text is bounded when it is kept.
 */
final class AuditRecordFields {

    /** The plain values of a record: the envelope's and the directoryAudit's. */
    enum Value {
        ID,
        AAD_TENANT_ID,
        TENANT_ID,
        RESOURCE_ID,
        TIME,
        ACTIVITY_TIME,
        OPERATION_NAME,
        ACTIVITY_DISPLAY_NAME,
        /** The log category at the envelope (AuditLogs), the audit category (Device...) in the record. */
        CATEGORY,
        /** Log Analytics' table name. */
        TYPE,
        LOGGED_BY_SERVICE,
        RESULT,
        CORRELATION_ID,
        USER_AGENT,
        INITIATOR_USER_ID,
        INITIATOR_USER_PRINCIPAL_NAME,
        /** additionalDetails' "User-Agent": wins over a userAgent field. */
        DETAILS_USER_AGENT,
        /** additionalDetails' "Device Id": the device id sign-ins carry in deviceDetail, not the object id. */
        DETAILS_DEVICE_ID,
        /** additionalDetails' "Device OS", as "Register device" records carry it: modifiedProperties win. */
        DETAILS_DEVICE_OS,
        DETAILS_DEVICE_TRUST_TYPE
    }

    /** What a record turned out to be. */
    enum Outcome {
        DEVICE_REGISTRATION,
        SKIPPED,
        FAILED
    }

    private static final Value[] VALUES = Value.values();

    private final String[] envelope = new String[VALUES.length];
    private final String[] record = new String[VALUES.length];

    /** The first target of type Device, and the first target at all (a device when no target says its type). */
    DeviceTarget device;

    DeviceTarget firstTarget;

    boolean sawProperties;
    boolean sawPascalCase;
    /** A known key whose value had the wrong JSON type or broken embedded JSON, to explain a record that then fails. */
    String shapeProblem;

    /** What {@link #classify} found. */
    DeviceRegistrationEvent event;

    String skippedCategory;
    String skippedOperation;
    /** The skipped record's event time, or {@link EntraTime#NOT_A_TIME} when it may not move event time. */
    long skippedEventTime;

    DeadLetterReason failure;
    String failureDetail;

    /** How far activityDateTime may be after the record's own time, in milliseconds; set for each record. */
    long maxTimeAhead = Long.MAX_VALUE;
    /** The latest event time accepted, in epoch milliseconds; Long.MAX_VALUE for any. Set for each record. */
    long notAfter = Long.MAX_VALUE;

    private final DerivedIds derivedIds = new DerivedIds();

    void clear() {
        Arrays.fill(envelope, null);
        Arrays.fill(record, null);
        device = null;
        firstTarget = null;
        sawProperties = false;
        sawPascalCase = false;
        shapeProblem = null;
        event = null;
        skippedCategory = null;
        skippedOperation = null;
        skippedEventTime = EntraTime.NOT_A_TIME;
        failure = null;
        failureDetail = null;
    }

    void put(boolean recordLevel, Value value, String text) {
        String kept = text == null || text.isEmpty() ? null : bounded(value, text);
        (recordLevel ? record : envelope)[value.ordinal()] = kept;
    }

    String get(Value value) {
        String own = record[value.ordinal()];
        return own != null ? own : envelope[value.ordinal()];
    }

    void shapeProblem(String problem) {
        if (shapeProblem == null) shapeProblem = problem;
    }

    /** Offers a target read whole from targetResources. */
    void target(DeviceTarget target) {
        if (firstTarget == null) firstTarget = target;
        if (device == null && "device".equalsIgnoreCase(target.type)) device = target;
    }

    SourceFormat detectedFormat() {
        if (sawProperties) return SourceFormat.EVENTHUB;
        if (sawPascalCase || envelope[Value.TYPE.ordinal()] != null) return SourceFormat.LOGANALYTICS;
        return SourceFormat.GRAPH;
    }

    /**
     * Decides what the record at {@code message[start..end)} is, setting {@link #event}, the skipped category and
     * operation, or {@link #failure} and {@link #failureDetail}.
     *
     * @param tenantWhenAbsent the tenant of records that name none (Graph's directoryAudit does not), or null
     */
    Outcome classify(SourceFormat forcedFormat, String tenantWhenAbsent, byte[] message, int start, int end) {
        SourceFormat format = detectedFormat();
        if (forcedFormat != null && forcedFormat != format) {
            return fail(
                    DeadLetterReason.FORMAT_MISMATCH,
                    "forced format " + forcedFormat.cliName() + " but the record looks like " + format.cliName());
        }
        String logCategory = logCategory();
        String auditCategory = auditCategory();
        if (logCategory != null && !DeviceRegistrationEvent.AUDIT_LOGS.equalsIgnoreCase(logCategory)) {
            return fail(DeadLetterReason.NOT_AN_AUDIT_LOG, "category " + quote(logCategory));
        }

        String operationText = firstOf(Value.ACTIVITY_DISPLAY_NAME, Value.OPERATION_NAME);
        if (operationText == null) {
            return fail(DeadLetterReason.NO_OPERATION, "neither activityDisplayName nor operationName is present");
        }
        String operation = DeviceRegistrationEvent.operation(operationText);
        if (operation == null) {
            skippedCategory = auditCategory;
            skippedOperation = operationText;
            // a skipped record moves event time as a registration does, so that a hub of other operations alone does
            // not hold every rule back; one whose time is missing or out of bounds is still skipped, not a dead
            // letter (no rule reads it), but it moves nothing
            skippedEventTime = eventTime(operationText);
            failure = null;
            failureDetail = null;
            return Outcome.SKIPPED;
        }

        long eventTime = eventTime(operation);
        if (eventTime == EntraTime.NOT_A_TIME) return Outcome.FAILED;
        long ingest = EntraTime.parseMillis(get(Value.TIME));

        String tenant = firstOf(Value.AAD_TENANT_ID, Value.TENANT_ID);
        if (tenant == null) tenant = tenantOfResource(get(Value.RESOURCE_ID));
        if (tenant == null) tenant = tenantWhenAbsent;
        if (tenant == null) {
            return fail(
                    DeadLetterReason.NO_TENANT,
                    operation + " record without tenantId, AADTenantId or a resourceId under /tenants/"
                            + (format == SourceFormat.GRAPH
                                    ? " (a Graph directoryAudit names no tenant: stream the audit log through its"
                                            + " event hub instead)"
                                    : ""));
        }

        DeviceTarget target = device;
        if (target == null && firstTarget != null && firstTarget.type == null) target = firstTarget;
        if (target == null) {
            return fail(
                    DeadLetterReason.NO_DEVICE,
                    firstTarget == null
                            ? operation + " record without targetResources"
                            : operation + " record without a targetResources entry of type Device");
        }
        if (target.id == null) {
            return fail(DeadLetterReason.NO_DEVICE, "targetResources[" + target.index + "] (the device) has no id");
        }
        if (target.problem != null) return fail(DeadLetterReason.INVALID_FIELD, target.problem);

        String id = get(Value.ID);
        String result = get(Value.RESULT);
        event = new DeviceRegistrationEvent(
                id != null && !id.isBlank() ? id : derivedIds.of(message, start, end),
                tenant,
                eventTime,
                ingest == EntraTime.NOT_A_TIME ? 0L : ingest,
                operation,
                get(Value.LOGGED_BY_SERVICE),
                get(Value.INITIATOR_USER_ID),
                get(Value.INITIATOR_USER_PRINCIPAL_NAME),
                target.id,
                get(Value.DETAILS_DEVICE_ID),
                target.displayName(),
                orElse(target.os(), get(Value.DETAILS_DEVICE_OS)),
                target.osVersion(),
                orElse(target.trustType(), get(Value.DETAILS_DEVICE_TRUST_TYPE)),
                result == null ? null : result.toLowerCase(Locale.ROOT),
                get(Value.CORRELATION_ID),
                firstOf(Value.DETAILS_USER_AGENT, Value.USER_AGENT),
                format);
        return Outcome.DEVICE_REGISTRATION;
    }

    /**
     * The record's event time: activityDateTime, else time; {@link EntraTime#NOT_A_TIME}, with {@link #failure} set,
     * when neither can be read or it is later than the bounds allow. The guard of a sign-in's createdDateTime
     * ({@link RecordFields}), because whatever this returns may move event time.
     */
    private long eventTime(String operation) {
        String activityText = get(Value.ACTIVITY_TIME);
        String timeText = get(Value.TIME);
        long activity = EntraTime.parseMillis(activityText);
        long ingest = EntraTime.parseMillis(timeText);
        long eventTime = activity != EntraTime.NOT_A_TIME ? activity : ingest;
        if (eventTime == EntraTime.NOT_A_TIME) {
            if (activityText == null && timeText == null) {
                return failTime(DeadLetterReason.NO_TIME, operation + " record with neither activityDateTime nor time");
            }
            return failTime(
                    DeadLetterReason.UNPARSEABLE_TIME,
                    "activityDateTime=" + quote(activityText) + ", time=" + quote(timeText));
        }
        if (activity - ingest > maxTimeAhead && activity != EntraTime.NOT_A_TIME && ingest != EntraTime.NOT_A_TIME) {
            return failTime(
                    DeadLetterReason.FUTURE_TIME,
                    "activityDateTime " + Instant.ofEpochMilli(activity) + " is " + RecordFields.span(activity - ingest)
                            + " ahead of time " + Instant.ofEpochMilli(ingest) + " (at most "
                            + RecordFields.span(maxTimeAhead) + " allowed)");
        }
        if (eventTime > notAfter) {
            return failTime(
                    DeadLetterReason.FUTURE_TIME,
                    (activity != EntraTime.NOT_A_TIME ? "activityDateTime " : "time ") + Instant.ofEpochMilli(eventTime)
                            + " is after " + Instant.ofEpochMilli(notAfter)
                            + ", the latest time this stream makes plausible");
        }

        return eventTime;
    }

    private long failTime(DeadLetterReason reason, String detail) {
        fail(reason, detail);
        return EntraTime.NOT_A_TIME;
    }

    /** Whether the record names the audit log as its log category: not a Graph directoryAudit, which names none. */
    boolean namesAuditLog() {
        return DeviceRegistrationEvent.AUDIT_LOGS.equalsIgnoreCase(logCategory()) || isGraphDirectoryAudit();
    }

    /**
     * A Graph {@code directoryAudit}: it names no log, but no sign-in has an activity's display name, the service that
     * logged it and its activity time side by side.
     */
    private boolean isGraphDirectoryAudit() {
        return !sawProperties
                && envelope[Value.TYPE.ordinal()] == null
                && get(Value.ACTIVITY_DISPLAY_NAME) != null
                && get(Value.LOGGED_BY_SERVICE) != null
                && get(Value.ACTIVITY_TIME) != null;
    }

    /**
     * The log the record says it is from, or null: Event Hub names it in the envelope's category (the audit category
     * is inside properties), Log Analytics in the table's Type; Graph names none.
     */
    private String logCategory() {
        String table = envelope[Value.TYPE.ordinal()];
        String category = envelope[Value.CATEGORY.ordinal()];
        if (sawProperties) return table != null ? table : category;
        return DeviceRegistrationEvent.AUDIT_LOGS.equalsIgnoreCase(category) ? category : table;
    }

    /** The audit category ("Device", "UserManagement"...), or null. */
    private String auditCategory() {
        if (sawProperties) return record[Value.CATEGORY.ordinal()];
        String category = envelope[Value.CATEGORY.ordinal()];
        return DeviceRegistrationEvent.AUDIT_LOGS.equalsIgnoreCase(category) ? null : category;
    }

    /** The tenant of an Event Hub resourceId, {@code /tenants/<id>/providers/Microsoft.aadiam}, or null. */
    static String tenantOfResource(String resourceId) {
        if (resourceId == null) return null;
        String prefix = "/tenants/";
        if (!resourceId.regionMatches(true, 0, prefix, 0, prefix.length())) return null;
        int end = resourceId.indexOf('/', prefix.length());
        String tenant = resourceId.substring(prefix.length(), end < 0 ? resourceId.length() : end);
        return tenant.isBlank() ? null : tenant;
    }

    private String firstOf(Value first, Value second) {
        String value = get(first);
        return value != null ? value : get(second);
    }

    private static String orElse(String value, String fallback) {
        return value != null ? value : fallback;
    }

    private Outcome fail(DeadLetterReason reason, String detail) {
        failure = reason;
        failureDetail = shapeProblem == null ? detail : detail + "; " + shapeProblem;
        return Outcome.FAILED;
    }

    private static String bounded(Value value, String text) {
        int limit = switch (value) {
            case USER_AGENT, DETAILS_USER_AGENT -> TextBounds.MAX_USER_AGENT;
            default -> TextBounds.MAX_TEXT;
        };
        return TextBounds.bound(text, limit);
    }

    /**
     * A modified property's or additional detail's name as it is matched: lower case, without spaces, dashes and
     * underscores ("Device Trust Type", "DeviceTrustType").
     */
    static String key(String name) {
        StringBuilder key = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch != ' ' && ch != '-' && ch != '_') key.append(Character.toLowerCase(ch));
        }
        return key.toString();
    }

    static String quote(String text) {
        if (text == null) return "absent";
        String shown = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        return '"' + shown + '"';
    }

    /**
     * One entry of targetResources, read whole before it is judged: its type may come after its properties, and each
     * modified property's name after its value.
     */
    static final class DeviceTarget {
        final int index;
        String id;
        String type;
        private String displayName;
        /** The device's properties by {@link #property} slot: the registration service's, then a cloud service's. */
        private final String[] properties = new String[8];
        /** The first wanted modified property whose value could not be read. */
        String problem;

        DeviceTarget(int index) {
            this.index = index;
        }

        void displayName(String text) {
            displayName = blankToNull(TextBounds.bound(text, TextBounds.MAX_TEXT));
        }

        void property(int slot, String value) {
            properties[slot] = blankToNull(TextBounds.bound(value, TextBounds.MAX_TEXT));
        }

        /**
         * The slot of a modified property by its name, or -1 for one that is not kept. When a cloud service such as
         * Intune sets the Cloud* attribute, it is the authoritative one, so it wins.
         */
        static int property(String name) {
            return switch (AuditRecordFields.key(name)) {
                case "deviceostype" -> 0;
                case "clouddeviceostype" -> 1;
                case "deviceosversion" -> 2;
                case "clouddeviceosversion" -> 3;
                case "devicetrusttype" -> 4;
                case "clouddevicetrusttype" -> 5;
                case "displayname" -> 6;
                case "clouddisplayname" -> 7;
                default -> -1;
            };
        }

        String os() {
            return preferCloud(0);
        }

        String osVersion() {
            return preferCloud(2);
        }

        String trustType() {
            return preferCloud(4);
        }

        String displayName() {
            return displayName != null ? displayName : preferCloud(6);
        }

        private String preferCloud(int slot) {
            return properties[slot + 1] != null ? properties[slot + 1] : properties[slot];
        }

        private static String blankToNull(String text) {
            return text == null || text.isBlank() ? null : text;
        }
    }
}
