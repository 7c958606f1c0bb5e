package org.dcwatch.udfs.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.dcwatch.udfs.event.SignInEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A sign-in carries its address in one canonical text ({@link org.dcwatch.udfs.event.IpAddresses}): the session rules
 * count sources by that text, and one client written two ways counted as two sources.
 */
class SignInParserIpAddressTest {

    private static final String GRAPH = Fixtures.text("samples/graph-signin.json");

    @ParameterizedTest
    @CsvSource({
        "::ffff:198.51.100.7, 198.51.100.7",
        "::ffff:c633:6407, 198.51.100.7",
        "198.051.100.007, 198.51.100.7",
        "2001:DB8:0:0:0:0:0:1, 2001:db8::1",
        "2001:db8::1, 2001:db8::1",
        "not-an-address, not-an-address",
    })
    void readsEachFormOfAnAddressAsOneText(String written, String read) {
        String message = GRAPH.replace("\"ipAddress\":\"203.0.113.24\"", "\"ipAddress\":\"" + written + "\"");
        ParseResult result = new SignInParser().parse(message);
        assertEquals(List.of(), result.deadLetters());
        SignInEvent event = result.events().get(0);
        assertEquals(read, event.ipAddress());
        assertEquals(
                result.events(), new JacksonReferenceParser().parse(message).events());
    }
}
