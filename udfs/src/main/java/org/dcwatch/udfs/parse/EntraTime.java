package org.dcwatch.udfs.parse;

/**
 * Parses the timestamps Azure sends, to epoch milliseconds, without allocating.
 *
 * <p>Accepted: ISO 8601 with {@code T} or a space, 0 to 9 fraction digits, and {@code Z}, an offset or no zone (UTC);
 * the US-locale {@code M/d/yyyy h:mm:ss [AM|PM] [offset]} that some diagnostic settings emit; and epoch numbers of
 * seconds, milliseconds, microseconds or nanoseconds, told apart by magnitude (see {@link #parseEpoch}). Fractions beyond
 * milliseconds are truncated.
 */
public final class EntraTime {

    /** Returned for text that is not a timestamp. */
    public static final long NOT_A_TIME = Long.MIN_VALUE;

    /*
     * Each unit's numbers start where the coarser unit's end, and each limit is the year 5138 in its unit while the
     * next unit starts there at 3 March 1973: every instant from 1973 to 5138 reads right whatever unit it is written
     * in, and none of them can be taken for another by a factor of a thousand.
     */
    private static final long EPOCH_SECONDS_LIMIT = 100_000_000_000L;
    private static final long EPOCH_MILLIS_LIMIT = 100_000_000_000_000L;
    private static final long EPOCH_MICROS_LIMIT = 100_000_000_000_000_000L;
    /** Long.MAX_VALUE has 19 digits: nanoseconds up to the year 2262. */
    private static final int EPOCH_MAX_DIGITS = 19;

    private EntraTime() {}

    public static long parseMillis(String text) {
        if (text == null) {
            return NOT_A_TIME;
        }
        long canonical = parseCanonical(text);
        if (canonical != NOT_A_TIME) {
            return canonical;
        }
        String s = text.strip();
        if (s.isEmpty()) {
            return NOT_A_TIME;
        }
        if (s.indexOf('/') > 0) {
            return parseUsLocale(s);
        }
        if (s.length() > 4 && s.charAt(4) == '-') {
            return parseIso(s);
        }
        return parseEpoch(s);
    }

    /**
     * What Entra writes, {@code yyyy-MM-ddTHH:mm:ss[.f…]} with {@code Z} or {@code +00:00}, read at fixed positions:
     * every record has two timestamps, and the general parser's cursor costs more per character.
     * Anything else, valid or not, is {@link #NOT_A_TIME} here and goes to the general parser.
     */
    private static long parseCanonical(String s) {
        int length = s.length();
        if (length < 20
                || s.charAt(4) != '-'
                || s.charAt(7) != '-'
                || s.charAt(10) != 'T'
                || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return NOT_A_TIME;
        }
        int year = digitsAt(s, 0, 4);
        int month = digitsAt(s, 5, 2);
        int day = digitsAt(s, 8, 2);
        int hour = digitsAt(s, 11, 2);
        int minute = digitsAt(s, 14, 2);
        int second = digitsAt(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) return NOT_A_TIME;
        int position = 19;
        int millis = 0;
        if (s.charAt(position) == '.') {
            int fractionStart = ++position;
            while (position < length && position - fractionStart < 9 && isDigit(s.charAt(position))) {
                if (position - fractionStart < 3) millis = millis * 10 + (s.charAt(position) - '0');
                position++;
            }
            int count = position - fractionStart;
            if (count == 0) return NOT_A_TIME;
            for (int i = count; i < 3; i++) millis *= 10;
        }
        boolean utc = (length - position == 1 && s.charAt(position) == 'Z')
                || (length - position == 6 && s.startsWith("+00:00", position));
        return utc ? toEpochMillis(year, month, day, hour, minute, second, millis, 0) : NOT_A_TIME;
    }

    /** The {@code count} ASCII digits at {@code from} as a number, or -1. */
    private static int digitsAt(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char ch = s.charAt(i);
            if (!isDigit(ch)) return -1;
            value = value * 10 + (ch - '0');
        }
        return value;
    }

    /** ASCII only: {@link Character#isDigit} also takes other scripts' digits, which {@code ch - '0'} would misread. */
    private static boolean isDigit(char ch) {
        return ch >= '0' && ch <= '9';
    }

    /** yyyy-MM-dd[T| ]HH:mm[:ss[.fffffffff]][Z|±HH:mm|±HHmm|±HH]. */
    private static long parseIso(String s) {
        Cursor c = new Cursor(s);
        int year = c.digits(4, 4);
        if (year < 0 || !c.expect('-')) return NOT_A_TIME;
        int month = c.digits(2, 2);
        if (month < 0 || !c.expect('-')) return NOT_A_TIME;
        int day = c.digits(2, 2);
        if (day < 0) return NOT_A_TIME;
        int hour = 0, minute = 0, second = 0, millis = 0;
        if (!c.atEnd()) {
            if (!c.expect('T') && !c.expect('t') && !c.expect(' ')) return NOT_A_TIME;
            hour = c.digits(2, 2);
            if (hour < 0 || !c.expect(':')) return NOT_A_TIME;
            minute = c.digits(2, 2);
            if (minute < 0) return NOT_A_TIME;
            if (c.expect(':')) {
                second = c.digits(2, 2);
                if (second < 0) return NOT_A_TIME;
                if (c.expect('.') || c.expect(',')) {
                    millis = c.fractionMillis();
                    if (millis < 0) return NOT_A_TIME;
                }
            }
        }
        int offsetSeconds = c.zone();
        if (offsetSeconds == Integer.MIN_VALUE || !c.atEnd()) return NOT_A_TIME;
        return toEpochMillis(year, month, day, hour, minute, second, millis, offsetSeconds);
    }

    /** M/d/yyyy[ h:mm[:ss[.fff]][ AM|PM][ ±HH:mm|Z]] — month first, as Azure's US locale writes it. */
    private static long parseUsLocale(String s) {
        Cursor c = new Cursor(s);
        int month = c.digits(1, 2);
        if (month < 0 || !c.expect('/')) return NOT_A_TIME;
        int day = c.digits(1, 2);
        if (day < 0 || !c.expect('/')) return NOT_A_TIME;
        int year = c.digits(4, 4);
        if (year < 0) return NOT_A_TIME;
        int hour = 0, minute = 0, second = 0, millis = 0;
        c.spaces();
        if (!c.atEnd() && isDigit(c.peek())) {
            hour = c.digits(1, 2);
            if (hour < 0 || !c.expect(':')) return NOT_A_TIME;
            minute = c.digits(2, 2);
            if (minute < 0) return NOT_A_TIME;
            if (c.expect(':')) {
                second = c.digits(2, 2);
                if (second < 0) return NOT_A_TIME;
                if (c.expect('.')) {
                    millis = c.fractionMillis();
                    if (millis < 0) return NOT_A_TIME;
                }
            }
            c.spaces();
            int meridiem = c.meridiem();
            if (meridiem != 0) {
                if (hour < 1 || hour > 12) return NOT_A_TIME;
                hour = hour % 12 + (meridiem > 0 ? 12 : 0);
            }
            c.spaces();
        }
        int offsetSeconds = c.zone();
        if (offsetSeconds == Integer.MIN_VALUE || !c.atEnd()) return NOT_A_TIME;
        return toEpochMillis(year, month, day, hour, minute, second, millis, offsetSeconds);
    }

    /**
     * A whole number below 10^11 is seconds, below 10^14 milliseconds, below 10^17 microseconds, else nanoseconds; at
     * most 19 digits, and it must fit a long. A fraction (1 to 9 digits) is allowed in every unit and, like an ISO
     * fraction, counts only to the millisecond: seconds keep its first three digits, the finer units drop it.
     */
    private static long parseEpoch(String s) {
        int dot = s.indexOf('.');
        int wholeEnd = dot < 0 ? s.length() : dot;
        if (wholeEnd == 0 || wholeEnd > EPOCH_MAX_DIGITS) return NOT_A_TIME;
        long value = 0;
        for (int i = 0; i < wholeEnd; i++) {
            char ch = s.charAt(i);
            if (!isDigit(ch)) return NOT_A_TIME;
            int digit = ch - '0';
            if (value > (Long.MAX_VALUE - digit) / 10) return NOT_A_TIME;
            value = value * 10 + digit;
        }
        int millis = 0;
        if (dot >= 0) {
            Cursor fraction = new Cursor(s);
            fraction.position = dot + 1;
            millis = fraction.fractionMillis();
            if (millis < 0 || !fraction.atEnd()) return NOT_A_TIME;
        }
        if (value < EPOCH_SECONDS_LIMIT) return value * 1000 + millis;
        if (value < EPOCH_MILLIS_LIMIT) return value;
        if (value < EPOCH_MICROS_LIMIT) return value / 1_000;
        return value / 1_000_000;
    }

    private static long toEpochMillis(
            int year, int month, int day, int hour, int minute, int second, int millis, int offsetSeconds) {
        if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NOT_A_TIME;
        if (hour > 23 || minute > 59 || second > 59) return NOT_A_TIME;
        long seconds = epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        return seconds * 1000 + millis;
    }

    private static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's days_from_civil). */
    private static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    /** A read position in the text; every method leaves it unchanged when it does not match. */
    private static final class Cursor {
        private final String s;
        private int position;

        Cursor(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return position >= s.length();
        }

        char peek() {
            return s.charAt(position);
        }

        boolean expect(char ch) {
            if (!atEnd() && s.charAt(position) == ch) {
                position++;
                return true;
            }
            return false;
        }

        void spaces() {
            while (!atEnd() && s.charAt(position) == ' ') position++;
        }

        /** Between min and max digits as a number, or -1. */
        int digits(int min, int max) {
            int start = position;
            int value = 0;
            while (position < s.length() && position - start < max && isDigit(s.charAt(position))) {
                value = value * 10 + (s.charAt(position++) - '0');
            }
            if (position - start < min) {
                position = start;
                return -1;
            }
            return value;
        }

        /** 1 to 9 fraction digits as milliseconds (truncated), or -1. */
        int fractionMillis() {
            int start = position;
            int millis = 0;
            while (position < s.length() && isDigit(s.charAt(position))) {
                int index = position - start;
                if (index < 3) millis = millis * 10 + (s.charAt(position) - '0');
                position++;
            }
            int count = position - start;
            if (count == 0 || count > 9) return -1;
            for (int i = count; i < 3; i++) millis *= 10;
            return millis;
        }

        /** +1 for PM, -1 for AM, 0 for neither. */
        int meridiem() {
            if (position + 1 < s.length() && (s.charAt(position + 1) == 'M' || s.charAt(position + 1) == 'm')) {
                char first = Character.toUpperCase(s.charAt(position));
                if (first == 'A' || first == 'P') {
                    position += 2;
                    return first == 'P' ? 1 : -1;
                }
            }
            return 0;
        }

        /** Z, ±HH:mm, ±HHmm, ±HH, or nothing (UTC), as seconds east of UTC; Integer.MIN_VALUE if malformed. */
        int zone() {
            if (atEnd()) return 0;
            char ch = s.charAt(position);
            if (ch == 'Z' || ch == 'z') {
                position++;
                return 0;
            }
            if (ch != '+' && ch != '-') return Integer.MIN_VALUE;
            position++;
            int hours = digits(2, 2);
            if (hours < 0 || hours > 18) return Integer.MIN_VALUE;
            int minutes = 0;
            boolean colon = expect(':');
            if (colon || (!atEnd() && isDigit(peek()))) {
                minutes = digits(2, 2);
                if (minutes < 0 || minutes > 59) return Integer.MIN_VALUE;
            }
            int offset = hours * 3600 + minutes * 60;
            return ch == '-' ? -offset : offset;
        }
    }
}
