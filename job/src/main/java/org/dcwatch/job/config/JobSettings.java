package org.dcwatch.job.config;

import java.io.Serializable;
import java.time.Duration;
import org.dcwatch.udfs.event.SourceFormat;
import org.dcwatch.udfs.parse.SignInParser;

/**
 * How the pipeline treats time and input; the same for every source and sink.
 *
 * @param format the format every record must have, or null to detect it per record
 * @param maxMessageBytes larger messages are dead letters
 * @param outOfOrderness how late a sign-in may arrive behind the latest one and still count (the default covers
 *     Entra's usual delivery delay)
 * @param idleness after how long without a record that may move event time an input no longer holds the watermark
 *     back (records that cannot move it, such as dead letters, do not count)
 * @param duplicateHorizon how long a sign-in id is remembered to drop re-published copies
 * @param learnOnlyBefore sign-ins with an earlier event time (epoch millis) teach the per-user baselines and raise no
 *     alerts: the history of a {@code run --history} bootstrap. {@link #NO_HISTORY} when every sign-in may alert
 * @param maxTimeAhead how far a sign-in may be timed ahead of what bounds it — its own ingestion time, and in a Kafka
 *     run the wall clock and the Kafka timestamp — before it is a {@code FUTURE_TIME} dead letter rather than a
 *     watermark that makes every later sign-in late
 */
public record JobSettings(
        SourceFormat format,
        int maxMessageBytes,
        Duration outOfOrderness,
        Duration idleness,
        Duration duplicateHorizon,
        long learnOnlyBefore,
        Duration maxTimeAhead)
        implements Serializable {

    /** {@link #learnOnlyBefore} of a run without a history bootstrap. */
    public static final long NO_HISTORY = Long.MIN_VALUE;

    public static final Duration DEFAULT_OUT_OF_ORDERNESS = Duration.ofMinutes(5);
    public static final Duration DEFAULT_IDLENESS = Duration.ofMinutes(1);
    public static final Duration DEFAULT_DUPLICATE_HORIZON = Duration.ofHours(1);
    public static final Duration DEFAULT_MAX_TIME_AHEAD = SignInParser.DEFAULT_MAX_TIME_AHEAD;

    /** Settings of a run without a history bootstrap. */
    public JobSettings(
            SourceFormat format,
            int maxMessageBytes,
            Duration outOfOrderness,
            Duration idleness,
            Duration duplicateHorizon) {
        this(format, maxMessageBytes, outOfOrderness, idleness, duplicateHorizon, NO_HISTORY, DEFAULT_MAX_TIME_AHEAD);
    }

    public static JobSettings defaults() {
        return new JobSettings(
                null,
                SignInParser.DEFAULT_MAX_MESSAGE_BYTES,
                DEFAULT_OUT_OF_ORDERNESS,
                DEFAULT_IDLENESS,
                DEFAULT_DUPLICATE_HORIZON);
    }

    public JobSettings withOutOfOrderness(Duration value) {
        return new JobSettings(
                format, maxMessageBytes, value, idleness, duplicateHorizon, learnOnlyBefore, maxTimeAhead);
    }

    public JobSettings withIdleness(Duration value) {
        return new JobSettings(
                format, maxMessageBytes, outOfOrderness, value, duplicateHorizon, learnOnlyBefore, maxTimeAhead);
    }

    /** The same settings, with sign-ins before {@code eventTimeMillis} learned from but never alerted on. */
    public JobSettings withLearnOnlyBefore(long eventTimeMillis) {
        return new JobSettings(
                format, maxMessageBytes, outOfOrderness, idleness, duplicateHorizon, eventTimeMillis, maxTimeAhead);
    }

    public JobSettings withMaxTimeAhead(Duration value) {
        return new JobSettings(
                format, maxMessageBytes, outOfOrderness, idleness, duplicateHorizon, learnOnlyBefore, value);
    }
}
