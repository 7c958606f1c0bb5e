package org.dcwatch.udfs.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.dcwatch.udfs.event.SignInEvent;
import org.junit.jupiter.api.Test;

/** Records whose event time is implausibly far ahead become FUTURE_TIME dead letters, read in full or as headers. */
class SignInParserFutureTimeTest {

    /** An Event Hub record: its time (when Azure wrote the log) and its createdDateTime (the sign-in), if any. */
    private static String record(String time, String created) {
        return "{" + (time == null ? "" : "\"time\":\"" + time + "\",")
                + "\"category\":\"SignInLogs\",\"tenantId\":\"t1\","
                + "\"properties\":{\"userId\":\"u1\""
                + (created == null ? "" : ",\"createdDateTime\":\"" + created + "\"")
                + "}}";
    }

    @Test
    void refusesACreatedDateTimeFarAheadOfTheRecordsOwnTime() {
        String message = record("2026-03-02T09:14:31Z", "2027-03-02T09:14:31Z");
        DeadLetter deadLetter = onlyDeadLetter(new SignInParser(), message);
        assertEquals(DeadLetterReason.FUTURE_TIME, deadLetter.reason());
        assertEquals(
                "createdDateTime 2027-03-02T09:14:31Z is 365d ahead of time 2026-03-02T09:14:31Z"
                        + " (at most 5m allowed)",
                deadLetter.detail());
        assertEquals(0, deadLetter.recordIndex());
        assertEquals(message, deadLetter.raw());
    }

    @Test
    void allowsTheDefaultBoundAndNotAMillisecondMore() {
        SignInParser parser = new SignInParser();
        assertEquals(
                1,
                parser.parse(record("2026-03-02T09:14:31Z", "2026-03-02T09:19:31Z"))
                        .events()
                        .size());
        assertEquals(
                1,
                parser.parse(record("2026-03-02T09:14:31Z", "2026-03-02T09:10:00Z"))
                        .events()
                        .size());
        DeadLetter deadLetter = onlyDeadLetter(parser, record("2026-03-02T09:14:31Z", "2026-03-02T09:19:31.001Z"));
        assertEquals(DeadLetterReason.FUTURE_TIME, deadLetter.reason());
        assertEquals(
                "createdDateTime 2026-03-02T09:19:31.001Z is 5m 1ms ahead of time 2026-03-02T09:14:31Z"
                        + " (at most 5m allowed)",
                deadLetter.detail());
    }

    @Test
    void comparesOnlyTwoTimesThatBothParse() {
        SignInParser parser = new SignInParser();
        assertEquals(
                1, parser.parse(record(null, "2030-01-01T00:00:00Z")).events().size(), "no time");
        assertEquals(
                1, parser.parse(record("2030-01-01T00:00:00Z", null)).events().size(), "no createdDateTime");
        List<SignInEvent> events =
                parser.parse(record("soon", "2030-01-01T00:00:00Z")).events();
        assertEquals(
                Instant.parse("2030-01-01T00:00:00Z").toEpochMilli(),
                events.get(0).eventTime(),
                "time unreadable");
    }

    @Test
    void readsLogAnalyticsTimeGeneratedAsTheIngestionTime() {
        String row = "{\"TenantId\":\"t1\",\"TimeGenerated\":\"2026-03-04T09:16:20.0000000Z\","
                + "\"CreatedDateTime\":\"2026-03-04T10:16:20.0000000Z\",\"Type\":\"SigninLogs\",\"UserId\":\"u1\"}";
        DeadLetter deadLetter = onlyDeadLetter(new SignInParser(), row);
        assertEquals(DeadLetterReason.FUTURE_TIME, deadLetter.reason());
        assertEquals(
                "createdDateTime 2026-03-04T10:16:20Z is 1h ahead of time 2026-03-04T09:16:20Z (at most 5m allowed)",
                deadLetter.detail());
    }

    @Test
    void takesItsBoundFromTheConstructor() {
        String secondAhead = record("2026-03-02T09:14:31Z", "2026-03-02T09:14:32Z");
        String yearAhead = record("2026-03-02T09:14:31Z", "2027-03-02T09:14:31Z");
        SignInParser strict = new SignInParser(null, DeadLetter.DEFAULT_RAW_LIMIT, 1 << 20, 0);
        assertEquals(
                "createdDateTime 2026-03-02T09:14:32Z is 1s ahead of time 2026-03-02T09:14:31Z (at most 0ms allowed)",
                onlyDeadLetter(strict, secondAhead).detail());
        assertEquals(
                1,
                strict.parse(record("2026-03-02T09:14:31Z", "2026-03-02T09:14:31Z"))
                        .events()
                        .size());
        SignInParser lenient = new SignInParser(null, DeadLetter.DEFAULT_RAW_LIMIT, 1 << 20, Long.MAX_VALUE);
        assertEquals(1, lenient.parse(yearAhead).events().size());
        assertThrows(
                IllegalArgumentException.class,
                () -> new SignInParser(null, DeadLetter.DEFAULT_RAW_LIMIT, 1 << 20, -1));
    }

    @Test
    void readsBackAHeaderThatAnotherParsersBoundWouldRefuse() {
        byte[] yearAhead =
                record("2026-03-02T09:14:31Z", "2027-03-02T09:14:31Z").getBytes(StandardCharsets.UTF_8);
        HeaderResult headers = new HeaderResult();
        new SignInParser(null, DeadLetter.DEFAULT_RAW_LIMIT, 1 << 20, Long.MAX_VALUE).parseHeaders(yearAhead, headers);
        SignInParser strict = new SignInParser();
        assertEquals(
                Instant.parse("2027-03-02T09:14:31Z").toEpochMilli(),
                strict.readRecord(headers.headers.get(0)).eventTime());
        assertEquals(
                DeadLetterReason.FUTURE_TIME,
                onlyDeadLetter(strict, new String(yearAhead, StandardCharsets.UTF_8))
                        .reason(),
                "re-reading leaves the bound of the next message as it was");
    }

    @Test
    void refusesAnEventTimeAfterTheCallersBound() {
        long notAfter = Instant.parse("2026-12-01T19:20:00Z").toEpochMilli();
        String future = record("2027-03-02T09:14:40Z", "2027-03-02T09:14:31Z");
        String good = record("2026-12-01T19:21:00Z", "2026-12-01T19:20:00Z"); // at the bound, logged after it
        byte[] message = ("{\"records\":[" + good + "," + future + "," + record("2027-01-01T00:00:00Z", null) + "]}")
                .getBytes(StandardCharsets.UTF_8);
        SignInParser parser = new SignInParser();
        HeaderResult bounded = new HeaderResult();
        parser.parseHeaders(message, bounded, notAfter);

        assertEquals(1, bounded.headers.size());
        assertEquals(notAfter, bounded.headers.get(0).eventTime());
        assertEquals(2, bounded.deadLetters.size());
        DeadLetter created = bounded.deadLetters.get(0);
        assertEquals(DeadLetterReason.FUTURE_TIME, created.reason());
        assertEquals(
                "createdDateTime 2027-03-02T09:14:31Z is after 2026-12-01T19:20:00Z, the latest time this stream"
                        + " makes plausible",
                created.detail());
        assertEquals(1, created.recordIndex());
        assertEquals(future, created.raw());
        DeadLetter timed = bounded.deadLetters.get(1);
        assertEquals(
                "time 2027-01-01T00:00:00Z is after 2026-12-01T19:20:00Z, the latest time this stream makes"
                        + " plausible",
                timed.detail(),
                "a record timed by its time alone");
        assertEquals(2, timed.recordIndex());

        HeaderResult unbounded = new HeaderResult();
        parser.parseHeaders(message, unbounded);
        assertEquals(3, unbounded.headers.size(), "the bound holds for one call only");
        assertEquals(3, parser.parse(message).events().size());
        assertEquals(
                Instant.parse("2027-03-02T09:14:31Z").toEpochMilli(),
                parser.readRecord(unbounded.headers.get(1)).eventTime());
    }

    @Test
    void refusesByTheRecordsOwnTimeFirst() {
        HeaderResult out = new HeaderResult();
        new SignInParser()
                .parseHeaders(
                        record("2026-03-02T09:14:31Z", "2027-03-02T09:14:31Z").getBytes(StandardCharsets.UTF_8),
                        out,
                        Instant.parse("2026-12-01T19:20:00Z").toEpochMilli());
        assertEquals(
                "createdDateTime 2027-03-02T09:14:31Z is 365d ahead of time 2026-03-02T09:14:31Z"
                        + " (at most 5m allowed)",
                out.deadLetters.get(0).detail());
    }

    @Test
    void spellsOutSpans() {
        assertEquals("0ms", RecordFields.span(0));
        assertEquals("365d 6h", RecordFields.span(365 * 86_400_000L + 6 * 3_600_000L));
        assertEquals("2s 500ms", RecordFields.span(2_500));
        assertEquals("1d 1h 1m 1s 1ms", RecordFields.span(90_061_001));
    }

    /** The one dead letter a message yields, the same read in full and as headers; no sign-in. */
    private static DeadLetter onlyDeadLetter(SignInParser parser, String message) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        ParseResult full = parser.parse(bytes);
        HeaderResult headers = new HeaderResult();
        parser.parseHeaders(bytes, headers);
        assertEquals(List.of(), full.events(), message);
        assertEquals(List.of(), headers.headers, message);
        assertEquals(1, full.deadLetters().size(), message);
        assertEquals(full.deadLetters(), headers.deadLetters, message);
        return full.deadLetters().get(0);
    }

    static final class HeaderResult implements HeaderOutput {
        final List<SignInHeader> headers = new ArrayList<>();
        final List<DeadLetter> deadLetters = new ArrayList<>();

        @Override
        public void header(SignInHeader header) {
            headers.add(header);
        }

        @Override
        public void deadLetter(DeadLetter deadLetter) {
            deadLetters.add(deadLetter);
        }
    }
}
