package org.dcwatch.job.kafka;

import java.io.Serializable;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.dcwatch.job.config.ConfigurationException;

/**
 * Where a new run starts reading the sign-in topic. Only a first start: a run restored from a checkpoint or savepoint
 * continues at the offsets in its state, whatever this says.
 *
 * @param timestampMillis for {@link Kind#TIMESTAMP}, the instant (epoch millis) of the first record to read
 */
public record StartingOffsets(Kind kind, long timestampMillis) implements Serializable {

    public enum Kind {
        /** the consumer group's committed offsets; the earliest record where the group has none (a first start) */
        COMMITTED,
        EARLIEST,
        LATEST,
        /** the first record whose Kafka timestamp (the Event Hubs enqueue time) is at or after the instant */
        TIMESTAMP
    }

    public static final StartingOffsets COMMITTED = new StartingOffsets(Kind.COMMITTED, 0);
    private static final String TIMESTAMP_PREFIX = "timestamp:";

    /** {@code committed}, {@code earliest}, {@code latest}, {@code timestamp:MILLIS} or {@code timestamp:ISO-8601}. */
    public static StartingOffsets parse(String text) {
        String value = text.strip();
        switch (value.toLowerCase(Locale.ROOT)) {
            case "committed":
                return COMMITTED;
            case "earliest":
                return new StartingOffsets(Kind.EARLIEST, 0);
            case "latest":
                return new StartingOffsets(Kind.LATEST, 0);
            default:
                break;
        }
        if (!value.toLowerCase(Locale.ROOT).startsWith(TIMESTAMP_PREFIX)) {
            throw new ConfigurationException("--starting-offsets must be committed, earliest, latest or timestamp:WHEN "
                    + "(epoch millis or an ISO-8601 instant such as 2026-03-01T00:00:00Z), was '" + text + "'");
        }
        String when = value.substring(TIMESTAMP_PREFIX.length()).strip();
        try {
            long millis = when.chars().allMatch(Character::isDigit) && !when.isEmpty()
                    ? Long.parseLong(when)
                    : Instant.parse(when).toEpochMilli();
            return new StartingOffsets(Kind.TIMESTAMP, millis);
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            throw new ConfigurationException(
                    "--starting-offsets timestamp: needs epoch millis or an ISO-8601 instant such as "
                            + "2026-03-01T00:00:00Z, was '" + when + "'");
        }
    }

    @SuppressWarnings("deprecation") // the connector's API still takes Kafka's OffsetResetStrategy
    public OffsetsInitializer initializer() {
        return switch (kind) {
            case COMMITTED -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            case EARLIEST -> OffsetsInitializer.earliest();
            case LATEST -> OffsetsInitializer.latest();
            case TIMESTAMP -> OffsetsInitializer.timestamp(timestampMillis);
        };
    }

    @Override
    public String toString() {
        return kind == Kind.TIMESTAMP
                ? TIMESTAMP_PREFIX + Instant.ofEpochMilli(timestampMillis)
                : kind.name().toLowerCase(Locale.ROOT);
    }
}
