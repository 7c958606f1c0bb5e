package org.dcwatch.job.config;

import java.time.Duration;
import java.util.Locale;

/** Durations as people write them in flags and tuning records. */
public final class Durations {

    private Durations() {}

    /**
     * A duration such as {@code 90s}, {@code 5m}, {@code 1h}, {@code 30d}, {@code 250ms}, or ISO-8601 {@code PT5M}.
     *
     * @param what the flag or field it was given as, for the message
     * @throws ConfigurationException naming {@code what} when the text is not a duration
     */
    public static Duration parse(String what, String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (value.startsWith("p")) return Duration.parse(value.toUpperCase(Locale.ROOT));
            int split = 0;
            while (split < value.length() && Character.isDigit(value.charAt(split))) split++;
            long amount = Long.parseLong(value.substring(0, split));
            return switch (value.substring(split)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m", "min" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new ConfigurationException(
                    what + " must be a duration such as 90s, 5m, 1h or 30d, was '" + text + "'");
        }
    }
}
