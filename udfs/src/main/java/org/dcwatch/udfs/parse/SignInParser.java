package org.dcwatch.udfs.parse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.event.SourceFormat;
import org.dcwatch.udfs.parse.JsonScanner.SyntaxError;
import org.dcwatch.udfs.parse.JsonScanner.Token;

/**
 * Turns one message of raw bytes into sign-in events and dead letters: the one reader of the messages of the Entra
 * stream, whose records may be sign-ins and audit records mixed, as one Event Hub carries both.
 *
 * <p>A message is an Event Hub envelope {@code {"records":[...]}}, a bare record or a bare array of records, in any of
 * the four formats of {@link SourceFormat}, detected per record unless one is forced. A record is read as a sign-in;
 * one whose category turns out to be no sign-in log, but the audit log ({@code AuditLogs}), is handed to the audit
 * record reader ({@link AuditRecordReader}) when the output takes audit records ({@link AuditOutput}): a device
 * registration, a skipped operation or a dead letter naming the field. Only such records are read twice; to an output
 * that takes no audit records they are {@link DeadLetterReason#NOT_A_SIGN_IN} dead letters, as any other category. It is read once, front to back,
 * by a {@link JsonScanner}: the values the event needs (see {@link RecordShape}) are kept, the rest (Conditional Access
 * policies, authentication details...) is validated and skipped without a tree, a string or a field-name lookup.
 *
 * <p>The job reads messages as {@link SignInHeader}s ({@link #parseHeaders}): the same checks and dead letters, but
 * only the dozen values that route a sign-in are decoded, and the few sign-ins that need everything are read again
 * from their record's bytes ({@link #readRecord}).
 *
 * <p>Nothing escapes as an exception: whatever is not a sign-in becomes a {@link DeadLetter} with a precise reason.
 * Records before a syntax error in an envelope are still emitted (they are real sign-ins); the break itself is one
 * dead letter for the message.
 *
 * <p>Not thread-safe: it reuses buffers from record to record. Give each parallel task its own.
 */
public final class SignInParser {

    /** Event Hubs messages are at most 1 MB (20 MB on Premium and Dedicated); anything far above is not a log batch. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

    /**
     * How far a record's createdDateTime may be after its own time (when Azure wrote the log) before it is a
     * {@link DeadLetterReason#FUTURE_TIME} dead letter: Azure writes time after the sign-in, so createdDateTime can be
     * after it only by the skew between its services' clocks.
     */
    public static final Duration DEFAULT_MAX_TIME_AHEAD = Duration.ofMinutes(5);

    /** Real sign-in records nest about six levels deep. */
    static final int MAX_NESTING_DEPTH = 64;

    private final SourceFormat forcedFormat;
    /** Every record is an audit record ({@link AuditLogParser}): none is read as a sign-in. */
    private final boolean auditOnly;
    /** The tenant of audit records that name none, or null; only {@link AuditLogParser} has one. */
    private final String auditTenantWhenAbsent;

    private final int rawLimit;
    private final int maxMessageBytes;
    private final long maxTimeAheadMillis;
    private final RecordFields fields = new RecordFields();
    private final JsonScanner json = new JsonScanner(MAX_NESTING_DEPTH);
    private final KnownNames knownNames = new KnownNames();
    /** For Log Analytics details that arrive as JSON text inside a string; made when first needed. */
    private JsonScanner embeddedJson;
    /** For the audit records of the stream; made when the first one comes. */
    private AuditRecordReader auditRecords;

    /** A parser that detects the format of every record. */
    public SignInParser() {
        this(null, DeadLetter.DEFAULT_RAW_LIMIT, DEFAULT_MAX_MESSAGE_BYTES);
    }

    /**
     * @param forcedFormat the format every record must have, or null to detect it per record
     * @param rawLimit how many bytes of raw text a dead letter keeps
     * @param maxMessageBytes larger messages become one dead letter without being parsed
     */
    public SignInParser(SourceFormat forcedFormat, int rawLimit, int maxMessageBytes) {
        this(forcedFormat, rawLimit, maxMessageBytes, DEFAULT_MAX_TIME_AHEAD.toMillis());
    }

    /**
     * @param forcedFormat the format every record must have, or null to detect it per record
     * @param rawLimit how many bytes of raw text a dead letter keeps
     * @param maxMessageBytes larger messages become one dead letter without being parsed
     * @param maxTimeAheadMillis how far a record's createdDateTime may be after its own time; Long.MAX_VALUE for any
     */
    public SignInParser(SourceFormat forcedFormat, int rawLimit, int maxMessageBytes, long maxTimeAheadMillis) {
        this(forcedFormat, false, null, rawLimit, maxMessageBytes, maxTimeAheadMillis);
    }

    /** The message reader of {@link AuditLogParser}: every record an audit record, none a sign-in. */
    static SignInParser auditOnly(
            SourceFormat forcedFormat, String tenantWhenAbsent, int rawLimit, int maxMessageBytes) {
        return new SignInParser(forcedFormat, true, tenantWhenAbsent, rawLimit, maxMessageBytes, Long.MAX_VALUE);
    }

    private SignInParser(
            SourceFormat forcedFormat,
            boolean auditOnly,
            String auditTenantWhenAbsent,
            int rawLimit,
            int maxMessageBytes,
            long maxTimeAheadMillis) {
        if (rawLimit < 64) throw new IllegalArgumentException("rawLimit must be at least 64 bytes, was " + rawLimit);
        if (maxMessageBytes < 1) throw new IllegalArgumentException("maxMessageBytes must be positive");
        if (maxTimeAheadMillis < 0) {
            throw new IllegalArgumentException("maxTimeAheadMillis must not be negative, was " + maxTimeAheadMillis);
        }
        this.forcedFormat = forcedFormat;
        this.auditOnly = auditOnly;
        this.auditTenantWhenAbsent = auditTenantWhenAbsent;
        this.rawLimit = rawLimit;
        this.maxMessageBytes = maxMessageBytes;
        this.maxTimeAheadMillis = maxTimeAheadMillis;
    }

    public ParseResult parse(String message) {
        return parse(message.getBytes(StandardCharsets.UTF_8));
    }

    public ParseResult parse(byte[] message) {
        ParseResult result = new ParseResult();
        parse(message, result);
        return result;
    }

    /**
     * Parses one message, handing each event and dead letter to {@code out} as it is found; and each audit record, if
     * {@code out} is also an {@link AuditOutput}.
     */
    public void parse(byte[] message, ParseOutput out) {
        parse(message, out, false, Long.MAX_VALUE);
    }

    /** Parses a message of audit records only ({@link AuditLogParser}). */
    void parseAuditRecords(byte[] message, AuditOutput out) {
        if (!auditOnly) throw new IllegalStateException("not a reader of audit records only");
        parse(message, out, false, Long.MAX_VALUE);
    }

    /**
     * Parses one message as {@link #parse(byte[], ParseOutput)} does — the same checks, the same dead letters — but
     * hands on each sign-in as a {@link SignInHeader}: only the values that route it are decoded. An {@code out} that
     * is also an {@link AuditOutput} receives the audit records, checked against the same bounds of time.
     */
    public void parseHeaders(byte[] message, HeaderOutput out) {
        parse(message, out, true, Long.MAX_VALUE);
    }

    /**
     * As {@link #parseHeaders(byte[], HeaderOutput)}, and a record whose event time is after {@code notAfterMillis}
     * is a {@link DeadLetterReason#FUTURE_TIME} dead letter: a live job passes its clock plus a bound, so that no
     * record moves event time beyond what the stream makes plausible.
     *
     * @param notAfterMillis the latest event time accepted, in epoch milliseconds; Long.MAX_VALUE for any
     */
    public void parseHeaders(byte[] message, HeaderOutput out, long notAfterMillis) {
        parse(message, out, true, notAfterMillis);
    }

    /**
     * The sign-in of a header this parser or another one (of the same forced format) made, read in full from its
     * record's bytes: what {@link #parse(byte[], ParseOutput)} would have made of it.
     */
    public SignInEvent readRecord(SignInHeader header) {
        fields.headerOnly = false;
        // the record was accepted when its header was made, perhaps by a parser with another bound
        fields.maxTimeAhead = Long.MAX_VALUE;
        fields.notAfter = Long.MAX_VALUE;
        try {
            json.reset(header.message(), header.recordStart(), header.recordEnd());
            if (json.next() == Token.START_OBJECT) {
                fields.clear();
                readObject(json, RecordShape.ROOT, false, true);
                SignInEvent event =
                        fields.build(forcedFormat, header.message(), header.recordStart(), header.recordEnd());
                if (event != null) return event;
            }
        } catch (SyntaxError e) {
            // reported below: the header said the record was a well-formed sign-in
        }
        throw new IllegalArgumentException("not the record of a sign-in header: "
                + DeadLetter.boundedText(
                        header.message(), header.recordStart(), header.recordEnd() - header.recordStart(), rawLimit));
    }

    /**
     * The dead letter of the record of a header this parser or another one made, as the parser would have written it:
     * for a record the job refuses after parsing, one whose time jumps far ahead of its partition's history say. The
     * raw text is bounded by this parser's rawLimit; the origin is the caller's to add ({@link DeadLetter#withOrigin}).
     */
    public DeadLetter deadLetter(SignInHeader header, DeadLetterReason reason, String detail) {
        Objects.requireNonNull(reason, "reason");
        return recordDeadLetter(
                reason, detail, header.recordIndex(), header.message(), header.recordStart(), header.recordEnd());
    }

    /**
     * @param out a {@link HeaderOutput} if {@code headersOnly}, else a {@link ParseOutput}
     * @param notAfter the latest event time accepted; kept in {@link #fields} for the message, not passed per record
     */
    private void parse(byte[] message, DeadLetterOutput out, boolean headersOnly, long notAfter) {
        fields.headerOnly = headersOnly;
        fields.maxTimeAhead = maxTimeAheadMillis;
        fields.notAfter = notAfter;
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
    private void readRecordOrEnvelope(byte[] message, DeadLetterOutput out) throws SyntaxError {
        int start = json.tokenStart();
        fields.clear();
        boolean envelope = false;
        int previous = KnownNames.start(RecordShape.ROOT);
        while (json.next(knownNames.nameAfter(previous)) == Token.NAME) {
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
            } else if (envelope || auditOnly) {
                json.next();
                json.skipChildren();
            } else {
                previous = readMember(json, RecordShape.ROOT, false, true, previous);
            }
        }
        if (!envelope) {
            emit(0, message, start, json.position(), out);
        }
    }

    /** The scanner stands on an array's opening bracket; every element should be one record. */
    private void readRecordArray(byte[] message, DeadLetterOutput out) throws SyntaxError {
        int index = 0;
        Token token;
        while ((token = json.next()) != Token.END_ARRAY) {
            int start = json.tokenStart();
            if (token == Token.START_OBJECT) {
                if (auditOnly) {
                    json.skipChildren();
                } else {
                    fields.clear();
                    readObject(json, RecordShape.ROOT, false, true);
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

    private void emit(int index, byte[] message, int start, int end, DeadLetterOutput out) {
        if (auditOnly) {
            auditRecords().read(message, start, end, index, false, Long.MAX_VALUE, Long.MAX_VALUE, (AuditOutput) out);
            return;
        }
        boolean signIn;
        if (fields.headerOnly) {
            SignInHeader header = fields.buildHeader(forcedFormat, message, start, end, index);
            signIn = header != null;
            if (signIn) ((HeaderOutput) out).header(header);
        } else {
            SignInEvent event = fields.build(forcedFormat, message, start, end);
            signIn = event != null;
            if (signIn) ((ParseOutput) out).event(event);
        }
        if (!signIn) {
            // the one place a record turns out not to be a sign-in: the audit records of the stream are told here (a
            // Graph directoryAudit names no log and has no sign-in's time: it fails as a sign-in without one)
            if ((fields.failure == DeadLetterReason.NOT_A_SIGN_IN || fields.failure == DeadLetterReason.NO_TIME)
                    && out instanceof AuditOutput audit
                    && auditRecords()
                            .read(message, start, end, index, true, fields.maxTimeAhead, fields.notAfter, audit)) {
                return;
            }
            out.deadLetter(recordDeadLetter(fields.failure, fields.failureDetail, index, message, start, end));
        }
    }

    private AuditRecordReader auditRecords() {
        if (auditRecords == null) {
            // audit records come in three of the four formats: a forced ECS leaves their format to be detected
            SourceFormat auditFormat = forcedFormat == SourceFormat.ECS ? null : forcedFormat;
            auditRecords = new AuditRecordReader(auditFormat, auditTenantWhenAbsent, rawLimit);
        }
        return auditRecords;
    }

    /**
     * The scanner stands on an object's opening brace; reads its members up to the closing one, each time offering the
     * scanner the name that came next in the last object of this shape.
     */
    private void readObject(JsonScanner in, RecordShape shape, boolean recordLevel, boolean atRoot) throws SyntaxError {
        int previous = KnownNames.start(shape);
        while (in.next(knownNames.nameAfter(previous)) == Token.NAME) {
            previous = readMember(in, shape, recordLevel, atRoot, previous);
        }
    }

    /**
     * The scanner stands on a member's name. The hundred-odd plain names of a record are matched as bytes: most of
     * them as the name that came after {@code previous} last time, the others through one probe of {@link KnownNames}.
     *
     * @return the member's name in {@link KnownNames}, or {@link KnownNames#NONE}
     */
    private int readMember(JsonScanner in, RecordShape shape, boolean recordLevel, boolean atRoot, int previous)
            throws SyntaxError {
        if (!in.nameIsPlain()) {
            String name = in.name();
            readValue(in, in.next(), shape, recordLevel, name, atRoot);
            return KnownNames.NONE;
        }
        int slot;
        RecordShape.Key key;
        if (in.nameWasLikely()) {
            slot = knownNames.slotAfter(previous);
            key = knownNames.key(slot);
        } else {
            key = knownNames.keyOf(shape, in.bytes(), in.nameStart(), in.nameEnd(), in.nameHash());
            slot = knownNames.lastSlot();
            knownNames.follow(previous, slot);
        }
        Token value = in.next();
        if (key == null) {
            in.skipChildren();
            return slot;
        }
        if (atRoot) {
            byte first = in.bytes()[in.nameStart()];
            if (key.field() != null && first >= 'A' && first <= 'Z') fields.sawPascalCase = true;
            if (first == '@' && in.nameEquals("@timestamp")) fields.sawElastic = true;
        }
        readKnownValue(in, value, key, recordLevel, null);
        return slot;
    }

    /** Keeps, descends into or skips one value named by text (escaped, non-ASCII or dotted names). */
    private void readValue(
            JsonScanner in, Token value, RecordShape shape, boolean recordLevel, String name, boolean atRoot)
            throws SyntaxError {
        int dot = name.indexOf('.');
        if (dot > 0 && dot < name.length() - 1) {
            // Elastic documents may flatten paths into keys: "azure.signinlogs.properties.session_id"
            RecordShape.Key head = shape.keyOfRawName(name.substring(0, dot));
            if (head == null || head.child() == null) {
                in.skipChildren();
                return;
            }
            noteFormat(head.child(), in, name.substring(0, dot));
            readValue(
                    in, value, head.child(), recordLevel || head.child().recordLevel(), name.substring(dot + 1), false);
            return;
        }
        RecordShape.Key key = shape.keyOfRawName(name);
        if (key == null) {
            in.skipChildren();
            return;
        }
        if (atRoot) {
            if (key.field() != null && Character.isUpperCase(name.charAt(0))) fields.sawPascalCase = true;
            if (name.equals("@timestamp")) fields.sawElastic = true;
        }
        readKnownValue(in, value, key, recordLevel, name);
    }

    /**
     * Keeps or descends into the value of a known key; the scanner stands on its first token.
     *
     * @param name the member's name if already decoded, else null: it is decoded only to explain a problem
     */
    private void readKnownValue(JsonScanner in, Token value, RecordShape.Key key, boolean recordLevel, String name)
            throws SyntaxError {
        switch (value) {
            case START_OBJECT -> {
                if (key.child() != null) {
                    noteFormat(key.child(), in, name);
                    readObject(in, key.child(), recordLevel || key.child().recordLevel(), false);
                } else {
                    fields.shapeProblem = nameOf(in, name) + " is an object";
                    in.skipChildren();
                }
            }
            case START_ARRAY -> {
                if (key.field() == Field.SIGN_IN_EVENT_TYPE) {
                    fields.put(recordLevel, key.field(), firstString(in));
                } else {
                    fields.shapeProblem = nameOf(in, name) + " is an array";
                    in.skipChildren();
                }
            }
            case STRING -> {
                if (key.child() == null && !fields.wants(key.field())) return; // not kept in a header
                String text = in.text();
                if (key.child() != null && text.startsWith("{")) {
                    // Log Analytics' AADNonInteractiveUserSignInLogs carries DeviceDetail, Status... as JSON text
                    readEmbeddedObject(
                            text, key.child(), recordLevel || key.child().recordLevel(), nameOf(in, name));
                } else if (key.field() != null) {
                    fields.put(recordLevel, key.field(), text);
                } else if (!text.isEmpty()) {
                    fields.shapeProblem = nameOf(in, name) + " is a string that is not a JSON object";
                }
            }
            case NUMBER, TRUE, FALSE -> {
                if (key.field() != null) {
                    if (fields.wants(key.field())) fields.put(recordLevel, key.field(), in.text());
                } else {
                    fields.shapeProblem = nameOf(in, name) + " is " + describe(value);
                }
            }
            case NULL -> {
                // the last value wins, as for other readers: a null after a value leaves the field absent
                if (key.field() != null) fields.put(recordLevel, key.field(), null);
            }
            default -> in.skipChildren();
        }
    }

    private void readEmbeddedObject(String text, RecordShape shape, boolean recordLevel, String name) {
        if (embeddedJson == null) embeddedJson = new JsonScanner(MAX_NESTING_DEPTH);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try {
            embeddedJson.reset(bytes, 0, bytes.length);
            if (embeddedJson.next() == Token.START_OBJECT) {
                readObject(embeddedJson, shape, recordLevel, false);
            }
        } catch (SyntaxError e) {
            // the rest of the record is still a sign-in; the broken detail is left out, not the record
            fields.shapeProblem = name + " holds text that is not valid JSON";
        }
    }

    /** @param name the member's name if already decoded, else null to take the scanner's */
    private void noteFormat(RecordShape child, JsonScanner in, String name) {
        if (child == RecordShape.PROPERTIES) fields.sawProperties = true;
        // only Elastic documents descend into the root shape again: through "azure", then "signinlogs"
        if (child == RecordShape.ROOT && nameOf(in, name).equalsIgnoreCase("azure")) {
            fields.sawElastic = true;
        }
    }

    /**
     * The member's name: {@code name} when the caller has it decoded already, else the scanner's last name, decoded now
     * (plain names are matched as bytes and only spelled out to explain a problem).
     */
    private static String nameOf(JsonScanner in, String name) {
        return name != null ? name : in.name();
    }

    private static String firstString(JsonScanner in) throws SyntaxError {
        String first = null;
        Token token;
        while ((token = in.next()) != Token.END_ARRAY) {
            if (first == null && token == Token.STRING) {
                first = in.text();
            } else {
                in.skipChildren();
            }
        }
        return first;
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
        return recordDeadLetter(reason, detail, index, message, start, end, rawLimit);
    }

    static DeadLetter recordDeadLetter(
            DeadLetterReason reason, String detail, int index, byte[] message, int start, int end, int rawLimit) {
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

    static String describe(Token token) {
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
