package org.dcwatch.udfs.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.dcwatch.udfs.event.SignInEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ASNs are 32-bit unsigned, 1 to 4294967295, kept as an int holding the number's bits. Anything else is an unknown
 * ASN, never a dead letter: the sign-in still counts for every rule but unseen-asn.
 */
class SignInParserAsnTest {

    private static final String RECORD = "{\"time\":\"2026-03-04T09:16:20Z\",\"category\":\"SignInLogs\","
            + "\"tenantId\":\"t1\",\"properties\":{\"userId\":\"u1\"ASN}}";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "8075                  | 8075",
                "\"8075\"              | 8075",
                "\"AS8075\"            | 8075",
                "8075.0                | 8075",
                "2147483648            | 2147483648",
                "4294967294            | 4294967294",
                "\"AS4294967295\"      | 4294967295",
                "4294967296            | 0",
                "99999999999999999999  | 0",
                "0                     | 0",
                "-5                    | 0",
                "\"-5\"                | 0",
                "\"unknown\"           | 0",
                "\"\"                  | 0",
                "null                  | 0",
                "true                  | 0",
                "8075.5                | 0",
                "\"AS\"                | 0",
            })
    void readsAnAsnAsUnsignedAndAnythingElseAsUnknown(String written, long read) {
        String message = RECORD.replace("ASN", ",\"autonomousSystemNumber\":" + written);
        ParseResult result = new SignInParser().parse(message);
        assertEquals(List.of(), result.deadLetters());
        SignInEvent event = result.events().get(0);
        assertEquals(read, Integer.toUnsignedLong(event.asn()));
        assertEquals(
                result.events(), new JacksonReferenceParser().parse(message).events());
        assertEquals(event.asn(), header(message).asn());
    }

    @Test
    void aRecordWithoutAnAsnIsASignInWithAnUnknownAsn() {
        String message = RECORD.replace("ASN", "");
        assertEquals(
                SignInEvent.NO_ASN,
                new SignInParser().parse(message).events().get(0).asn());
        assertEquals(SignInEvent.NO_ASN, header(message).asn());
    }

    private static SignInHeader header(String message) {
        return Fixtures.headers(new SignInParser(), message.getBytes(StandardCharsets.UTF_8))
                .get(0);
    }
}
