package org.dcwatch.udfs.event;

/**
 * One text for one IP address, so that rules comparing addresses as text compare addresses.
 *
 * <p>Entra writes an address as the client's connection showed it: {@code 2001:DB8::1} and {@code 2001:db8::1}, or
 * {@code 198.51.100.7} and {@code ::ffff:198.51.100.7} (an IPv4 client reaching a dual-stack front end) are one
 * source, and counted as two they made both session rules fire on a single client. The parser therefore writes each
 * address in one canonical form: IPv4 as a dotted quad without leading zeros; an IPv4-mapped IPv6 address
 * ({@code ::ffff:a.b.c.d} or {@code ::ffff:c633:6407}) as its IPv4 address; any other IPv6 address as RFC 5952 writes
 * it (lower case, no leading zeros, the longest run of two or more zero groups, the first of equals, as {@code ::}).
 *
 * <p>Only literals are read, by hand, never through {@code InetAddress} (which may ask DNS about a name). Text that is
 * not an address (a zone index, brackets, a name) is kept as it is. An IPv4 address already canonical, what nearly
 * every record has, costs one scan and no allocation.
 */
public final class IpAddresses {

    private IpAddresses() {}

    /** What {@link #ipv4} returns for text that is not a dotted quad: an address is 32 bits, never negative as a long. */
    private static final long NOT_IPV4 = -1;
    /** Set by {@link #ipv4} above the address's 32 bits when an octet has a leading zero: the text is not canonical. */
    private static final long LEADING_ZERO = 1L << 32;

    /** The canonical text of the address, the text itself if it is canonical or not an address, null for null. */
    public static String canonical(String text) {
        if (text == null || text.isEmpty()) return text;
        long ipv4 = ipv4(text, 0, text.length());
        if (ipv4 == NOT_IPV4) return text.indexOf(':') >= 0 ? ipv6(text) : text;
        return (ipv4 & LEADING_ZERO) == 0 ? text : ipv4Text((int) ipv4);
    }

    /**
     * The address's bytes: 4 for IPv4, an IPv4-mapped IPv6 address included (sign-ins carry it as its IPv4 address),
     * 16 for any other IPv6 address; null for null or for text that is not an address literal.
     */
    public static byte[] bytes(String text) {
        if (text == null || text.isEmpty()) return null;
        long ipv4 = ipv4(text, 0, text.length());
        if (ipv4 != NOT_IPV4) return ipv4Bytes((int) ipv4);
        int[] groups = new int[8];
        if (text.indexOf(':') < 0 || !readIpv6(text, groups)) return null;
        if (isIpv4Mapped(groups)) return ipv4Bytes(groups[6] << 16 | groups[7]);
        byte[] bytes = new byte[16];
        for (int g = 0; g < 8; g++) {
            bytes[2 * g] = (byte) (groups[g] >>> 8);
            bytes[2 * g + 1] = (byte) groups[g];
        }
        return bytes;
    }

    private static byte[] ipv4Bytes(int bits) {
        return new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits};
    }

    private static boolean isIpv4Mapped(int[] groups) {
        return groups[0] == 0
                && groups[1] == 0
                && groups[2] == 0
                && groups[3] == 0
                && groups[4] == 0
                && groups[5] == 0xFFFF;
    }

    /**
     * The address {@code text[from..to)} as four decimal octets of one to three digits, in the low 32 bits, with
     * {@link #LEADING_ZERO} if an octet has one; or {@link #NOT_IPV4}. One pass, at the first byte that does not fit.
     */
    private static long ipv4(String text, int from, int to) {
        long value = 0;
        long flags = 0;
        int octet = 0;
        int digits = 0;
        int dots = 0;
        for (int i = from; i < to; i++) {
            char ch = text.charAt(i);
            if (ch >= '0' && ch <= '9') {
                if (digits == 1 && octet == 0) flags = LEADING_ZERO;
                octet = octet * 10 + (ch - '0');
                if (++digits > 3 || octet > 255) return NOT_IPV4;
            } else if (ch == '.' && digits > 0 && dots < 3) {
                value = value << 8 | octet;
                octet = 0;
                digits = 0;
                dots++;
            } else {
                return NOT_IPV4;
            }
        }
        if (dots != 3 || digits == 0) return NOT_IPV4;
        return flags | value << 8 | octet;
    }

    private static String ipv4Text(int bits) {
        return (bits >>> 24) + "." + (bits >>> 16 & 0xFF) + "." + (bits >>> 8 & 0xFF) + "." + (bits & 0xFF);
    }

    /** The canonical text of an IPv6 literal (with an IPv4 tail or not), or the text itself. */
    private static String ipv6(String text) {
        int[] groups = new int[8];
        if (!readIpv6(text, groups)) return text;
        if (isIpv4Mapped(groups)) return ipv4Text(groups[6] << 16 | groups[7]);
        String canonical = rfc5952(groups);
        return canonical.equals(text) ? text : canonical;
    }

    /** Reads eight groups of the literal into {@code groups}; false if it is not an IPv6 literal. */
    private static boolean readIpv6(String text, int[] groups) {
        int length = text.length();
        int count = 0;
        int gap = -1; // where "::" stands, in groups
        int i = 0;
        if (text.startsWith("::")) {
            gap = 0;
            i = 2;
            if (i == length) return true; // "::"
        } else if (text.charAt(0) == ':') {
            return false;
        }
        while (i < length) {
            int start = i;
            int group = 0;
            while (i < length && i - start < 5) {
                int hex = hexDigit(text.charAt(i));
                if (hex < 0) break;
                group = group << 4 | hex;
                i++;
            }
            if (i < length && text.charAt(i) == '.') {
                // an IPv4 tail takes the last two groups
                if (count > 6) return false;
                long ipv4 = ipv4(text, start, length);
                if (ipv4 == NOT_IPV4) return false;
                groups[count++] = (int) (ipv4 >>> 16 & 0xFFFF);
                groups[count++] = (int) (ipv4 & 0xFFFF);
                i = length;
                break;
            }
            int digits = i - start;
            if (digits == 0 || digits > 4 || count == 8) return false;
            groups[count++] = group;
            if (i == length) break;
            if (text.charAt(i) != ':') return false;
            i++;
            if (i < length && text.charAt(i) == ':') {
                if (gap >= 0) return false;
                gap = count;
                i++;
            } else if (i == length) {
                return false; // a trailing single colon
            }
        }
        if (gap < 0) return count == 8;
        if (count > 7) return false;
        int moved = count - gap;
        System.arraycopy(groups, gap, groups, 8 - moved, moved);
        for (int g = gap; g < 8 - moved; g++) groups[g] = 0;
        return true;
    }

    /** An ASCII hex digit's value, else -1 (Character.digit would take other scripts' digits too). */
    private static int hexDigit(char ch) {
        if (ch >= '0' && ch <= '9') return ch - '0';
        if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
        if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
        return -1;
    }

    private static String rfc5952(int[] groups) {
        int bestStart = -1;
        int bestLength = 1; // a single zero group is not shortened
        for (int g = 0; g < 8; ) {
            if (groups[g] != 0) {
                g++;
                continue;
            }
            int start = g;
            while (g < 8 && groups[g] == 0) g++;
            if (g - start > bestLength) {
                bestStart = start;
                bestLength = g - start;
            }
        }
        StringBuilder out = new StringBuilder(39);
        for (int g = 0; g < 8; g++) {
            if (g == bestStart) {
                out.append("::");
                g += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') out.append(':');
            out.append(Integer.toHexString(groups[g]));
        }
        return out.toString();
    }
}
