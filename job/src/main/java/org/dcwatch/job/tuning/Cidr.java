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
        if (parts.length > 2) throw new IllegalArgumentException("'" + text + "' is not a CIDR range such as 203.0.113.0/24");
        // sign-ins carry an IPv4-mapped IPv6 address as its IPv4 address, so a range of them is an IPv4 range
        String canonical = IpAddresses.canonical(parts[0]);
        boolean mapped = parts[0].indexOf(':') >= 0 && canonical.indexOf(':') < 0;
        byte[] address = address(canonical);
        if (address == null) throw new IllegalArgumentException("'" + parts[0] + "' is not an IPv4 or IPv6 address");
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
                throw new IllegalArgumentException("'" + text + "' reaches beyond the IPv4-mapped addresses (::ffff:0:0/96):"
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
        byte[] address = address(IpAddresses.canonical(ipAddress.strip()));
        return address != null && address.length == network.length && Arrays.equals(mask(address, prefixLength), network);
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] masked = address.clone();
        for (int bit = prefix; bit < masked.length * 8; bit++) {
            masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return masked;
    }

    /** The bytes of an IPv4 or IPv6 literal, or null. */
    static byte[] address(String text) {
        if (text.isEmpty()) return null;
        return text.indexOf(':') >= 0 ? ipv6(text) : ipv4(text);
    }

    private static byte[] ipv4(String text) {
        String[] octets = text.split("\\.", -1);
        if (octets.length != 4) return null;
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String octet = octets[i];
            if (octet.length() > 3 || !isAsciiDigits(octet)) return null;
            int value = Integer.parseInt(octet);
            if (value > 255) return null;
            bytes[i] = (byte) value;
        }
        return bytes;
    }

    private static byte[] ipv6(String text) {
        int doubleColon = text.indexOf("::");
        if (doubleColon != text.lastIndexOf("::") && doubleColon >= 0) return null;
        String head = doubleColon >= 0 ? text.substring(0, doubleColon) : text;
        String tail = doubleColon >= 0 ? text.substring(doubleColon + 2) : "";
        int[] headGroups = groups(head);
        int[] tailGroups = groups(tail);
        if (headGroups == null || tailGroups == null) return null;
        int missing = 8 - headGroups.length - tailGroups.length;
        if ((doubleColon < 0 && missing != 0) || (doubleColon >= 0 && missing < 1)) return null;
        byte[] bytes = new byte[16];
        int index = 0;
        for (int group : headGroups) index = put(bytes, index, group);
        index += missing * 2;
        for (int group : tailGroups) index = put(bytes, index, group);
        return bytes;
    }

    private static int[] groups(String text) {
        if (text.isEmpty()) return new int[0];
        String[] parts = text.split(":", -1);
        int[] groups = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 4 || !part.chars().allMatch(Cidr::isAsciiHexDigit)) return null;
            groups[i] = Integer.parseInt(part, 16);
        }
        return groups;
    }

    /** Integer.parseInt would also take a sign and any Unicode digit: an address literal has neither. */
    private static boolean isAsciiDigits(String text) {
        return !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static boolean isAsciiHexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static int put(byte[] bytes, int index, int group) {
        bytes[index] = (byte) (group >>> 8);
        bytes[index + 1] = (byte) group;
        return index + 2;
    }
}
