package org.dcwatch.udfs.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.dcwatch.udfs.event.SignInEvent;
import org.junit.jupiter.api.Test;

/**
 * A key given twice in one object counts with its last value, as Jackson, jq and the SIEMs reading the same logs take
 * it: a record forged with duplicate keys must not read one way here and another way there.
 */
class SignInParserDuplicateKeysTest {

    private static final String ENVELOPE = Fixtures.text("samples/eventhub-device-code-envelope.json");
    private static final String GRAPH = Fixtures.text("samples/graph-signin.json");
    private static final String BROWSER =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                    + "Chrome/124.0.0.0 Safari/537.36";

    @Test
    void eventHubPropertiesKeepTheLastOfTwoValues() {
        // the second record of the envelope: its ipAddress and userAgent given again, differently, later in properties
        String message = ENVELOPE.replace(
                "\"sessionId\":\"0d4f6a2b-7c91-4e35-a8b0-1f2e3d4c5b6a\"}}]}",
                "\"sessionId\":\"0d4f6a2b-7c91-4e35-a8b0-1f2e3d4c5b6a\",\"ipAddress\":\"192.0.2.99\","
                        + "\"userAgent\":\"curl/8.4.0\",\"autonomousSystemNumber\":64500}}]}");
        SignInEvent event = parseOne(message, 1);
        assertEquals("192.0.2.99", event.ipAddress());
        assertEquals("curl/8.4.0", event.userAgent());
        assertEquals(64500, event.asn());
    }

    @Test
    void topLevelKeysKeepTheLastOfTwoValuesOnBothPaths() {
        String message = GRAPH.replaceFirst(
                "\\{",
                "{\"createdDateTime\":\"2026-03-04T08:00:00Z\","
                        + "\"ipAddress\":\"192.0.2.1\",\"userAgent\":\"python-requests/2.31.0\",");
        SignInEvent event = parseOne(message, 0);
        assertEquals("203.0.113.24", event.ipAddress());
        assertEquals(BROWSER, event.userAgent());
        assertEquals(Instant.parse("2026-03-04T09:14:02Z").toEpochMilli(), event.eventTime());

        SignInHeader header = headers(message).get(0);
        assertEquals(event.eventTime(), header.eventTime());
    }

    @Test
    void anEmptyOrNullLastValueLeavesTheFieldAbsent() {
        String message = GRAPH.strip().replaceFirst("}$", ",\"ipAddress\":null,\"userAgent\":\"\"}");
        SignInEvent event = parseOne(message, 0);
        assertNull(event.ipAddress());
        assertNull(event.userAgent());
    }

    private static SignInEvent parseOne(String message, int index) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        ParseResult result = new SignInParser().parse(bytes);
        assertEquals(List.of(), result.deadLetters());
        assertEquals(result.events(), new JacksonReferenceParser().parse(bytes).events());
        SignInParser parser = new SignInParser();
        assertEquals(
                result.events().get(index), parser.readRecord(headers(message).get(index)));
        return result.events().get(index);
    }

    private static List<SignInHeader> headers(String message) {
        return Fixtures.headers(new SignInParser(), message.getBytes(StandardCharsets.UTF_8));
    }
}
