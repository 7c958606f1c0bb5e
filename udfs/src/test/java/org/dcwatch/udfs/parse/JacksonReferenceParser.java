package org.dcwatch.udfs.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.event.SourceFormat;

/**
 * The parser as it was before {@link JsonScanner}: the same walk over Jackson's streaming tokens. Kept as the oracle
 * that {@link SignInParserEquivalenceTest} holds {@link SignInParser} to, record for record and reason for reason.
 */
public final class JacksonReferenceParser {

    /** Real sign-in records nest about six levels deep. */
    private static final int MAX_NESTING_DEPTH = 64;

    private final JsonFactory json;
    private final SourceFormat forcedFormat;
    private final int rawLimit;
    private final int maxMessageBytes;
    /**
     * The rules that make a record a sign-in or a dead letter are not the walk's and stay shared: among them, a
     * createdDateTime more than {@link SignInParser#DEFAULT_MAX_TIME_AHEAD} after the record's time is FUTURE_TIME.
     */
    private final RecordFields fields = new RecordFields();

    /** A parser that detects the format of every record. */
    public JacksonReferenceParser() {
        this(null, DeadLetter.DEFAULT_RAW_LIMIT, SignInParser.DEFAULT_MAX_MESSAGE_BYTES);
    }

    /**
     * @param forcedFormat the format every record must have, or null to detect it per record
     * @param rawLimit how many bytes of raw text a dead letter keeps
     * @param maxMessageBytes larger messages become one dead letter without being parsed
     */
    JacksonReferenceParser(SourceFormat forcedFormat, int rawLimit, int maxMessageBytes) {
        if (rawLimit < 64) throw new IllegalArgumentException("rawLimit must be at least 64 bytes, was " + rawLimit);
        if (maxMessageBytes < 1) throw new IllegalArgumentException("maxMessageBytes must be positive");
        this.forcedFormat = forcedFormat;
        this.rawLimit = rawLimit;
        this.maxMessageBytes = maxMessageBytes;
        this.json = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .build())
                .build();
    }

    public ParseResult parse(String message) {
        return parse(message.getBytes(StandardCharsets.UTF_8));
    }

    public ParseResult parse(byte[] message) {
        ParseResult result = new ParseResult();
        parse(message, result);
        return result;
    }

    /** Parses one message, handing each event and dead letter to {@code out} as it is found. */
    public void parse(byte[] message, ParseOutput out) {
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
        try (JsonParser parser = json.createParser(message)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_OBJECT) {
                readRecordOrEnvelope(parser, message, out);
            } else if (first == JsonToken.START_ARRAY) {
                readRecordArray(parser, message, out);
            } else {
                out.deadLetter(messageDeadLetter(DeadLetterReason.NOT_AN_OBJECT, "a JSON " + describe(first), message));
                return;
            }
            JsonToken next = parser.nextToken();
            if (next != null) {
                out.deadLetter(messageDeadLetter(
                        DeadLetterReason.TRAILING_CONTENT,
                        describe(next) + " " + at(parser.currentTokenLocation()),
                        message));
            }
        } catch (StreamConstraintsException e) {
            out.deadLetter(messageDeadLetter(DeadLetterReason.TOO_DEEPLY_NESTED, e.getOriginalMessage(), message));
        } catch (JsonProcessingException e) {
            DeadLetterReason reason = e.getOriginalMessage().contains("UTF-8")
                            || e.getOriginalMessage().contains("UTF8")
                    ? DeadLetterReason.INVALID_ENCODING
                    : DeadLetterReason.MALFORMED_JSON;
            out.deadLetter(messageDeadLetter(reason, e.getOriginalMessage() + " " + at(e.getLocation()), message));
        } catch (IOException e) {
            out.deadLetter(messageDeadLetter(DeadLetterReason.MALFORMED_JSON, String.valueOf(e.getMessage()), message));
        }
    }

    /** The parser stands on the message's opening brace: an envelope if it holds "records", else one record. */
    private void readRecordOrEnvelope(JsonParser parser, byte[] message, ParseOutput out) throws IOException {
        int start = (int) parser.currentTokenLocation().getByteOffset();
        fields.clear();
        boolean envelope = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.equals("records")) {
                envelope = true;
                if (value == JsonToken.START_ARRAY) {
                    readRecordArray(parser, message, out);
                } else {
                    parser.skipChildren();
                    out.deadLetter(messageDeadLetter(
                            DeadLetterReason.RECORDS_NOT_AN_ARRAY,
                            "\"records\" is a JSON " + describe(value),
                            message));
                }
            } else if (envelope) {
                parser.skipChildren();
            } else {
                readValue(parser, value, RecordShape.ROOT, false, name, true);
            }
        }
        if (!envelope) {
            emit(0, message, start, (int) parser.currentLocation().getByteOffset(), out);
        }
    }

    /** The parser stands on an array's opening bracket; every element should be one record. */
    private void readRecordArray(JsonParser parser, byte[] message, ParseOutput out) throws IOException {
        int index = 0;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
            int start = (int) parser.currentTokenLocation().getByteOffset();
            if (token == JsonToken.START_OBJECT) {
                fields.clear();
                readObject(parser, RecordShape.ROOT, false, true);
                emit(index, message, start, (int) parser.currentLocation().getByteOffset(), out);
            } else {
                parser.skipChildren();
                int end = (int) parser.currentLocation().getByteOffset();
                out.deadLetter(recordDeadLetter(
                        DeadLetterReason.RECORD_NOT_AN_OBJECT,
                        "record " + index + " is a JSON " + describe(token),
                        index,
                        message,
                        start,
                        end));
            }
            index++;
        }
    }

    private void emit(int index, byte[] message, int start, int end, ParseOutput out) {
        SignInEvent event = fields.build(forcedFormat, message, start, end);
        if (event != null) {
            out.event(event);
        } else {
            out.deadLetter(recordDeadLetter(fields.failure, fields.failureDetail, index, message, start, end));
        }
    }

    private void readObject(JsonParser parser, RecordShape shape, boolean recordLevel, boolean atRoot)
            throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            readValue(parser, value, shape, recordLevel, name, atRoot);
        }
    }

    /** Keeps, descends into or skips one value; the parser stands on its first token. */
    private void readValue(
            JsonParser parser, JsonToken value, RecordShape shape, boolean recordLevel, String name, boolean atRoot)
            throws IOException {
        int dot = name.indexOf('.');
        if (dot > 0 && dot < name.length() - 1) {
            // Elastic documents may flatten paths into keys: "azure.signinlogs.properties.session_id"
            RecordShape.Key head = shape.keyOfRawName(name.substring(0, dot));
            if (head == null || head.child() == null) {
                parser.skipChildren();
                return;
            }
            noteFormat(head.child(), name.substring(0, dot));
            readValue(
                    parser,
                    value,
                    head.child(),
                    recordLevel || head.child().recordLevel(),
                    name.substring(dot + 1),
                    false);
            return;
        }
        RecordShape.Key key = shape.keyOfRawName(name);
        if (key == null) {
            parser.skipChildren();
            return;
        }
        if (atRoot) {
            if (key.field() != null && Character.isUpperCase(name.charAt(0))) fields.sawPascalCase = true;
            if (name.equals("@timestamp")) fields.sawElastic = true;
        }
        switch (value) {
            case START_OBJECT -> {
                if (key.child() != null) {
                    noteFormat(key.child(), name);
                    readObject(parser, key.child(), recordLevel || key.child().recordLevel(), false);
                } else {
                    fields.shapeProblem = name + " is an object";
                    parser.skipChildren();
                }
            }
            case START_ARRAY -> {
                if (key.field() == Field.SIGN_IN_EVENT_TYPE) {
                    fields.put(recordLevel, key.field(), firstString(parser));
                } else {
                    fields.shapeProblem = name + " is an array";
                    parser.skipChildren();
                }
            }
            case VALUE_STRING -> {
                String text = parser.getText();
                if (key.child() != null && text.startsWith("{")) {
                    // Log Analytics' AADNonInteractiveUserSignInLogs carries DeviceDetail, Status... as JSON text
                    readEmbeddedObject(
                            text, key.child(), recordLevel || key.child().recordLevel(), name);
                } else if (key.field() != null) {
                    fields.put(recordLevel, key.field(), text);
                } else if (!text.isEmpty()) {
                    fields.shapeProblem = name + " is a string that is not a JSON object";
                }
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> {
                if (key.field() != null) {
                    fields.put(recordLevel, key.field(), parser.getText());
                } else {
                    fields.shapeProblem = name + " is " + describe(value);
                }
            }
            case VALUE_NULL -> {
                if (key.field() != null) fields.put(recordLevel, key.field(), null);
            }
            default -> parser.skipChildren();
        }
    }

    private void readEmbeddedObject(String text, RecordShape shape, boolean recordLevel, String name) {
        try (JsonParser embedded = json.createParser(text)) {
            if (embedded.nextToken() == JsonToken.START_OBJECT) {
                readObject(embedded, shape, recordLevel, false);
            }
        } catch (IOException e) {
            // the rest of the record is still a sign-in; the broken detail is left out, not the record
            fields.shapeProblem = name + " holds text that is not valid JSON";
        }
    }

    private void noteFormat(RecordShape child, String name) {
        if (child == RecordShape.PROPERTIES) fields.sawProperties = true;
        if (name.equalsIgnoreCase("azure")) fields.sawElastic = true;
    }

    private static String firstString(JsonParser parser) throws IOException {
        String first = null;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
            if (first == null && token == JsonToken.VALUE_STRING) {
                first = parser.getText();
            } else {
                parser.skipChildren();
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
        int from = Math.max(0, Math.min(start, message.length));
        int length = Math.max(0, Math.min(end, message.length) - from);
        return new DeadLetter(
                reason, detail, index, DeadLetter.boundedText(message, from, length, rawLimit), length, null);
    }

    private static boolean isBlank(byte[] message) {
        for (byte b : message) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') return false;
        }
        return true;
    }

    private static String describe(JsonToken token) {
        if (token == null) return "nothing";
        return switch (token) {
            case START_OBJECT -> "object";
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> token.name().toLowerCase();
        };
    }

    private static String at(JsonLocation location) {
        if (location == null) return "";
        return "at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
