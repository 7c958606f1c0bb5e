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
 * @param outOfOrderness how late a sign-in may arrive behind the latest one and still count (Entra's 99th percentile
 *     delivery delay is about 5 minutes)
 * @param idleness after how long without records an input no longer holds the watermark back
 * @param duplicateHorizon how long a sign-in id is remembered to drop re-published copies
 */
public record JobSettings(
        SourceFormat format, int maxMessageBytes, Duration outOfOrderness, Duration idleness, Duration duplicateHorizon)
        implements Serializable {

    public static final Duration DEFAULT_OUT_OF_ORDERNESS = Duration.ofMinutes(5);
    public static final Duration DEFAULT_IDLENESS = Duration.ofMinutes(1);
    public static final Duration DEFAULT_DUPLICATE_HORIZON = Duration.ofHours(1);

    public static JobSettings defaults() {
        return new JobSettings(null, SignInParser.DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_OUT_OF_ORDERNESS, DEFAULT_IDLENESS,
                DEFAULT_DUPLICATE_HORIZON);
    }

    public JobSettings withOutOfOrderness(Duration value) {
        return new JobSettings(format, maxMessageBytes, value, idleness, duplicateHorizon);
    }
}
