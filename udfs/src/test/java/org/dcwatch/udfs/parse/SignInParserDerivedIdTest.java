package org.dcwatch.udfs.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.dcwatch.udfs.alert.AlertIds;
import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.rules.RuleCatalogue;
import org.junit.jupiter.api.Test;

/**
 * A record without {@code id} gets one derived from its bytes: the same record (a re-published copy) the same id, two
 * different records two ids. Without it, every id-less sign-in shared one de-duplication key and one alert id.
 */
class SignInParserDerivedIdTest {

    /** A device-code sign-in without an id (and without a session, as token redemptions may come). */
    private static String record(String ipAddress) {
        return "{\"time\":\"2026-03-04T09:16:20Z\",\"category\":\"NonInteractiveUserSignInLogs\",\"tenantId\":\"t1\","
                + "\"properties\":{\"id\":\" \",\"userId\":\"u1\",\"ipAddress\":\"" + ipAddress + "\","
                + "\"authenticationProtocol\":\"deviceCode\"}}";
    }

    @Test
    void twoDifferentRecordsWithoutIdsHaveTwoIdsAndTwoAlertIds() {
        SignInEvent first = parse(record("198.51.100.7"));
        SignInEvent second = parse(record("203.0.113.9"));

        assertTrue(first.id().startsWith("derived:"), first.id());
        assertEquals("derived:".length() + 32, first.id().length());
        assertNotEquals(first.id(), second.id());
        assertNotEquals(alertId(first), alertId(second));
    }

    @Test
    void theSameRecordHasTheSameIdOnEveryPathAndInEveryMessage() {
        String record = record("198.51.100.7");
        SignInEvent alone = parse(record);
        SignInEvent inEnvelope = new SignInParser()
                .parse("{\"records\":[" + record("203.0.113.9") + ",\n" + record + "]}")
                .events()
                .get(1);
        assertEquals(alone.id(), inEnvelope.id(), "a re-published copy is still a copy");
        assertEquals(
                alone.id(),
                new JacksonReferenceParser().parse(record).events().get(0).id());

        SignInParser parser = new SignInParser();
        List<SignInHeader> headers = Fixtures.headers(parser, record.getBytes(StandardCharsets.UTF_8));
        assertEquals(alone, parser.readRecord(headers.get(0)));
    }

    @Test
    void aRecordWithAnIdKeepsIt() {
        assertEquals(
                "x1",
                parse(record("198.51.100.7").replace("\"id\":\" \"", "\"id\":\"x1\""))
                        .id());
    }

    private static SignInEvent parse(String message) {
        ParseResult result = new SignInParser().parse(message);
        assertEquals(List.of(), result.deadLetters());
        return result.events().get(0);
    }

    private static String alertId(SignInEvent signIn) {
        return AlertIds.of(
                RuleCatalogue.SESSION_MULTI_SOURCE,
                signIn.tenantId(),
                signIn.userKey(),
                signIn.sessionId(),
                signIn.id());
    }
}
