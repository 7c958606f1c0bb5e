package org.dcwatch.job.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dcwatch.udfs.event.IpAddresses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
        "203.0.113.0/24, 203.0.113.0, true",
        "203.0.113.0/24, 203.0.113.255, true",
        "203.0.113.0/24, 203.0.114.0, false",
        "203.0.113.0/24, 203.0.112.255, false",
        "10.1.2.3/8, 10.200.0.1, true", // host bits of the range are ignored
        "10.0.0.0/9, 10.127.255.255, true",
        "10.0.0.0/9, 10.128.0.0, false",
        "203.0.113.7, 203.0.113.7, true", // a single address is a /32
        "203.0.113.7, 203.0.113.8, false",
        "203.0.113.7/32, 203.0.113.7, true",
        "0.0.0.0/0, 198.51.100.1, true",
        "0.0.0.0/0, 2001:db8::1, false", // another family
    })
    void ipv4RangeContainsItsAddresses(String range, String address, boolean contained) {
        assertEquals(contained, Cidr.parse(range).contains(address));
    }

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
        "2001:db8::/32, 2001:db8::1, true",
        "2001:db8::/32, 2001:0DB8:ffff:ffff:ffff:ffff:ffff:ffff, true",
        "2001:db8::/32, 2001:db9::1, false",
        "2001:DB8:1::/48, 2001:db8:1:abcd::42, true",
        "fe80::/10, febf::1, true",
        "fe80::/10, fec0::1, false",
        "::1, ::1, true", // a single address is a /128
        "::1, ::2, false",
        "::1/128, 0:0:0:0:0:0:0:1, true",
        "::/0, 2001:db8::1, true",
        "::/0, 198.51.100.1, false", // another family
        "2001:db8:1:2:3:4:5:6/64, 2001:db8:1:2::, true",
        "1:2:3:4:5:6:7::/112, 1:2:3:4:5:6:7:ffff, true",
    })
    void ipv6RangeContainsItsAddresses(String range, String address, boolean contained) {
        assertEquals(contained, Cidr.parse(range).contains(address));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"localhost", "example.com", "203.0.113", "203.0.113.1.5", "2001:db8::1::2", "redacted"})
    void nonLiteralsAreNeverContained(String notAnAddress) {
        assertFalse(Cidr.parse("0.0.0.0/0").contains(notAnAddress));
        assertFalse(Cidr.parse("::/0").contains(notAnAddress));
    }

    @ParameterizedTest
    @ValueSource(strings = {"198.51.100.7", "::ffff:198.51.100.7", "::FFFF:c633:6407", "0:0:0:0:0:ffff:198.51.100.7"})
    void anIpv4MappedAddressIsItsIpv4Address(String address) {
        // the parser writes the mapped forms as 198.51.100.7 (IpAddresses); a range sees every form alike
        assertEquals("198.51.100.7", IpAddresses.canonical(address));
        assertTrue(Cidr.parse("198.51.100.0/24").contains(address));
        assertTrue(Cidr.parse("198.51.100.0/24").contains(IpAddresses.canonical(address)));
        assertFalse(Cidr.parse("::/0").contains(address));
    }

    @Test
    void aRangeOfIpv4MappedAddressesIsTheIpv4Range() {
        Cidr mapped = Cidr.parse("::ffff:198.51.100.0/120");
        assertTrue(mapped.isIpv4());
        assertEquals(24, mapped.prefixLength());
        assertTrue(mapped.contains("198.51.100.7"));
        assertFalse(mapped.contains("198.51.101.7"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("::ffff:0:0/95"));
    }

    @Test
    void surroundingWhitespaceIsIgnored() {
        assertTrue(Cidr.parse(" 10.0.0.0/8 ").contains(" 10.9.8.7 "));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "10.0.0.0/33        | prefix of '10.0.0.0/33' must be from 0 to 32",
                "10.0.0.0/+8        | prefix of '10.0.0.0/+8' must be from 0 to 32",
                "2001:db8::-1       | '2001:db8::-1' is not an IPv4 or IPv6 address",
                "2001:db8::+1/64    | '2001:db8::+1' is not an IPv4 or IPv6 address",
                "١٠.0.0.1/8 | '١٠.0.0.1' is not an IPv4 or IPv6 address",
                "10.0.0.0/-1        | prefix of '10.0.0.0/-1' must be from 0 to 32",
                "10.0.0.0/x         | prefix of '10.0.0.0/x' must be from 0 to 32",
                "10.0.0.0/          | prefix of '10.0.0.0/' must be from 0 to 32",
                "2001:db8::/129     | prefix of '2001:db8::/129' must be from 0 to 128",
                "10.0.0.0/8/8       | '10.0.0.0/8/8' is not a CIDR range such as 203.0.113.0/24",
                "10.0.0/8           | '10.0.0' is not an IPv4 or IPv6 address",
                "256.0.0.0/8        | '256.0.0.0' is not an IPv4 or IPv6 address",
                "10.0.0.1234        | '10.0.0.1234' is not an IPv4 or IPv6 address",
                "10..0.1            | '10..0.1' is not an IPv4 or IPv6 address",
                "example.com/24     | 'example.com' is not an IPv4 or IPv6 address",
                "/24                | '' is not an IPv4 or IPv6 address",
                "1:2:3:4:5:6:7:8:9  | '1:2:3:4:5:6:7:8:9' is not an IPv4 or IPv6 address",
                "1:2:3:4:5:6:7      | '1:2:3:4:5:6:7' is not an IPv4 or IPv6 address",
                "1::2::3            | '1::2::3' is not an IPv4 or IPv6 address",
                ":::1               | ':::1' is not an IPv4 or IPv6 address",
                "12345::            | '12345::' is not an IPv4 or IPv6 address",
                "2001:db8::g        | '2001:db8::g' is not an IPv4 or IPv6 address",
                "1:2:3:4:5:6:7:8::  | '1:2:3:4:5:6:7:8::' is not an IPv4 or IPv6 address",
            })
    void rejectsWhatIsNotARangeSayingWhy(String text, String message) {
        IllegalArgumentException rejected = assertThrows(IllegalArgumentException.class, () -> Cidr.parse(text));

        assertEquals(message, rejected.getMessage());
    }
}
