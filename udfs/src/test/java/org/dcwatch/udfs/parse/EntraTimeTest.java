package org.dcwatch.udfs.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EntraTimeTest {

    /** Entra's own shapes (read at fixed positions) and their variants (read by the general parser) alike. */
    @Test
    void readsRandomInstantsInEveryIsoShape() {
        Random random = new Random(7);
        String[] zones = {"Z", "+00:00", "z", "+02:00", "-05:30", "+0100", "-03"};
        for (int i = 0; i < 20_000; i++) {
            long nanos = random.nextLong(1_000_000_000L);
            Instant instant = Instant.ofEpochSecond(random.nextLong(-2_000_000_000L, 4_000_000_000L), nanos);
            int fractionDigits = random.nextInt(10);
            String zone = zones[random.nextInt(zones.length)];
            String text = iso(instant, fractionDigits, zone, random.nextBoolean() ? 'T' : ' ');
            // the fraction written, truncated to milliseconds as the parser truncates it
            long writtenNanos = nanos - nanos % (long) Math.pow(10, 9 - fractionDigits);
            long expected = instant.getEpochSecond() * 1000 + writtenNanos / 1_000_000;
            assertEquals(expected, EntraTime.parseMillis(text), text);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-02-30T00:00:00.000Z", // no such day
                "2026-13-01T00:00:00Z",
                "2026-01-01T24:00:00Z",
                "2026-01-01T00:00:00.Z", // a dot without digits
                "2026-01-01T00:00:00.1234567890Z", // ten fraction digits
                "2026-01-01T00:00:00.000Y",
                "2026-01-01T00:00:00+00:0",
                "٢٠٢٦-01-01T00:00:00Z", // digits, but not ASCII ones
                "2026-01-01T00:00:0٣Z",
                "1/1/٢٠٢٦ 1:00:00 PM",
            })
    void rejectsWhatIsNotATime(String text) {
        assertEquals(EntraTime.NOT_A_TIME, EntraTime.parseMillis(text), text);
    }

    @Test
    void readsTheOtherShapesAzureWrites() {
        long expected = Instant.parse("2026-03-04T13:14:02.765Z").toEpochMilli();
        assertEquals(expected, EntraTime.parseMillis(" 2026-03-04T13:14:02.7650000Z "));
        assertEquals(expected, EntraTime.parseMillis("2026-03-04T14:14:02.765+01:00"));
        assertEquals(expected, EntraTime.parseMillis("3/4/2026 1:14:02.765 PM"));
        assertEquals(expected, EntraTime.parseMillis("3/4/2026 2:14:02.765 PM +01:00"));
        assertEquals(expected, EntraTime.parseMillis("1772630042765"));
        assertEquals(expected, EntraTime.parseMillis("1772630042.765"));
        assertEquals(Instant.parse("2026-03-04T00:00:00Z").toEpochMilli(), EntraTime.parseMillis("2026-03-04"));
    }

    /** The same instant written in seconds, milliseconds, microseconds and nanoseconds is the same millisecond. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "1772630042.765",
                "1772630042.765432198",
                "1772630042765",
                "1772630042765.4",
                "1772630042765432",
                "1772630042765432.1",
                "1772630042765432198"
            })
    void readsEpochNumbersByMagnitude(String text) {
        assertEquals(Instant.parse("2026-03-04T13:14:02.765Z").toEpochMilli(), EntraTime.parseMillis(text), text);
    }

    /** Where one unit ends the next begins; the greatest long is nanoseconds in 2262. */
    @Test
    void readsEpochNumbersAtTheBoundsOfEachUnit() {
        assertEquals(99_999_999_999_000L, EntraTime.parseMillis("99999999999"));
        assertEquals(100_000_000_000L, EntraTime.parseMillis("100000000000"));
        assertEquals(99_999_999_999_999L, EntraTime.parseMillis("99999999999999"));
        assertEquals(100_000_000_000L, EntraTime.parseMillis("100000000000000"));
        assertEquals(99_999_999_999_999L, EntraTime.parseMillis("99999999999999999"));
        assertEquals(100_000_000_000L, EntraTime.parseMillis("100000000000000000"));
        assertEquals(Long.MAX_VALUE / 1_000_000, EntraTime.parseMillis(Long.toString(Long.MAX_VALUE)));
        assertEquals(
                Instant.parse("2262-04-11T23:47:16.854Z").toEpochMilli(), EntraTime.parseMillis("9223372036854775807"));
        assertEquals(0L, EntraTime.parseMillis("0"));
        // magnitude, not length: leading zeros do not make seconds milliseconds
        assertEquals(1_772_630_042_000L, EntraTime.parseMillis("0001772630042"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "9223372036854775808", // one more than a long holds
                "99999999999999999999", // 20 digits
                "00000000000000000001", // 20 digits, however small
                "1772630042765.", // a dot without digits
                "1772630042765.x",
                "1772630042765.1234567890", // ten fraction digits
                "1772630042.1234567890",
                ".765",
                "-1772630042",
                "17726300427 65",
            })
    void rejectsWhatIsNotAnEpochNumber(String text) {
        assertEquals(EntraTime.NOT_A_TIME, EntraTime.parseMillis(text), text);
    }

    private static String iso(Instant instant, int fractionDigits, String zone, char separator) {
        String fraction = fractionDigits == 0
                ? ""
                : "." + String.format("%09d", instant.getNano()).substring(0, fractionDigits);
        ZoneOffset offset = switch (zone) {
            case "Z", "z", "+00:00" -> ZoneOffset.UTC;
            case "+0100" -> ZoneOffset.ofHours(1);
            case "-03" -> ZoneOffset.ofHours(-3);
            default -> ZoneOffset.of(zone);
        };
        OffsetDateTime local = instant.atOffset(offset);
        return String.format(
                "%04d-%02d-%02d%c%02d:%02d:%02d%s%s",
                local.getYear(),
                local.getMonthValue(),
                local.getDayOfMonth(),
                separator,
                local.getHour(),
                local.getMinute(),
                local.getSecond(),
                fraction,
                zone);
    }
}
