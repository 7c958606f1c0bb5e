package org.dcwatch.udfs.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.event.TextBounds;
import org.junit.jupiter.api.Test;

/**
 * Every text a sign-in carries on is bounded at parse time (a 400 KB user agent made alerts too large to send), the
 * same way on the header path, the full path and in the reference parser, with the cut visible in the value.
 */
class SignInParserBoundsTest {

    private static final String SAMPLE = Fixtures.text("samples/graph-signin.json");
    private static final String AGENT =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                    + "Chrome/124.0.0.0 Safari/537.36";

    private static String oversized() {
        String agent = "python-requests/2.31.0 " + "a".repeat(409_600 - 23);
        String upn = "x".repeat(100_000) + "@contoso.example";
        return SAMPLE.replace(AGENT, agent)
                .replace("\"userPrincipalName\":\"AlexW@contoso.example\"", "\"userPrincipalName\":\"" + upn + "\"")
                .replace(
                        "\"userDisplayName\":\"Alex Wilber\"", "\"userDisplayName\":\"" + "\u00e9".repeat(5_000) + "\"")
                .replace("\"city\":\"Berlin\"", "\"city\":\"" + "B".repeat(600) + "\"");
    }

    @Test
    void cutsEachLongTextAndSaysSoInTheValue() {
        String message = oversized();
        assertTrue(message.length() > 500_000);
        ParseResult result = new SignInParser().parse(message);
        assertEquals(List.of(), result.deadLetters());
        SignInEvent event = result.events().get(0);

        assertEquals(TextBounds.MAX_USER_AGENT, event.userAgent().length());
        assertTrue(event.userAgent().startsWith("python-requests/2.31.0 aaa"), event.userAgent());
        assertTrue(event.userAgent().endsWith("aaa\u2026[truncated, 409600 chars]"), event.userAgent());
        assertEquals(TextBounds.MAX_TEXT, event.userPrincipalName().length());
        assertTrue(event.userPrincipalName().endsWith("x\u2026[truncated, 100016 chars]"));
        assertEquals(TextBounds.MAX_TEXT, event.userDisplayName().length());
        assertTrue(event.userDisplayName().endsWith("\u00e9\u2026[truncated, 5000 chars]"));
        assertEquals(TextBounds.MAX_TEXT, event.city().length());
        assertTrue(TextBounds.isCut(event.city()));
        // what was short stays whole
        assertEquals("Microsoft Azure CLI", event.appDisplayName());
        assertEquals("DE", event.country());
    }

    @Test
    void headerFullPathAndReferenceParserCutAlike() {
        byte[] message = oversized().getBytes(StandardCharsets.UTF_8);
        ParseResult full = new SignInParser().parse(message);
        assertEquals(full.events(), new JacksonReferenceParser().parse(message).events());

        SignInParser parser = new SignInParser();
        List<SignInHeader> headers = Fixtures.headers(parser, message);
        assertEquals(1, headers.size());
        SignInEvent event = full.events().get(0);
        // the cut UPN keys the same user on both paths
        assertEquals(event.userKey(), headers.get(0).userKey());
        assertEquals(event, parser.readRecord(headers.get(0)));
    }

    @Test
    void boundKeepsSurrogatePairsWhole() {
        String cut = TextBounds.bound("\uD83D\uDE00".repeat(1_000), 100);
        assertTrue(cut.length() <= 100);
        assertTrue(cut.endsWith("\uD83D\uDE00\u2026[truncated, 2000 chars]"), cut);
        assertEquals("short", TextBounds.bound("short", 100));
    }
}
