package org.dcwatch.job.tuning;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * The event time of the tuning stream: always at the end of time.
 *
 * <p>Tuning records carry no event time, and every operator that reads them is keyed on sign-ins and connected with the
 * tuning broadcast. Such an operator's event time is the smaller watermark of its two inputs, so a tuning input without
 * watermarks — an open Kafka topic that is read forever — would hold it at the beginning of time: no session window
 * would close, no suppression window end, no baseline be cleaned up. This strategy puts the tuning input's watermark
 * at {@link Long#MAX_VALUE} from its first periodic emission on, so that the sign-ins alone decide the event time.
 * Unlike idleness it does not wait for a timeout first, and it stays in force while updates keep arriving (an idle
 * input becomes active again with each record).
 *
 * <p>Tuning records are applied in the order they arrive, whatever the watermark says: being "late" means nothing to a
 * broadcast.
 */
public final class TuningWatermarks implements WatermarkGenerator<String> {

    private static final Watermark END_OF_TIME = new Watermark(Long.MAX_VALUE);

    private TuningWatermarks() {}

    public static WatermarkStrategy<String> endOfTime() {
        return WatermarkStrategy.forGenerator(context -> new TuningWatermarks());
    }

    @Override
    public void onEvent(String record, long eventTimestamp, WatermarkOutput output) {
        output.emitWatermark(END_OF_TIME);
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        // also without any record: an empty tuning topic must not hold the rules back either
        output.emitWatermark(END_OF_TIME);
    }
}
