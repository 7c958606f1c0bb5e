package org.dcwatch.job.tuning;

import java.io.Serializable;
import java.util.Arrays;
import org.dcwatch.udfs.event.IpAddresses;

/**
 * An IPv4 or IPv6 range such as {@code 203.0.113.0/24} or {@code 2001:db8::/32}. Parsing never touches DNS: only
 * address literals are accepted.
 */
public final class Cidr implements Serializable {

    private final byte[] network;
    private final int prefixLength;

    private Cidr(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /** Parses {@code address/prefix} (or a single address); throws IllegalArgumentException saying what is wrong. */
    public static Cidr parse(String text) {
        String[] parts = text.strip().split("/", -1);
        if (parts.length > 2)
            throw new IllegalArgumentException("'" + text + "' is not a CIDR range such as 203.0.113.0/24");
        // sign-ins carry an IPv4-mapped IPv6 address as its IPv4 address, so a range of them is an IPv4 range
        byte[] address = IpAddresses.bytes(parts[0]);
        if (address == null) throw new IllegalArgumentException("'" + parts[0] + "' is not an IPv4 or IPv6 address");
        boolean mapped = parts[0].indexOf(':') >= 0 && address.length == 4;
        int bits = mapped ? 128 : address.length * 8;
        int prefix = bits;
        if (parts.length == 2) {
            prefix = isAsciiDigits(parts[1]) && parts[1].length() <= 3 ? Integer.parseInt(parts[1]) : -1;
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("prefix of '" + text + "' must be from 0 to " + bits);
            }
        }
        if (mapped) {
            if (prefix < 96) {
                throw new IllegalArgumentException(
                        "'" + text + "' reaches beyond the IPv4-mapped addresses (::ffff:0:0/96):"
                                + " write the IPv4 range, or an IPv6 range outside them");
            }
            prefix -= 96;
        }
        return new Cidr(mask(address, prefix), prefix);
    }

    /** The number of leading bits that are fixed: 0 is every address of its family. */
    public int prefixLength() {
        return prefixLength;
    }

    public boolean isIpv4() {
        return network.length == 4;
    }

    /**
     * Whether the address (a literal; anything else, including null, is not contained) lies in the range. Read in its
     * canonical form ({@link IpAddresses}), as sign-ins carry it: an IPv4-mapped IPv6 address is its IPv4 address.
     */
    public boolean contains(String ipAddress) {
        if (ipAddress == null) return false;
        byte[] address = IpAddresses.bytes(ipAddress.strip());
        return address != null
                && address.length == network.length
                && Arrays.equals(mask(address, prefixLength), network);
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] masked = address.clone();
        for (int bit = prefix; bit < masked.length * 8; bit++) {
            masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return masked;
    }

    /** Integer.parseInt would also take a sign and any Unicode digit: a prefix length has neither. */
    private static boolean isAsciiDigits(String text) {
        return !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
