package org.dcwatch.udfs.event;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** One text per address: the forms Entra may write for one client's address all read as one. */
class IpAddressesTest {

    @ParameterizedTest
    @CsvSource({
        "198.51.100.7, 198.51.100.7",
        "198.051.100.007, 198.51.100.7",
        "00.0.000.10, 0.0.0.10",
        "::ffff:010.1.2.3, 10.1.2.3",
        "0.0.0.0, 0.0.0.0",
        "255.255.255.255, 255.255.255.255",
        "::ffff:198.51.100.7, 198.51.100.7",
        "::FFFF:198.51.100.7, 198.51.100.7",
        "::ffff:c633:6407, 198.51.100.7",
        "0:0:0:0:0:ffff:c633:6407, 198.51.100.7",
        "2001:DB8::1, 2001:db8::1",
        "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "2001:db8::, 2001:db8::",
        "0:0:0:0:0:0:0:1, ::1",
        "::, ::",
        "::198.51.100.7, ::c633:6407",
        "fe80:0:0:0:0:0:0:0, fe80::",
    })
    void writesEachAddressInOneForm(String text, String canonical) {
        assertEquals(canonical, IpAddresses.canonical(text));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "unknown",
                "198.51.100",
                "198.51.100.256",
                "198.51.100.7.1",
                "1.2.3.4:443",
                " 1.2.3.4",
                "2001:db8::1%eth0",
                "[2001:db8::1]",
                "2001:db8:::1",
                "1::2::3",
                "1:2:3:4:5:6:7:8:9",
                "1:2:3:4:5:6:7",
                "12345::1",
                "::ffff:1.2.3.256",
                "g::1",
                "\u0661.2.3.4",
                ":1::",
                "1:"
            })
    void keepsTextThatIsNotAnAddress(String text) {
        assertSame(text, IpAddresses.canonical(text));
    }

    @Test
    void aCanonicalAddressIsTheSameString() {
        String ipv4 = new String("203.0.113.24");
        assertSame(ipv4, IpAddresses.canonical(ipv4));
        String ipv6 = new String("2001:db8::1");
        assertSame(ipv6, IpAddresses.canonical(ipv6));
        assertNull(IpAddresses.canonical(null));
    }

    @Test
    void bytesReadEveryFormOfAnAddressAsTheOneAddressItIs() {
        assertArrayEquals(new byte[] {(byte) 198, 51, 100, 7}, IpAddresses.bytes("198.51.100.7"));
        assertArrayEquals(IpAddresses.bytes("198.51.100.7"), IpAddresses.bytes("::ffff:198.51.100.7"));
        assertArrayEquals(IpAddresses.bytes("198.51.100.7"), IpAddresses.bytes("::FFFF:c633:6407"));
        assertArrayEquals(IpAddresses.bytes("2001:db8::1"), IpAddresses.bytes("2001:0DB8:0:0:0:0:0:1"));
        assertEquals(16, IpAddresses.bytes("2001:db8::1").length);
        assertNull(IpAddresses.bytes("not-an-address"));
        assertNull(IpAddresses.bytes("fe80::1%eth0"));
        assertNull(IpAddresses.bytes(null));
    }
}
