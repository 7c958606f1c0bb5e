package org.dcwatch.job.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UserAgentGlobTest {

    /**
     * Characters that make the difference between matchers: ASCII letters in both cases, regular-expression and
     * quoting characters, non-ASCII letters that fold only under Unicode case rules (é/É, the Kelvin sign, long s,
     * dotted I), an emoji (a surrogate pair), tab and NUL, and the star.
     */
    private static final String[] PATTERN_ALPHABET = {
        "a",
        "A",
        "b",
        "B",
        "k",
        "K",
        "s",
        "S",
        "i",
        "I",
        ".",
        "\\",
        "E",
        "Q",
        "\\E",
        "\\Q",
        "(",
        ")",
        "[",
        "]",
        "^",
        "$",
        "?",
        "+",
        "|",
        "{",
        "}",
        "-",
        " ",
        "/",
        "\u00e9",
        "\u00c9",
        "\u212a",
        "\u017f",
        "\u0130",
        "\ud83d\ude00",
        "\t",
        "\u0000",
        "*",
        "*",
        "*"
    };
    /** The same, plus line breaks and unpaired surrogates, which only user agents can hold. */
    private static final String[] TEXT_ALPHABET =
            concat(PATTERN_ALPHABET, "\n", "\r", "\r\n", "\u0085", "\u2028", "\u2029", "\ud83d", "\ude00");

    /** What the patterns meant before: each one translated to a case-insensitive regular expression. */
    private static boolean regexMatches(String glob, String userAgent) {
        StringBuilder regex = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            if (!regex.isEmpty()) regex.append(".*");
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE)
                .matcher(userAgent)
                .matches();
    }

    @Test
    void matchesExactlyWhatTheRegularExpressionsMatched() {
        Random random = new Random(20261201);
        int compared = 0;
        int matched = 0;
        for (int i = 0; i < 200_000; i++) {
            String userAgent = randomText(random, TEXT_ALPHABET, random.nextInt(12));
            // half the patterns are made from the user agent, so that they match it or nearly do
            String glob = random.nextBoolean()
                    ? patternFrom(random, userAgent)
                    : randomText(random, PATTERN_ALPHABET, random.nextInt(8));
            UserAgentGlob compiled;
            try {
                compiled = UserAgentGlob.compile(glob);
            } catch (IllegalArgumentException refused) {
                continue; // a line break or an unpaired surrogate: the check refuses the record
            }
            boolean expected = regexMatches(glob, userAgent);
            assertEquals(
                    expected,
                    compiled.matches(userAgent),
                    () -> "pattern '" + escape(glob) + "' on '" + escape(userAgent) + "'");
            compared++;
            if (expected) matched++;
        }
        assertTrue(compared > 100_000, "compared " + compared);
        assertTrue(matched > 10_000 && compared - matched > 10_000, matched + " of " + compared + " matched");
    }

    @ParameterizedTest(name = "''{0}'' on ''{1}'': {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "AZURECLI/*            | AzureCLI/2.61.0 (PIP) azsdk-python-azure-mgmt/4.0 Python/3.11.8 | true",
                "azurecli/*            | python-requests/2.32.3                                          | false",
                "*python*requests*     | python-requests/2.32.3                                          | true",
                "*requests*python*     | python-requests/2.32.3                                          | false",
                "**                    | ''                                                              | true",
                "a*                    | ''                                                              | false",
                "ab*ba                 | aba                                                             | false",
                "ab*ba                 | abba                                                            | true",
                "*a*a                  | aa                                                              | true",
                "*a*a                  | a                                                               | false",
                "curl/?                | curl/8                                                          | false",
                "curl/?                | curl/?                                                          | true",
                "\u212aube*            | kube-client/1.30                                                | false"
            })
    void starIsTheOnlyWildcardAndAsciiLettersFold(String glob, String userAgent, boolean matches) {
        assertEquals(matches, UserAgentGlob.compile(glob).matches(userAgent));
    }

    @Test
    void starDoesNotReachAcrossALineBreak() {
        UserAgentGlob azureCli = UserAgentGlob.compile("AZURECLI/*");

        assertTrue(azureCli.matches("AZURECLI/2.61.0\t(PIP)"));
        assertFalse(azureCli.matches("AZURECLI/2.61.0\r\npython-requests/2.32.3"));
        assertFalse(UserAgentGlob.compile("*requests*").matches("python\u2028requests"));
    }

    @Test
    void manyStarsOnAUserAgentWithoutTheLastSegmentEndWithoutBacktracking() {
        // 12 stars on 40 characters: a backtracking matcher tries about C(40,12) = 5.6e9 splits
        UserAgentGlob pattern = UserAgentGlob.compile("*a*a*a*a*a*a*a*a*a*a*a*b");

        assertFalse(pattern.matches("a".repeat(40)));
        assertTrue(pattern.matches("a".repeat(40) + "b"));
    }

    @Test
    void benignPatternOnAHugeUserAgentEndsWithoutBacktracking() {
        String huge = "python/".repeat(30_000); // 210,000 characters: every "python" is a candidate for the first star

        assertFalse(UserAgentGlob.compile("*python*requests*").matches(huge));
        assertTrue(UserAgentGlob.compile("*python*requests*").matches(huge + "requests/2.32.3"));
        // a long segment that nearly occurs at every seventh position
        UserAgentGlob nearMiss = UserAgentGlob.compile("*" + "python/".repeat(35) + "x*");
        assertFalse(nearMiss.matches(huge));
        assertTrue(nearMiss.matches(huge + "x"));
    }

    @Test
    void refusesPatternsItCannotMatchInLinearTime() {
        assertEquals(
                "a pattern has at most 256 characters, one has 257",
                assertThrows(IllegalArgumentException.class, () -> UserAgentGlob.compile("a".repeat(257)))
                        .getMessage());
        assertEquals(
                "a pattern has at most 16 '*', one has 17",
                assertThrows(IllegalArgumentException.class, () -> UserAgentGlob.compile("*a".repeat(17)))
                        .getMessage());
        assertEquals(
                "a pattern cannot hold a line break",
                assertThrows(IllegalArgumentException.class, () -> UserAgentGlob.compile("AZURECLI/*\n"))
                        .getMessage());
        assertEquals(
                "a pattern cannot hold an unpaired surrogate",
                assertThrows(IllegalArgumentException.class, () -> UserAgentGlob.compile("AZURECLI/\ud83d*"))
                        .getMessage());
        UserAgentGlob.compile("a".repeat(240) + "*".repeat(16)); // both limits reached, not passed
    }

    private static String randomText(Random random, String[] alphabet, int pieces) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < pieces; i++) text.append(alphabet[random.nextInt(alphabet.length)]);
        return text.toString();
    }

    /** The user agent with some runs replaced by stars, some letters in the other case, and a character changed. */
    private static String patternFrom(Random random, String userAgent) {
        StringBuilder pattern = new StringBuilder();
        int i = 0;
        while (i < userAgent.length()) {
            int choice = random.nextInt(10);
            if (choice < 2) {
                pattern.append('*');
                i += random.nextInt(Math.min(4, userAgent.length() - i) + 1);
            } else if (choice < 4) {
                char c = userAgent.charAt(i++);
                pattern.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
            } else if (choice == 4) {
                pattern.append(PATTERN_ALPHABET[random.nextInt(PATTERN_ALPHABET.length)]);
                i++;
            } else {
                pattern.append(userAgent.charAt(i++));
            }
        }
        if (random.nextInt(4) == 0) pattern.append('*');
        return pattern.toString();
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = new String[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    private static String escape(String text) {
        StringBuilder escaped = new StringBuilder();
        for (char c : text.toCharArray()) {
            escaped.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return escaped.toString();
    }
}
