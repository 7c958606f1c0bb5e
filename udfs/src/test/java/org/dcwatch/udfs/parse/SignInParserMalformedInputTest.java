package org.dcwatch.udfs.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.dcwatch.udfs.event.SourceFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Whatever arrives, the parser answers with events and dead letters: never an exception, never a silent drop. */
class SignInParserMalformedInputTest {

    private static final String GOOD =
            "{\"time\":\"2026-03-04T09:16:20Z\",\"category\":\"SignInLogs\",\"tenantId\":\"t1\",\"properties\":{\"userId\":\"u1\"}}";

    static Stream<Arguments> malformedMessages() {
        return Stream.of(
                Arguments.of("empty", "", DeadLetterReason.EMPTY_MESSAGE, "no content"),
                Arguments.of("blank", "  \r\n\t ", DeadLetterReason.EMPTY_MESSAGE, "no content"),
                Arguments.of(
                        "truncated",
                        "{\"records\":[{\"time\":\"2026-03-04T09:16:20Z\"",
                        DeadLetterReason.MALFORMED_JSON,
                        "end-of-input"),
                Arguments.of(
                        "not json", "time=2026-03-04 user=alex", DeadLetterReason.MALFORMED_JSON, "Unrecognized token"),
                Arguments.of(
                        "single quotes",
                        "{'time':'2026-03-04T09:16:20Z'}",
                        DeadLetterReason.MALFORMED_JSON,
                        "Unexpected character"),
                Arguments.of("a number", "42", DeadLetterReason.NOT_AN_OBJECT, "a JSON number"),
                Arguments.of("a string", "\"SignInLogs\"", DeadLetterReason.NOT_AN_OBJECT, "a JSON string"),
                Arguments.of("null", "null", DeadLetterReason.NOT_AN_OBJECT, "a JSON null"),
                Arguments.of(
                        "records not an array",
                        "{\"records\":{\"time\":\"2026-03-04T09:16:20Z\"}}",
                        DeadLetterReason.RECORDS_NOT_AN_ARRAY,
                        "\"records\" is a JSON object"),
                Arguments.of(
                        "record not an object",
                        "{\"records\":[\"SignInLogs\"]}",
                        DeadLetterReason.RECORD_NOT_AN_OBJECT,
                        "record 0 is a JSON string"),
                Arguments.of(
                        "too deep", "[".repeat(100) + "]".repeat(100), DeadLetterReason.TOO_DEEPLY_NESTED, "depth"),
                Arguments.of("empty object", "{}", DeadLetterReason.NO_TIME, "neither createdDateTime nor time"),
                Arguments.of(
                        "no time",
                        "{\"category\":\"SignInLogs\",\"properties\":{\"userId\":\"u1\"}}",
                        DeadLetterReason.NO_TIME,
                        "neither createdDateTime nor time"),
                Arguments.of(
                        "unparseable time",
                        "{\"time\":\"yesterday\",\"category\":\"SignInLogs\",\"properties\":{\"userId\":\"u1\"}}",
                        DeadLetterReason.UNPARSEABLE_TIME,
                        "time=\"yesterday\""),
                Arguments.of(
                        "impossible date",
                        "{\"time\":\"2026-02-30T10:00:00Z\",\"category\":\"SignInLogs\",\"properties\":{\"userId\":\"u1\"}}",
                        DeadLetterReason.UNPARSEABLE_TIME,
                        "2026-02-30"),
                Arguments.of(
                        "created ahead of time",
                        "{\"time\":\"2026-03-04T09:16:20Z\",\"category\":\"SignInLogs\",\"properties\":{\"userId\":\"u1\",\"createdDateTime\":\"2027-03-04T09:16:20Z\"}}",
                        DeadLetterReason.FUTURE_TIME,
                        "is 365d ahead of time 2026-03-04T09:16:20Z"),
                Arguments.of(
                        "time is an object",
                        "{\"time\":{\"at\":1},\"category\":\"SignInLogs\",\"properties\":{\"userId\":\"u1\"}}",
                        DeadLetterReason.NO_TIME,
                        "time is an object"),
                Arguments.of(
                        "no category",
                        "{\"time\":\"2026-03-04T09:16:20Z\",\"properties\":{\"id\":\"x\"}}",
                        DeadLetterReason.NO_CATEGORY,
                        "no category"),
                Arguments.of(
                        "audit log",
                        "{\"time\":\"2026-03-04T09:16:20Z\",\"category\":\"AuditLogs\",\"properties\":{\"id\":\"x\"}}",
                        DeadLetterReason.NOT_A_SIGN_IN,
                        "category \"AuditLogs\""),
                Arguments.of(
                        "no user",
                        "{\"time\":\"2026-03-04T09:16:20Z\",\"category\":\"SignInLogs\",\"properties\":{\"userId\":\"\"}}",
                        DeadLetterReason.NO_USER,
                        "without userId or userPrincipalName"),
                Arguments.of(
                        "properties is a string",
                        "{\"time\":\"2026-03-04T09:16:20Z\",\"category\":\"SignInLogs\",\"properties\":\"n/a\"}",
                        DeadLetterReason.NO_USER,
                        "properties is a string that is not a JSON object"),
                Arguments.of(
                        "error code not a number",
                        "{\"time\":\"2026-03-04T09:16:20Z\",\"category\":\"SignInLogs\",\"resultType\":\"failed\",\"properties\":{\"userId\":\"u1\"}}",
                        DeadLetterReason.INVALID_FIELD,
                        "resultType is not a whole number"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedMessages")
    void turnsMalformedInputIntoOneDeadLetterWithItsReason(
            String kind, String message, DeadLetterReason reason, String detailPart) {
        ParseResult result = new SignInParser().parse(message);
        assertEquals(List.of(), result.events(), kind);
        assertEquals(1, result.deadLetters().size(), kind + ": " + result.deadLetters());
        DeadLetter deadLetter = result.deadLetters().get(0);
        assertEquals(reason, deadLetter.reason(), kind + ": " + deadLetter.detail());
        assertTrue(deadLetter.detail().contains(detailPart), kind + ": " + deadLetter.detail());
    }

    @Test
    void keepsTheFirstValueAndReportsWhatFollowsIt() {
        ParseResult result = new SignInParser().parse(GOOD + " " + GOOD);
        assertEquals(1, result.events().size());
        assertEquals(1, result.deadLetters().size());
        assertEquals(
                DeadLetterReason.TRAILING_CONTENT, result.deadLetters().get(0).reason());
        assertTrue(
                result.deadLetters().get(0).detail().startsWith("object at line 1"),
                result.deadLetters().get(0).detail());
    }

    @Test
    void reportsInvalidUtf8AsAnEncodingProblem() {
        byte[] message =
                "{\"time\":\"2026-03-04T09:16:20Z\",\"category\":\"Sign\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        ParseResult result = new SignInParser().parse(message);
        assertEquals(
                DeadLetterReason.INVALID_ENCODING,
                result.deadLetters().get(0).reason(),
                result.deadLetters().get(0).detail());
    }

    @Test
    void refusesAMessageOverTheSizeLimitWithoutParsingIt() {
        SignInParser parser = new SignInParser(null, 256, 64);
        ParseResult result = parser.parse(GOOD);
        assertEquals(List.of(), result.events());
        assertEquals(DeadLetterReason.TOO_LARGE, result.deadLetters().get(0).reason());
        assertTrue(result.deadLetters().get(0).detail().endsWith("the limit is 64"));
    }

    @Test
    void rejectsARecordOfAnotherFormatWhenOneIsForced() {
        ParseResult result = new SignInParser(SourceFormat.GRAPH, 1024, 1 << 20).parse(GOOD);
        assertEquals(
                DeadLetterReason.FORMAT_MISMATCH, result.deadLetters().get(0).reason());
        assertEquals(
                "forced format graph but the record looks like eventhub",
                result.deadLetters().get(0).detail());
    }

    @Test
    void keepsTheGoodRecordsOfAnEnvelopeBesideItsBadOnes() {
        String message = "{\"records\":[" + GOOD + ",{\"time\":\"soon\",\"category\":\"SignInLogs\"}," + GOOD + ",7]}";
        ParseResult result = new SignInParser().parse(message);
        assertEquals(2, result.events().size());
        assertEquals(2, result.deadLetters().size());
        DeadLetter badTime = result.deadLetters().get(0);
        assertEquals(DeadLetterReason.UNPARSEABLE_TIME, badTime.reason());
        assertEquals(1, badTime.recordIndex());
        assertEquals("{\"time\":\"soon\",\"category\":\"SignInLogs\"}", badTime.raw(), "the record's own text");
        assertEquals(3, result.deadLetters().get(1).recordIndex());
        assertEquals("7", result.deadLetters().get(1).raw());
    }

    @Test
    void keepsRecordsBeforeASyntaxErrorAndReportsTheBreak() {
        String message = "{\"records\":[" + GOOD + "," + GOOD + ",{\"time\":";
        ParseResult result = new SignInParser().parse(message);
        assertEquals(2, result.events().size());
        assertEquals(
                DeadLetterReason.MALFORMED_JSON, result.deadLetters().get(0).reason());
        assertEquals(DeadLetter.WHOLE_MESSAGE, result.deadLetters().get(0).recordIndex());
    }

    @Test
    void boundsTheRawTextWithoutSplittingACharacter() {
        String message = "\u00e9".repeat(200); // two bytes each, not JSON
        DeadLetter deadLetter = new SignInParser(null, 101, 1 << 20)
                .parse(message)
                .deadLetters()
                .get(0);
        assertEquals(50, deadLetter.raw().length(), "cut before the half character at byte 101");
        assertEquals(400, deadLetter.rawBytes());
        assertTrue(deadLetter.truncated());
    }

    @Test
    void isUsableAgainAfterAnyFailure() {
        SignInParser parser = new SignInParser();
        malformedMessages().forEach(arguments -> parser.parse((String) arguments.get()[1]));
        assertEquals(1, parser.parse(GOOD).events().size());
    }
}
