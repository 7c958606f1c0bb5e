package org.dcwatch.job.source;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.util.clock.RelativeClock;

/**
 * Bounded out-of-orderness watermarks that depend on the data alone, made in the source for each Kafka partition and
 * each file: a task's watermark is the smallest of its partitions', across topics, so a partition or an event hub
 * that lags the others holds event time back instead of making its sign-ins late. Sign-ins, device registrations and
 * skipped audit records move it ({@link SignInOrDeadLetter#advancesEventTime()}); dead letters, and records whose
 * time is missing or that nothing confirmed, never do.
 *
 * <p>Flink's built-in bounded-out-of-orderness generator emits on a processing-time timer, so whether a record counts
 * as late depends on how fast the job happened to read. This one emits from the events themselves, whenever the
 * largest event time seen has moved by at least a {@link #step(Duration) step} — so a replay of the same input
 * classifies the same records as late.
 *
 * <p>The step is a sixtieth of the out-of-orderness, at least a second: 5 s with the default 5 minutes. Live, event
 * time moves with the clock and a step of seconds costs nothing either way. But when the job catches up on a backlog
 * or reads a history, days of event time pass in minutes: a watermark every second of event time was one every six
 * sign-ins of the benchmark's load, each handled by every event-time task. A watermark that trails the newest
 * sign-in by the bound plus at most a sixtieth of it changes nothing an analyst could see: Entra itself delivers
 * minutes late.
 *
 * <p>Idleness is judged here, not by {@link WatermarkStrategy#withIdleness}: a partition that receives no record that
 * may move event time for the idle timeout, on the source's input-activity clock, is marked idle, and holds nobody
 * back until the next such record. Flink's idleness counts every record as activity, so a partition that keeps
 * receiving records that cannot move its watermark — garbage from a broken producer, or audit records without a
 * time — would never be idle and would stall the event time of every rule; anyone able to write such records could
 * switch detection off. Wrapping Flink's generator and hiding those records from it would split one decision, which
 * records count, over two classes; here it is the same test that moves the watermark. Only the marking idle is on
 * the clock; watermarks are still emitted from the data alone, never in {@link #onPeriodicEmit}.
 */
public final class EventTimeWatermarks implements WatermarkGenerator<SignInOrDeadLetter> {

    static final long MIN_STEP_MILLIS = 1_000;
    static final int STEPS_PER_BOUND = 60;

    private final long outOfOrdernessMillis;
    private final long stepMillis;
    private final long idleTimeoutMillis;
    private final RelativeClock clock;
    private long maxEventTime = Long.MIN_VALUE;
    private long emitted = Long.MIN_VALUE;
    /**
     * The latest periodic emit, on {@link #clock}, before which a record that may move event time came; the start,
     * before the first. The clock is read once a periodic emit, never per record: a record only raises {@link
     * #activeSinceLastEmit}, and the emit after it takes the emit before it as the time of the activity (at most one
     * emit interval early, a few hundred milliseconds of an idle timeout of a minute).
     */
    private long lastActivity;

    private long lastEmit;
    private boolean activeSinceLastEmit;

    private boolean idle;

    /**
     * @param idleTimeout after how long without a record that may move event time the partition is marked idle
     * @param clock the source's input-activity clock (it stands still while the source is back-pressured, so that a
     *     partition that cannot be read is not taken for one that is silent)
     */
    EventTimeWatermarks(Duration outOfOrderness, Duration idleTimeout, RelativeClock clock) {
        requirePositive(idleTimeout);
        this.outOfOrdernessMillis = outOfOrderness.toMillis();
        this.stepMillis = step(outOfOrderness).toMillis();
        this.idleTimeoutMillis = idleTimeout.toMillis();
        this.clock = clock;
        this.lastActivity = clock.relativeTimeMillis();
        this.lastEmit = lastActivity;
    }

    private static void requirePositive(Duration idleTimeout) {
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("the idle timeout must be positive: " + idleTimeout);
        }
    }

    /** How far the largest event time must move before a new watermark is emitted (see the class comment). */
    static Duration step(Duration outOfOrderness) {
        return Duration.ofMillis(Math.max(MIN_STEP_MILLIS, outOfOrderness.toMillis() / STEPS_PER_BOUND));
    }

    /** The strategy of the sign-in source: Flink makes one generator for each split (partition or file). */
    public static WatermarkStrategy<SignInOrDeadLetter> strategy(Duration outOfOrderness, Duration idleness) {
        requirePositive(idleness);
        return WatermarkStrategy.<SignInOrDeadLetter>forGenerator(
                        context -> new EventTimeWatermarks(outOfOrderness, idleness, context.getInputActivityClock()))
                .withTimestampAssigner((record, sourceTimestamp) -> record.eventTime(sourceTimestamp));
    }

    @Override
    public void onEvent(SignInOrDeadLetter record, long eventTimestamp, WatermarkOutput output) {
        if (!record.advancesEventTime()) return;
        activeSinceLastEmit = true;
        if (idle) {
            idle = false;
            output.markActive();
        }
        if (eventTimestamp > maxEventTime) {
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
        // no watermark here: emitting on the clock would make lateness depend on timing (see the class comment)
        long now = clock.relativeTimeMillis();
        if (activeSinceLastEmit) {
            activeSinceLastEmit = false;
            lastActivity = lastEmit;
        }
        lastEmit = now;
        if (!idle && now - lastActivity >= idleTimeoutMillis) {
            idle = true;
            output.markIdle();
        }
    }
}
