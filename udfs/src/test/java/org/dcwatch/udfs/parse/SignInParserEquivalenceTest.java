package org.dcwatch.udfs.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link SignInParser} reads with its own {@link JsonScanner}; this holds it to the Jackson-based parser it replaced
 * ({@link JacksonReferenceParser}): the same events and the same dead letters (reason, record, raw text) for every
 * real record, every hand-written sample and malformed case, and thousands of seeded mutations of them.
 */
class SignInParserEquivalenceTest {

    private static final List<String> RESOURCES = List.of(
            "fixtures/public/signinlogs-interactive.json",
            "fixtures/public/signinlogs-noninteractive.json",
            "fixtures/public/test-non-interactive-user-teams.json",
            "fixtures/public/serviceprincipal-quirks.json",
            "samples/eventhub-device-code-envelope.json",
            "samples/loganalytics-noninteractive-row.json",
            "samples/graph-signin.json",
            "samples/ecs-signin.json");
    private static final List<String> LINE_RESOURCES = List.of(
            "fixtures/public/test-created-datetime-timestamp.jsonl",
            "fixtures/public/test-time-formats-corner-cases.jsonl");

    /** Bytes a mutation inserts or writes: JSON's own punctuation, literals' letters, and bytes that are never JSON. */
    private static final byte[] MUTATION_BYTES =
            "{}[]\":,\\ \t\n0123456789-+.eEtrufalsnu/'x".getBytes(StandardCharsets.US_ASCII);

    private static final int[] BAD_BYTES = {0x00, 0x1F, 0x7F, 0x80, 0xA9, 0xC3, 0xE2, 0xED, 0xF0, 0xFF};

    static Stream<String> messages() {
        List<String> messages = new ArrayList<>();
        RESOURCES.forEach(resource -> messages.add(Fixtures.text(resource)));
        LINE_RESOURCES.forEach(resource -> messages.addAll(Fixtures.lines(resource)));
        // an envelope of several real records, as Event Hubs delivers them
        messages.add("{\"records\":[" + Fixtures.text("fixtures/public/signinlogs-interactive.json") + ","
                + Fixtures.text("fixtures/public/signinlogs-noninteractive.json") + "]}");
        SignInParserMalformedInputTest.malformedMessages()
                .forEach(arguments -> messages.add((String) arguments.get()[1]));
        messages.add("\uFEFF" + Fixtures.text("samples/graph-signin.json")); // a byte order mark
        messages.add(
                "{\"time\":\"2026-03-04T09:16:20Z\",\"category\":\"SignInLogs\",\"tenantId\":\"t\\u0031\","
                        + "\"prop\\u0065rties\":{\"userId\":\"u\\\"1\\\\\",\"userAgent\":\"caf\u00e9 \\ud83d\\ude00 \uD83D\uDE00\"}}");
        return messages.stream();
    }

    @ParameterizedTest
    @MethodSource("messages")
    void readsEveryMessageAsTheJacksonParserDid(String message) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        assertSame(new JacksonReferenceParser().parse(bytes), new SignInParser().parse(bytes), message);
    }

    @Test
    void readsMutatedMessagesAsTheJacksonParserDid() {
        Random random = new Random(20261123);
        SignInParser parser = new SignInParser();
        JacksonReferenceParser reference = new JacksonReferenceParser();
        List<String> differences = new ArrayList<>();
        int mutations = 0;
        for (String message : messages().toList()) {
            byte[] original = message.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 400; i++) {
                byte[] mutated = mutate(original, random);
                mutations++;
                ParseResult expected = reference.parse(mutated);
                ParseResult actual = parser.parse(mutated);
                String difference = isUtf8(mutated) ? difference(expected, actual) : refusedAsNotUtf8(actual);
                if (difference != null && differences.size() < 10) {
                    differences.add(difference + "\n    in: " + new String(mutated, StandardCharsets.UTF_8)
                            + "\n    mutated from: " + message);
                }
            }
        }
        assertTrue(mutations > 10_000, "mutations " + mutations);
        assertEquals(List.of(), differences);
    }

    /**
     * Jackson lets some broken UTF-8 through (in names, in strings it skips); the scanner refuses every message that is
     * not UTF-8, after the records that came before the broken byte (or sooner, for another break before it).
     */
    private static String refusedAsNotUtf8(ParseResult actual) {
        List<DeadLetter> deadLetters = actual.deadLetters();
        DeadLetter last = deadLetters.isEmpty() ? null : deadLetters.get(deadLetters.size() - 1);
        boolean refused = last != null
                && last.recordIndex() == DeadLetter.WHOLE_MESSAGE
                && (last.reason() == DeadLetterReason.INVALID_ENCODING
                        || last.reason() == DeadLetterReason.MALFORMED_JSON
                        || last.reason() == DeadLetterReason.TOO_DEEPLY_NESTED);
        return refused ? null : "not UTF-8, yet not refused: " + actual.events() + " " + details(actual);
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    static byte[] mutate(byte[] original, Random random) {
        if (original.length == 0) return new byte[] {MUTATION_BYTES[random.nextInt(MUTATION_BYTES.length)]};
        int at = random.nextInt(original.length);
        // a zero byte among the first two makes Jackson read UTF-16 or UTF-32; the scanner refuses those outright
        byte replacement = random.nextInt(8) == 0 && at > 1
                ? (byte) BAD_BYTES[random.nextInt(BAD_BYTES.length)]
                : MUTATION_BYTES[random.nextInt(MUTATION_BYTES.length)];
        return switch (random.nextInt(4)) {
            case 0 -> { // delete a byte
                byte[] out = new byte[original.length - 1];
                System.arraycopy(original, 0, out, 0, at);
                System.arraycopy(original, at + 1, out, at, original.length - at - 1);
                yield out;
            }
            case 1 -> { // insert a byte
                byte[] out = new byte[original.length + 1];
                System.arraycopy(original, 0, out, 0, at);
                out[at] = replacement;
                System.arraycopy(original, at, out, at + 1, original.length - at);
                yield out;
            }
            case 2 -> { // replace a byte
                byte[] out = original.clone();
                out[at] = replacement;
                yield out;
            }
            default -> java.util.Arrays.copyOf(original, at); // truncate
        };
    }

    private static void assertSame(ParseResult expected, ParseResult actual, String message) {
        assertEquals(null, difference(expected, actual), message);
    }

    /** Null when both parsers said the same, else what differs. */
    private static String difference(ParseResult expected, ParseResult actual) {
        if (!expected.events().equals(actual.events())) {
            return "events differ:\n    jackson: " + expected.events() + " " + details(expected) + "\n    scanner: "
                    + actual.events() + " " + details(actual);
        }
        List<String> expectedLetters = expected.deadLetters().stream()
                .map(SignInParserEquivalenceTest::letter)
                .toList();
        List<String> actualLetters = actual.deadLetters().stream()
                .map(SignInParserEquivalenceTest::letter)
                .toList();
        if (brokenMessage(actualLetters)
                && expectedLetters.stream().anyMatch(letter -> letter.contains("a JSON string"))) {
            // Jackson reported a string where a record belonged before reading it, so also when the string itself was
            // what broke the message (a top-level one it never read at all); the scanner reads it first and reports
            // only the break
            String brokenAt = actualLetters.get(actualLetters.size() - 1);
            expectedLetters = expectedLetters.stream()
                    .filter(letter -> !letter.contains("a JSON string"))
                    .toList();
            actualLetters = actualLetters.stream()
                    .filter(letter -> !letter.contains("a JSON string"))
                    .toList();
            if (!brokenMessage(expectedLetters)) {
                expectedLetters = Stream.concat(expectedLetters.stream(), Stream.of(brokenAt))
                        .toList();
            }
        }
        if (!expectedLetters.equals(actualLetters)) {
            return "dead letters differ:\n    jackson: " + expectedLetters + " " + details(expected) + "\n    scanner: "
                    + actualLetters + " " + details(actual);
        }
        return null;
    }

    /**
     * Everything of a dead letter but the wording of a syntax error, which is each parser's own. A byte that breaks
     * both the JSON and the UTF-8 is one or the other as each parser meets it (Jackson itself says either, by where it
     * stands), so the two reasons count as one: "not JSON in UTF-8".
     */
    private static String letter(DeadLetter deadLetter) {
        boolean notJson = deadLetter.reason() == DeadLetterReason.MALFORMED_JSON
                || deadLetter.reason() == DeadLetterReason.INVALID_ENCODING;
        boolean syntax = notJson
                || deadLetter.reason() == DeadLetterReason.TOO_DEEPLY_NESTED
                || deadLetter.reason() == DeadLetterReason.TRAILING_CONTENT;
        // Jackson had not yet read a string element when it reported it, so its raw text held the opening quote only
        boolean stringElement = deadLetter.reason() == DeadLetterReason.RECORD_NOT_AN_OBJECT
                && deadLetter.detail().endsWith("is a JSON string");
        return (notJson ? "NOT_JSON_IN_UTF8" : deadLetter.reason()) + "#" + deadLetter.recordIndex()
                + (syntax ? "" : " " + deadLetter.detail())
                + (stringElement ? "" : " raw " + deadLetter.rawBytes() + " bytes");
    }

    private static boolean brokenMessage(List<String> letters) {
        return !letters.isEmpty() && letters.get(letters.size() - 1).startsWith("NOT_JSON_IN_UTF8#-1");
    }

    private static List<String> details(ParseResult result) {
        return result.deadLetters().stream().map(DeadLetter::detail).toList();
    }
}
