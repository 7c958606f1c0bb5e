package org.dcwatch.udfs.parse;

import java.nio.charset.StandardCharsets;
import org.dcwatch.udfs.event.DeviceRegistrationEvent;
import org.dcwatch.udfs.event.SourceFormat;
import org.dcwatch.udfs.event.TextBounds;
import org.dcwatch.udfs.parse.AuditRecordFields.DeviceTarget;
import org.dcwatch.udfs.parse.AuditRecordFields.Value;
import org.dcwatch.udfs.parse.JsonScanner.SyntaxError;
import org.dcwatch.udfs.parse.JsonScanner.Token;

/**
 * Turns one message of Entra ID audit records ({@code AuditLogs}) into device registrations, skips and dead letters.
 *
 * <p>A message is framed as for sign-ins ({@link SignInParser}): an Event Hub envelope {@code {"records":[...]}}, a bare
 * record or a bare array of records. A record is an Event Hub diagnostic record (the directoryAudit in
 * {@code properties}), a Log Analytics {@code AuditLogs} row (PascalCase columns; InitiatedBy, TargetResources and
 * AdditionalDetails as objects or as JSON text) or a Graph {@code directoryAudit}, detected per record unless one is
 * forced. It is read once by a {@link JsonScanner}; what a device registration needs is kept ({@link AuditRecordFields}),
 * the rest is validated and skipped.
 *
 * <p>The audit log holds every change to the directory, and only four operations are device registrations
 * ({@link DeviceRegistrationEvent#OPERATIONS}): a record of any other operation is {@link AuditOutput#skipped}, not a
 * dead letter. A device registration that lacks what the event needs (its time, tenant or device) is a dead letter with
 * the field that is missing or broken. Nothing escapes as an exception.
 *
 * <p>The device's OS, OS version and trust type are the targetResources' modifiedProperties, found by name: their
 * order differs from record to record. Each newValue is JSON text inside the string, most often an array
 * ({@code "[\"Windows\"]"}), and is read as such.
 *
 * <p>Not thread-safe: it reuses buffers from record to record. Give each parallel task its own.
 */
public final class AuditLogParser {

    /** Real audit records nest about six levels deep, and embedded JSON text starts again from zero. */
    static final int MAX_NESTING_DEPTH = 64;

    private final SourceFormat forcedFormat;
    private final String tenantWhenAbsent;
    private final int rawLimit;
    private final int maxMessageBytes;
    private final JsonScanner json = new JsonScanner(MAX_NESTING_DEPTH);
    private final AuditRecordFields fields = new AuditRecordFields();

    /** A parser that detects the format of every record and needs every record to name its tenant. */
    public AuditLogParser() {
        this(null, null, DeadLetter.DEFAULT_RAW_LIMIT, SignInParser.DEFAULT_MAX_MESSAGE_BYTES);
    }

    /**
     * @param forcedFormat the format every record must have, or null to detect it per record
     * @param tenantWhenAbsent the tenant of records that name none: Graph's directoryAudit does not, and whoever reads
     *     it from Graph knows which tenant it asked; null to make such records dead letters
     * @param rawLimit how many bytes of raw text a dead letter keeps
     * @param maxMessageBytes larger messages become one dead letter without being parsed
     */
    public AuditLogParser(SourceFormat forcedFormat, String tenantWhenAbsent, int rawLimit, int maxMessageBytes) {
        if (forcedFormat == SourceFormat.ECS) {
            throw new IllegalArgumentException("audit records are read as eventhub, loganalytics or graph, not ecs");
        }
        if (rawLimit < 64) throw new IllegalArgumentException("rawLimit must be at least 64 bytes, was " + rawLimit);
        if (maxMessageBytes < 1) throw new IllegalArgumentException("maxMessageBytes must be positive");
        this.forcedFormat = forcedFormat;
        this.tenantWhenAbsent = tenantWhenAbsent == null || tenantWhenAbsent.isBlank() ? null : tenantWhenAbsent;
        this.rawLimit = rawLimit;
        this.maxMessageBytes = maxMessageBytes;
    }

    public AuditParseResult parse(String message) {
        return parse(message.getBytes(StandardCharsets.UTF_8));
    }

    public AuditParseResult parse(byte[] message) {
        AuditParseResult result = new AuditParseResult();
        parse(message, result);
        return result;
    }

    /** Parses one message, handing each device registration, skip and dead letter to {@code out} as it is found. */
    public void parse(byte[] message, AuditOutput out) {
        if (message == null || isBlank(message)) {
            out.deadLetter(messageDeadLetter(
                    DeadLetterReason.EMPTY_MESSAGE, "no content", message == null ? new byte[0] : message));
            return;
        }
        if (message.length > maxMessageBytes) {
            out.deadLetter(messageDeadLetter(
                    DeadLetterReason.TOO_LARGE, message.length + " bytes, the limit is " + maxMessageBytes, message));
            return;
        }
        try {
            json.reset(message, 0, message.length);
            Token first = json.next();
            if (first == Token.START_OBJECT) {
                readRecordOrEnvelope(message, out);
            } else if (first == Token.START_ARRAY) {
                readRecordArray(message, out);
            } else {
                out.deadLetter(messageDeadLetter(DeadLetterReason.NOT_AN_OBJECT, "a JSON " + describe(first), message));
                return;
            }
            Token next = json.next();
            if (next != null) {
                out.deadLetter(messageDeadLetter(
                        DeadLetterReason.TRAILING_CONTENT, describe(next) + " " + json.at(json.tokenStart()), message));
            }
        } catch (SyntaxError e) {
            out.deadLetter(messageDeadLetter(e.reason(), e.getMessage(), message));
        }
    }

    /** The scanner stands on the message's opening brace: an envelope if it holds "records", else one record. */
    private void readRecordOrEnvelope(byte[] message, AuditOutput out) throws SyntaxError {
        int start = json.tokenStart();
        fields.clear();
        boolean envelope = false;
        while (json.next() == Token.NAME) {
            if (json.nameEquals("records")) {
                envelope = true;
                Token value = json.next();
                if (value == Token.START_ARRAY) {
                    readRecordArray(message, out);
                } else {
                    json.skipChildren();
                    out.deadLetter(messageDeadLetter(
                            DeadLetterReason.RECORDS_NOT_AN_ARRAY,
                            "\"records\" is a JSON " + describe(value),
                            message));
                }
            } else if (envelope) {
                json.next();
                json.skipChildren();
            } else {
                readMember(json, false, true);
            }
        }
        if (!envelope) emit(0, message, start, json.position(), out);
    }

    /** The scanner stands on an array's opening bracket; every element should be one record. */
    private void readRecordArray(byte[] message, AuditOutput out) throws SyntaxError {
        int index = 0;
        Token token;
        while ((token = json.next()) != Token.END_ARRAY) {
            int start = json.tokenStart();
            if (token == Token.START_OBJECT) {
                fields.clear();
                while (json.next() == Token.NAME) {
                    readMember(json, false, true);
                }
                emit(index, message, start, json.position(), out);
            } else {
                json.skipChildren();
                out.deadLetter(recordDeadLetter(
                        DeadLetterReason.RECORD_NOT_AN_OBJECT,
                        "record " + index + " is a JSON " + describe(token),
                        index,
                        message,
                        start,
                        json.position()));
            }
            index++;
        }
    }

    private void emit(int index, byte[] message, int start, int end, AuditOutput out) {
        switch (fields.classify(forcedFormat, tenantWhenAbsent, message, start, end)) {
            case DEVICE_REGISTRATION -> out.deviceRegistration(fields.event);
            case SKIPPED -> out.skipped(fields.skippedCategory, fields.skippedOperation);
            case FAILED ->
                out.deadLetter(recordDeadLetter(fields.failure, fields.failureDetail, index, message, start, end));
        }
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
                    if (value != Token.NULL) fields.shapeProblem(rawName + " is a JSON " + describe(value));
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
                    fields.shapeProblem(rawName + " is a JSON " + describe(value));
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
            if (value != Token.NULL) fields.shapeProblem(name + " is a JSON " + describe(value));
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
            fields.shapeProblem(name + " is a JSON " + describe(value));
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

    private DeadLetter messageDeadLetter(DeadLetterReason reason, String detail, byte[] message) {
        return new DeadLetter(
                reason,
                detail,
                DeadLetter.WHOLE_MESSAGE,
                DeadLetter.boundedText(message, 0, message.length, rawLimit),
                message.length,
                null);
    }

    private DeadLetter recordDeadLetter(
            DeadLetterReason reason, String detail, int index, byte[] message, int start, int end) {
        int from = Math.max(0, Math.min(start, message.length));
        int length = Math.max(0, Math.min(end, message.length) - from);
        return new DeadLetter(
                reason, detail, index, DeadLetter.boundedText(message, from, length, rawLimit), length, null);
    }

    private static boolean isBlank(byte[] message) {
        for (byte b : message) {
            if (!JsonScanner.isWhitespace(b)) return false;
        }
        return true;
    }

    private static String describe(Token token) {
        if (token == null) return "nothing";
        return switch (token) {
            case START_OBJECT -> "object";
            case START_ARRAY -> "array";
            case STRING -> "string";
            case NUMBER -> "number";
            case TRUE, FALSE -> "boolean";
            case NULL -> "null";
            default -> token.name().toLowerCase();
        };
    }
}
