package org.dcwatch.udfs.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.event.SourceFormat;
import org.junit.jupiter.api.Test;

/**
 * Reading a message as headers must decide exactly as reading it in full: the same sign-ins, the same dead letters; and
 * a header read again in full must be the event a full parse made of its record. Held on every message of the
 * equivalence corpus (real records, samples of every format, malformed input) and thousands of seeded mutations.
 */
class SignInHeaderTest {

    /** The messages, and mutations of them: what a full parse and a header parse must agree on. */
    private static List<byte[]> corpus() {
        List<byte[]> messages = new ArrayList<>();
        Random random = new Random(20261124);
        for (String message : SignInParserEquivalenceTest.messages().toList()) {
            byte[] original = message.getBytes(StandardCharsets.UTF_8);
            messages.add(original);
            for (int i = 0; i < 100; i++) messages.add(SignInParserEquivalenceTest.mutate(original, random));
        }
        return messages;
    }

    @Test
    void headersAreTheSignInsOfAFullParseAndReadBackToTheSameEvents() {
        SignInParser full = new SignInParser();
        SignInParser headers = new SignInParser();
        SignInParser rereader = new SignInParser();
        int signIns = 0;
        for (byte[] message : corpus()) {
            String text = new String(message, StandardCharsets.UTF_8);
            ParseResult expected = full.parse(message);
            HeaderResult actual = new HeaderResult();
            headers.parseHeaders(message, actual);

            assertEquals(expected.deadLetters(), actual.deadLetters, text);
            assertEquals(expected.events().size(), actual.headers.size(), text);
            for (int i = 0; i < actual.headers.size(); i++) {
                SignInEvent event = expected.events().get(i);
                SignInHeader header = actual.headers.get(i);
                assertEquals(summary(event), summary(header), text);
                assertEquals(event, rereader.readRecord(header), text);
                // the parser that made the header reads it back as well, between messages of its own
                assertEquals(event, headers.readRecord(header), text);
                // a dead letter made of a header is the one the parser would have made of its record
                DeadLetter refused = rereader.deadLetter(header, DeadLetterReason.FUTURE_TIME, "refused");
                assertEquals(
                        new DeadLetter(
                                DeadLetterReason.FUTURE_TIME,
                                "refused",
                                header.recordIndex(),
                                new String(
                                        message,
                                        header.recordStart(),
                                        header.recordEnd() - header.recordStart(),
                                        StandardCharsets.UTF_8),
                                header.recordEnd() - header.recordStart(),
                                null),
                        refused,
                        text);
            }
            // every record yields one header or one dead letter, in order, numbered as in its message
            assertEquals(IntStream.range(0, actual.recordIndexes.size()).boxed().toList(), actual.recordIndexes, text);
            // the same bytes make equal headers, whichever parser reads them
            HeaderResult again = new HeaderResult();
            rereader.parseHeaders(message, again);
            assertEquals(actual.headers, again.headers, text);
            signIns += actual.headers.size();
        }
        assertTrue(signIns > 500, "the corpus should hold many sign-ins: " + signIns);
    }

    @Test
    void aForcedFormatRejectsTheSameRecordsAsHeaders() {
        for (SourceFormat format : SourceFormat.values()) {
            SignInParser full = new SignInParser(format, DeadLetter.DEFAULT_RAW_LIMIT, 1 << 20);
            SignInParser headers = new SignInParser(format, DeadLetter.DEFAULT_RAW_LIMIT, 1 << 20);
            for (String message : SignInParserEquivalenceTest.messages().toList()) {
                byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
                ParseResult expected = full.parse(bytes);
                HeaderResult actual = new HeaderResult();
                headers.parseHeaders(bytes, actual);
                assertEquals(expected.deadLetters(), actual.deadLetters, message);
                assertEquals(
                        expected.events(),
                        actual.headers.stream().map(headers::readRecord).toList(),
                        message);
            }
        }
    }

    @Test
    void refusesBytesThatAreNotTheRecordOfASignIn() {
        byte[] message = "{\"records\":[{\"category\":\"AuditLogs\",\"time\":\"2026-01-01T00:00:00Z\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        SignInHeader forged = new SignInHeader(
                message,
                12,
                message.length - 2,
                0,
                SourceFormat.EVENTHUB,
                0L,
                SignInEvent.INTERACTIVE,
                "tenant",
                "user",
                0,
                0,
                null,
                null,
                null);
        assertThrows(IllegalArgumentException.class, () -> new SignInParser().readRecord(forged));
    }

    @Test
    void aHeadersDeadLetterIsTheOneItsRecordWouldHaveBeen() {
        String good =
                "{\"time\":\"2026-03-04T09:16:20Z\",\"category\":\"SignInLogs\",\"properties\":{\"userId\":\"u1\"}}";
        String late = good.replace("2026-03-04", "2027-03-04");
        byte[] message = ("{\"records\":[" + good + ",7," + late + "]}").getBytes(StandardCharsets.UTF_8);
        long notAfter = java.time.Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();
        SignInParser parser = new SignInParser();
        HeaderResult bounded = new HeaderResult();
        parser.parseHeaders(message, bounded, notAfter);
        DeadLetter refusedByTheParser = bounded.deadLetters.get(1);
        assertEquals(2, refusedByTheParser.recordIndex());

        HeaderResult unbounded = new HeaderResult();
        parser.parseHeaders(message, unbounded);
        assertEquals(List.of(0, 1, 2), unbounded.recordIndexes);
        SignInHeader header = unbounded.headers.get(1);
        assertEquals(2, header.recordIndex());
        assertEquals(
                refusedByTheParser,
                parser.deadLetter(header, DeadLetterReason.FUTURE_TIME, refusedByTheParser.detail()));

        DeadLetter bounded64 =
                new SignInParser(null, 64, 1 << 20).deadLetter(header, DeadLetterReason.FUTURE_TIME, "x");
        assertEquals(late.substring(0, 64), bounded64.raw(), "cut to the parser's raw limit");
        assertEquals(late.length(), bounded64.rawBytes());
        assertTrue(bounded64.truncated());
        assertEquals(null, bounded64.origin());
    }

    /** What a router reads of a sign-in, from the event or from its header. */
    private static String summary(SignInEvent e) {
        return String.join(
                "|",
                e.format().name(),
                Long.toString(e.eventTime()),
                e.category(),
                e.tenantId(),
                e.userKey(),
                Integer.toString(e.asn()),
                Integer.toString(e.errorCode()),
                e.authenticationProtocol(),
                e.originalTransferMethod(),
                Boolean.toString(e.isUserSignIn()),
                Boolean.toString(e.isSuccess()));
    }

    private static String summary(SignInHeader h) {
        return String.join(
                "|",
                h.format().name(),
                Long.toString(h.eventTime()),
                h.category(),
                h.tenantId(),
                h.userKey(),
                Integer.toString(h.asn()),
                Integer.toString(h.errorCode()),
                h.authenticationProtocol(),
                h.originalTransferMethod(),
                Boolean.toString(h.isUserSignIn()),
                Boolean.toString(h.isSuccess()));
    }

    private static final class HeaderResult implements HeaderOutput {
        final List<SignInHeader> headers = new ArrayList<>();
        final List<DeadLetter> deadLetters = new ArrayList<>();
        /** Of the headers and the records' dead letters, in the order they came. */
        final List<Integer> recordIndexes = new ArrayList<>();

        @Override
        public void header(SignInHeader header) {
            headers.add(header);
            recordIndexes.add(header.recordIndex());
        }

        @Override
        public void deadLetter(DeadLetter deadLetter) {
            deadLetters.add(deadLetter);
            if (deadLetter.recordIndex() != DeadLetter.WHOLE_MESSAGE) recordIndexes.add(deadLetter.recordIndex());
        }
    }
}
