package org.dcwatch.udfs.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.dcwatch.udfs.parse.JsonScanner.SyntaxError;
import org.dcwatch.udfs.parse.JsonScanner.Token;
import org.junit.jupiter.api.Test;

/**
 * The two shortcuts of {@link JsonScanner}: {@link JsonScanner#skipChildren} passes over a container with a loop of
 * its own, and {@link JsonScanner#next(byte[])} takes a likely name without scanning it. Neither may change what the
 * reader accepts, where it stands afterwards, or how it words an error.
 */
class JsonScannerTest {

    @Test
    void skippingAContainerEndsAndFailsAsReadingItTokenByToken() {
        Random random = new Random(20261123);
        int walks = 0;
        int failed = 0;
        for (String message : SignInParserEquivalenceTest.messages().toList()) {
            byte[] original = message.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 200; i++) {
                byte[] bytes = i == 0 ? original : SignInParserEquivalenceTest.mutate(original, random);
                int skipEvery = 1 + random.nextInt(3);
                List<String> quick = walk(bytes, skipEvery, true);
                assertEquals(walk(bytes, skipEvery, false), quick, () -> new String(bytes, StandardCharsets.UTF_8));
                walks++;
                if (!quick.isEmpty() && quick.get(quick.size() - 1).contains(": ")) failed++;
            }
        }
        // the mutations must reach the error paths, and not only them
        assertTrue(failed > walks / 10 && failed < walks * 9 / 10, failed + " of " + walks + " walks failed");
    }

    @Test
    void aLikelyNameIsTakenOnlyWhenItIsExactlyThoseBytes() throws SyntaxError {
        assertName("{\"userId\":1}", "userId", true, "userId");
        assertName("{\"userIds\":1}", "userId", false, "userIds");
        assertName("{\"user\":1}", "userId", false, "user");
        assertName("{\"user\\u0049d\":1}", "userId", false, "userId"); // the same name, spelled with an escape
        assertName("{\"a\":1,\"userId\" : 1}", "userId", true, "userId"); // after a comma, before spaces
    }

    @Test
    void aLikelyNameChangesNoError() {
        for (String broken :
                List.of("{\"userId", "{\"userId\"", "{\"userId\"1}", "{\"userId\":}", "{\"user\u0001Id\":1}")) {
            byte[] bytes = broken.getBytes(StandardCharsets.UTF_8);
            SyntaxError plain = assertThrows(SyntaxError.class, () -> readAll(bytes, null), broken);
            SyntaxError likely = assertThrows(SyntaxError.class, () -> readAll(bytes, utf8("userId")), broken);
            assertEquals(
                    plain.reason() + " " + plain.getMessage(), likely.reason() + " " + likely.getMessage(), broken);
        }
    }

    /**
     * Reads a message front to back, passing over every {@code skipEvery}-th container with {@code skipChildren}
     * (quick) or token by token: every token met, where each skip ended, and the error if one ended the walk.
     */
    private static List<String> walk(byte[] bytes, int skipEvery, boolean quick) {
        List<String> seen = new ArrayList<>();
        JsonScanner json = new JsonScanner(SignInParser.MAX_NESTING_DEPTH);
        try {
            json.reset(bytes, 0, bytes.length);
            int containers = 0;
            Token token;
            while ((token = json.next()) != null) {
                seen.add(token + "@" + json.tokenStart());
                if ((token == Token.START_OBJECT || token == Token.START_ARRAY) && ++containers % skipEvery == 0) {
                    if (quick) {
                        json.skipChildren();
                    } else {
                        skipTokenByToken(json);
                    }
                    seen.add("skipped to " + json.token() + "@" + json.tokenStart() + ", then " + json.position());
                }
            }
        } catch (SyntaxError e) {
            seen.add(e.reason() + ": " + e.getMessage());
        }
        return seen;
    }

    private static void skipTokenByToken(JsonScanner json) throws SyntaxError {
        int open = 1;
        while (open > 0) {
            Token token = json.next();
            if (token == Token.START_OBJECT || token == Token.START_ARRAY) open++;
            if (token == Token.END_OBJECT || token == Token.END_ARRAY) open--;
        }
    }

    private static void assertName(String message, String likely, boolean taken, String name) throws SyntaxError {
        byte[] bytes = utf8(message);
        JsonScanner json = new JsonScanner(SignInParser.MAX_NESTING_DEPTH);
        json.reset(bytes, 0, bytes.length);
        json.next();
        Token token;
        // offer the likely name to every name up to the one looked for (the members before it are numbers)
        while ((token = json.next(utf8(likely))) == Token.NAME && !json.name().equals(name)) {
            json.next();
        }
        assertEquals(Token.NAME, token, message);
        assertEquals(taken, json.nameWasLikely(), message);
        assertEquals(name, json.name(), message);
        assertEquals(Token.NUMBER, json.next(), message); // and the reader goes on after the colon
    }

    private static void readAll(byte[] bytes, byte[] likely) throws SyntaxError {
        JsonScanner json = new JsonScanner(SignInParser.MAX_NESTING_DEPTH);
        json.reset(bytes, 0, bytes.length);
        while (json.next(likely) != null) {
            // every name is offered the likely one
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
