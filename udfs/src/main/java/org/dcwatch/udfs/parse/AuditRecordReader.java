package org.dcwatch.udfs.parse;

import java.nio.charset.StandardCharsets;
import org.dcwatch.udfs.event.SourceFormat;
import org.dcwatch.udfs.event.TextBounds;
import org.dcwatch.udfs.parse.AuditRecordFields.DeviceTarget;
import org.dcwatch.udfs.parse.AuditRecordFields.Outcome;
import org.dcwatch.udfs.parse.AuditRecordFields.Value;
import org.dcwatch.udfs.parse.JsonScanner.SyntaxError;
import org.dcwatch.udfs.parse.JsonScanner.Token;

/**
 * Reads one Entra ID audit record ({@code AuditLogs}) from its bytes, which the message reader ({@link SignInParser})
 * has already found and checked to be one well-formed JSON object, and hands on what it is: a device registration, a
 * skip or a dead letter.
 *
 * <p>A record is an Event Hub diagnostic record (the directoryAudit in {@code properties}), a Log Analytics
 * {@code AuditLogs} row (PascalCase columns; InitiatedBy, TargetResources and AdditionalDetails as objects or as JSON
 * text) or a Graph {@code directoryAudit}, detected per record unless one is forced. What a device registration needs
 * is kept ({@link AuditRecordFields}), the rest is validated and skipped.
 *
 * <p>The audit log holds every change to the directory, and only four operations are device registrations
 * ({@link org.dcwatch.udfs.event.DeviceRegistrationEvent#OPERATIONS}): a record of any other operation is
 * {@link AuditOutput#skipped}, not a dead letter. A device registration that lacks what the event needs (its time,
 * tenant or device) is a dead letter with the field that is missing or broken.
 *
 * <p>The device's OS, OS version and trust type are the targetResources' modifiedProperties, found by name: their
 * order differs from record to record. Each newValue is JSON text inside the string, most often an array
 * ({@code "[\"Windows\"]"}), and is read as such.
 *
 * <p>Not thread-safe: it reuses buffers from record to record.
 */
final class AuditRecordReader {

    /** Real audit records nest about six levels deep, and embedded JSON text starts again from zero. */
    static final int MAX_NESTING_DEPTH = SignInParser.MAX_NESTING_DEPTH;

    private final SourceFormat forcedFormat;
    private final String tenantWhenAbsent;
    private final int rawLimit;
    private final JsonScanner json = new JsonScanner(MAX_NESTING_DEPTH);
    private final AuditRecordFields fields = new AuditRecordFields();

    /**
     * @param forcedFormat the format every record must have, or null to detect it per record
     * @param tenantWhenAbsent the tenant of records that name none, or null to make such registrations dead letters
     * @param rawLimit how many bytes of raw text a dead letter keeps
     */
    AuditRecordReader(SourceFormat forcedFormat, String tenantWhenAbsent, int rawLimit) {
        this.forcedFormat = forcedFormat;
        this.tenantWhenAbsent = tenantWhenAbsent;
        this.rawLimit = rawLimit;
    }

    /**
     * Reads record {@code index}, the object at {@code message[start..end)}, and hands it to {@code out}.
     *
     * @param onlyIfAuditLog whether a record that does not name the audit log as its category (an Event Hub
     *     {@code category}, a Log Analytics {@code Type}) is left to the caller: then nothing is handed on for it
     * @param maxTimeAhead how far activityDateTime may be after the record's own time, in milliseconds
     * @param notAfter the latest event time accepted, in epoch milliseconds; Long.MAX_VALUE for any
     * @return false when {@code onlyIfAuditLog} and the record is not of the audit log, else true
     */
    boolean read(
            byte[] message,
            int start,
            int end,
            int index,
            boolean onlyIfAuditLog,
            long maxTimeAhead,
            long notAfter,
            AuditOutput out) {
        fields.clear();
        try {
            json.reset(message, start, end);
            if (json.next() == Token.START_OBJECT) {
                while (json.next() == Token.NAME) {
                    readMember(json, false, true);
                }
            }
        } catch (SyntaxError e) {
            // the message reader checked the record's bytes; should they still break, it is this record's dead letter
            out.deadLetter(
                    SignInParser.recordDeadLetter(e.reason(), e.getMessage(), index, message, start, end, rawLimit));
            return true;
        }
        if (onlyIfAuditLog && !fields.namesAuditLog()) return false;
        fields.maxTimeAhead = maxTimeAhead;
        fields.notAfter = notAfter;
        Outcome outcome = fields.classify(forcedFormat, tenantWhenAbsent, message, start, end);
        switch (outcome) {
            case DEVICE_REGISTRATION -> out.deviceRegistration(fields.event);
            case SKIPPED -> out.skipped(fields.skippedCategory, fields.skippedOperation, fields.skippedEventTime);
            case FAILED ->
                out.deadLetter(SignInParser.recordDeadLetter(
                        fields.failure, fields.failureDetail, index, message, start, end, rawLimit));
        }
        return true;
    }

    /**
     * The scanner stands on a member's name of a record (the envelope, a row, a directoryAudit) or of its
     * {@code properties}; reads or skips its value.
     */
    private void readMember(JsonScanner in, boolean recordLevel, boolean atRoot) throws SyntaxError {
        String rawName = in.name();
        String name = RecordShape.normalize(rawName);
        Token value = in.next();
        Value kept = recordValue(name);
        if (atRoot && !rawName.isEmpty() && Character.isUpperCase(rawName.charAt(0))) {
            if (kept != null || isSection(name)) fields.sawPascalCase = true;
        }
        switch (name) {
            case "properties" -> {
                if (value == Token.START_OBJECT && atRoot) {
                    fields.sawProperties = true;
                    while (in.next() == Token.NAME) {
                        readMember(in, true, false);
                    }
                } else {
                    if (value != Token.NULL)
                        fields.shapeProblem(rawName + " is a JSON " + SignInParser.describe(value));
                    in.skipChildren();
                }
            }
            case "initiatedby" -> readSection(in, value, rawName, recordLevel, Section.INITIATED_BY);
            case "targetresources" -> readSection(in, value, rawName, recordLevel, Section.TARGETS);
            case "additionaldetails" -> readSection(in, value, rawName, recordLevel, Section.DETAILS);
            default -> {
                if (kept == null) {
                    in.skipChildren();
                } else if (value == Token.START_OBJECT || value == Token.START_ARRAY) {
                    fields.shapeProblem(rawName + " is a JSON " + SignInParser.describe(value));
                    in.skipChildren();
                } else {
                    fields.put(recordLevel, kept, value == Token.NULL ? null : in.text());
                }
            }
        }
    }

    private static Value recordValue(String name) {
        return switch (name) {
            case "id" -> Value.ID;
            case "aadtenantid" -> Value.AAD_TENANT_ID;
            case "tenantid" -> Value.TENANT_ID;
            case "resourceid" -> Value.RESOURCE_ID;
            case "time", "timegenerated" -> Value.TIME;
            case "activitydatetime" -> Value.ACTIVITY_TIME;
            case "operationname" -> Value.OPERATION_NAME;
            case "activitydisplayname" -> Value.ACTIVITY_DISPLAY_NAME;
            case "category" -> Value.CATEGORY;
            case "type" -> Value.TYPE;
            case "loggedbyservice" -> Value.LOGGED_BY_SERVICE;
            case "result" -> Value.RESULT;
            case "correlationid" -> Value.CORRELATION_ID;
            case "useragent" -> Value.USER_AGENT;
            default -> null;
        };
    }

    private static boolean isSection(String name) {
        return name.equals("initiatedby") || name.equals("targetresources") || name.equals("additionaldetails");
    }

    /** The nested parts of a record that are read by their own rules. */
    private enum Section {
        INITIATED_BY,
        TARGETS,
        DETAILS
    }

    /**
     * Reads a section that is JSON in the record or, in Log Analytics rows, JSON text in a string; the scanner stands
     * on its first token.
     */
    private void readSection(JsonScanner in, Token value, String name, boolean recordLevel, Section section)
            throws SyntaxError {
        if (value == Token.START_OBJECT || value == Token.START_ARRAY) {
            readSectionValue(in, value, name, recordLevel, section);
            return;
        }
        if (value != Token.STRING) {
            if (value != Token.NULL) fields.shapeProblem(name + " is a JSON " + SignInParser.describe(value));
            return;
        }
        String text = in.text().strip();
        if (text.isEmpty()) return;
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        JsonScanner embedded = new JsonScanner(MAX_NESTING_DEPTH);
        try {
            embedded.reset(bytes, 0, bytes.length);
            Token first = embedded.next();
            if (first == Token.START_OBJECT || first == Token.START_ARRAY) {
                readSectionValue(embedded, first, name, recordLevel, section);
                if (embedded.next() != null) fields.shapeProblem(name + " holds more than one JSON value");
            } else {
                fields.shapeProblem(name + " is a string that is not a JSON object or array");
            }
        } catch (SyntaxError e) {
            // the record is still read; whether it can do without this section is for the rules to say
            fields.shapeProblem(name + " holds text that is not valid JSON: " + e.getMessage());
        }
    }

    private void readSectionValue(JsonScanner in, Token value, String name, boolean recordLevel, Section section)
            throws SyntaxError {
        Token expected = section == Section.INITIATED_BY ? Token.START_OBJECT : Token.START_ARRAY;
        if (value != expected) {
            fields.shapeProblem(name + " is a JSON " + SignInParser.describe(value));
            in.skipChildren();
            return;
        }
        switch (section) {
            case INITIATED_BY -> readInitiatedBy(in, recordLevel);
            case TARGETS -> {
                // the last targetResources of a record wins, as the last of any key given twice does
                fields.device = null;
                fields.firstTarget = null;
                readTargets(in);
            }
            case DETAILS -> readAdditionalDetails(in, recordLevel);
        }
    }

    /** {@code {"user":{"id":...,"userPrincipalName":...}}} or {@code {"app":{...}}}; stands on the opening brace. */
    private void readInitiatedBy(JsonScanner in, boolean recordLevel) throws SyntaxError {
        while (in.next() == Token.NAME) {
            boolean user = in.nameEquals("user");
            Token value = in.next();
            if (!user || value != Token.START_OBJECT) {
                in.skipChildren();
                continue;
            }
            while (in.next() == Token.NAME) {
                String name = RecordShape.normalize(in.name());
                Token member = in.next();
                Value kept = switch (name) {
                    case "id" -> Value.INITIATOR_USER_ID;
                    case "userprincipalname" -> Value.INITIATOR_USER_PRINCIPAL_NAME;
                    default -> null;
                };
                if (kept != null && isScalar(member)) {
                    fields.put(recordLevel, kept, member == Token.NULL ? null : in.text());
                } else {
                    in.skipChildren();
                }
            }
        }
    }

    /** An array of targets; stands on the opening bracket. Only the first device target is kept whole. */
    private void readTargets(JsonScanner in) throws SyntaxError {
        int index = 0;
        Token token;
        while ((token = in.next()) != Token.END_ARRAY) {
            if (token == Token.START_OBJECT) {
                DeviceTarget target = new DeviceTarget(index);
                readTarget(in, target);
                fields.target(target);
            } else {
                in.skipChildren();
            }
            index++;
        }
    }

    private void readTarget(JsonScanner in, DeviceTarget target) throws SyntaxError {
        while (in.next() == Token.NAME) {
            String name = RecordShape.normalize(in.name());
            Token value = in.next();
            switch (name) {
                case "id" -> target.id = scalarOrNull(in, value, TextBounds.MAX_TEXT);
                case "type" -> target.type = scalarOrNull(in, value, TextBounds.MAX_TEXT);
                case "displayname" -> target.displayName(scalarOrNull(in, value, Integer.MAX_VALUE));
                case "modifiedproperties" -> {
                    if (value == Token.START_ARRAY) {
                        readModifiedProperties(in, target);
                    } else {
                        in.skipChildren();
                    }
                }
                default -> in.skipChildren();
            }
        }
    }

    /** {@code [{"displayName":..., "oldValue":..., "newValue":...}]}, in any order within each entry. */
    private void readModifiedProperties(JsonScanner in, DeviceTarget target) throws SyntaxError {
        Token token;
        while ((token = in.next()) != Token.END_ARRAY) {
            if (token != Token.START_OBJECT) {
                in.skipChildren();
                continue;
            }
            String propertyName = null;
            String newValue = null;
            boolean newValueIsJson = false;
            while (in.next() == Token.NAME) {
                boolean isName = in.nameEquals("displayName");
                boolean isNewValue = in.nameEquals("newValue");
                Token value = in.next();
                if (isName && value == Token.STRING) {
                    propertyName = in.text();
                } else if (isNewValue && value == Token.STRING) {
                    newValue = in.text();
                    newValueIsJson = true;
                } else if (isNewValue && value == Token.START_ARRAY) {
                    newValue = firstScalar(in);
                    newValueIsJson = false;
                } else if (isNewValue && isScalar(value)) {
                    newValue = value == Token.NULL ? null : in.text();
                    newValueIsJson = false;
                } else {
                    in.skipChildren();
                }
            }
            int slot = propertyName == null ? -1 : DeviceTarget.property(propertyName);
            if (slot < 0) continue;
            if (!newValueIsJson) {
                target.property(slot, newValue);
                continue;
            }
            try {
                target.property(slot, ModifiedValues.unwrap(newValue));
            } catch (SyntaxError e) {
                if (target.problem == null) {
                    target.problem = "targetResources[" + target.index + "].modifiedProperties "
                            + AuditRecordFields.quote(propertyName) + " newValue is not valid JSON: " + e.getMessage();
                }
            }
        }
    }

    /** {@code [{"key":"User-Agent","value":...}]}, key and value in either order. */
    private void readAdditionalDetails(JsonScanner in, boolean recordLevel) throws SyntaxError {
        Token token;
        while ((token = in.next()) != Token.END_ARRAY) {
            if (token != Token.START_OBJECT) {
                in.skipChildren();
                continue;
            }
            Value kept = null;
            String value = null;
            while (in.next() == Token.NAME) {
                boolean isKey = in.nameEquals("key");
                boolean isValue = in.nameEquals("value");
                Token member = in.next();
                if (isKey && member == Token.STRING) {
                    kept = detail(in.text());
                } else if (isValue && member == Token.STRING) {
                    value = in.text();
                } else {
                    in.skipChildren();
                }
            }
            if (kept != null) fields.put(recordLevel, kept, value);
        }
    }

    private static Value detail(String key) {
        return switch (AuditRecordFields.key(key)) {
            case "useragent" -> Value.DETAILS_USER_AGENT;
            case "deviceid" -> Value.DETAILS_DEVICE_ID;
            case "deviceos" -> Value.DETAILS_DEVICE_OS;
            case "devicetrusttype" -> Value.DETAILS_DEVICE_TRUST_TYPE;
            default -> null;
        };
    }

    /** A scalar's text bounded to {@code limit}, null for null; an object or array is skipped and null. */
    private static String scalarOrNull(JsonScanner in, Token value, int limit) throws SyntaxError {
        if (!isScalar(value)) {
            in.skipChildren();
            return null;
        }
        if (value == Token.NULL) return null;
        String text = in.text();
        return text.isEmpty() ? null : TextBounds.bound(text, limit);
    }

    /** The first scalar of an array, which the scanner stands on, as text; the rest is skipped. */
    static String firstScalar(JsonScanner in) throws SyntaxError {
        String first = null;
        boolean seen = false;
        Token token;
        while ((token = in.next()) != Token.END_ARRAY) {
            if (!seen && isScalar(token)) {
                first = token == Token.NULL ? null : in.text();
            } else {
                in.skipChildren();
            }
            seen = true;
        }
        return first;
    }

    private static boolean isScalar(Token token) {
        return token == Token.STRING
                || token == Token.NUMBER
                || token == Token.TRUE
                || token == Token.FALSE
                || token == Token.NULL;
    }
}
