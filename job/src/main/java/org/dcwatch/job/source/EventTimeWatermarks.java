package org.dcwatch.job.source;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Bounded out-of-orderness watermarks that depend on the data alone, made in the source for each Kafka partition and
 * each file: a task's watermark is the smallest of its partitions', across topics, so a partition or an event hub
 * that lags the others holds event time back instead of making its sign-ins late. Device registrations move it as
 * sign-ins do. Dead letters, skipped audit records, and sign-ins whose time nothing confirmed ({@link SignInOrDeadLetter#advancesEventTime()}), never move it.
 *
 * <p>Flink's built-in bounded-out-of-orderness generator emits on a processing-time timer, so whether a record counts
 * as late depends on how fast the job happened to read. This one emits from the events themselves, whenever the
 * largest event time seen has moved by at least a {@link #step(Duration) step} — so a replay of the same input
 * classifies the same records as late. Idle inputs are handled by {@link WatermarkStrategy#withIdleness}.
 *
 * <p>The step is a sixtieth of the out-of-orderness, at least a second: 5 s with the default 5 minutes. Live, event
 * time moves with the clock and a step of seconds costs nothing either way. But when the job catches up on a backlog
 * or reads a history, days of event time pass in minutes: a watermark every second of event time was one every six
 * sign-ins of the benchmark's load, each handled by every event-time task. A watermark that trails the newest
 * sign-in by the bound plus at most a sixtieth of it changes nothing an analyst could see: Entra itself delivers
 * minutes late.
 */
public final class EventTimeWatermarks implements WatermarkGenerator<SignInOrDeadLetter> {

    static final long MIN_STEP_MILLIS = 1_000;
    static final int STEPS_PER_BOUND = 60;

    private final long outOfOrdernessMillis;
    private final long stepMillis;
    private long maxEventTime = Long.MIN_VALUE;
    private long emitted = Long.MIN_VALUE;

    EventTimeWatermarks(Duration outOfOrderness) {
        this.outOfOrdernessMillis = outOfOrderness.toMillis();
        this.stepMillis = step(outOfOrderness).toMillis();
    }

    /** How far the largest event time must move before a new watermark is emitted (see the class comment). */
    static Duration step(Duration outOfOrderness) {
        return Duration.ofMillis(Math.max(MIN_STEP_MILLIS, outOfOrderness.toMillis() / STEPS_PER_BOUND));
    }

    /** The strategy of the sign-in source: Flink makes one generator for each split (partition or file). */
    public static WatermarkStrategy<SignInOrDeadLetter> strategy(Duration outOfOrderness, Duration idleness) {
        return WatermarkStrategy.<SignInOrDeadLetter>forGenerator(context -> new EventTimeWatermarks(outOfOrderness))
                .withTimestampAssigner((record, sourceTimestamp) -> record.eventTime(sourceTimestamp))
                .withIdleness(idleness);
    }

    @Override
    public void onEvent(SignInOrDeadLetter record, long eventTimestamp, WatermarkOutput output) {
        if (record.advancesEventTime() && eventTimestamp > maxEventTime) {
            maxEventTime = eventTimestamp;
            long watermark = maxEventTime - outOfOrdernessMillis - 1;
            if (emitted == Long.MIN_VALUE || watermark - emitted >= stepMillis) {
                emitted = watermark;
                output.emitWatermark(new Watermark(watermark));
            }
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        // nothing: emitting here would make lateness depend on timing (see the class comment)
    }
}
