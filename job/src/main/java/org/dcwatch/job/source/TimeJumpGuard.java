package org.dcwatch.job.source;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.dcwatch.udfs.parse.DeadLetterReason;

/**
 * Keeps a sign-in whose time jumps far ahead of the rest of its file from moving event time, unless the sign-ins after
 * it follow it there. One record dated a year ahead — a producer's clock, a forged record — would otherwise move the
 * watermark a year on, and every genuine sign-in after it would be late, for every tenant, in the whole replay.
 *
 * <p>A sign-in more than the bound ({@link #boundFor}) ahead of the latest one before it in the file is held back. The
 * sign-ins after it decide: one that is also far ahead, at least halfway to the held one, confirms the jump (an
 * outage's gap, a quiet night, a file that starts a new day), and the held sign-in goes on, then this one. If {@value
 * #FOLLOWERS_TO_REFUSE} sign-ins follow without confirming it, or one far ahead but nearer the file's history does, the
 * held sign-in was alone: it becomes a {@link DeadLetterReason#FUTURE_TIME} dead letter. A sign-in still held when the
 * file ends goes on unconfirmed: the rules and the baseline see it, but it never moves event time ({@link
 * SignInOrDeadLetter#advancesEventTime()}).
 *
 * <p>A device registration or a skipped audit record with a time, of the audit log on the same stream or a file of
 * its own, is judged by the same history and takes part in it, but is never held: one far ahead of it goes on at once
 * and never moves event time.
 *
 * <p>The file's first sign-in has no history to be judged by; the parser's own check (a sign-in timed ahead of its
 * record's ingestion time) is what stands for it. The Kafka source needs no guard: there the wall clock and the
 * Kafka timestamp bound every sign-in ({@code SignInKafkaSource}). The decision depends on the file alone, so a replay
 * of the same files refuses the same records.
 */
final class TimeJumpGuard {

    /** How many sign-ins may follow a held one without confirming its jump before it is refused. */
    static final int FOLLOWERS_TO_REFUSE = 8;

    /** The smallest jump that is held back (see {@link #boundFor}). */
    static final Duration MIN_BOUND = Duration.ofHours(1);

    private final long boundMillis;
    private final SourceParser parser;

    private long latest = Long.MIN_VALUE;
    private SignInOrDeadLetter held;
    /** The latest sign-in's time when {@link #held} was held: what it jumped from. */
    private long heldAfter;

    private String heldOrigin;
    private int followers;

    /**
     * How far ahead of the file's latest sign-in a sign-in may be without being held: an hour, or the out-of-orderness
     * if it is longer. Holding a sign-in delays the watermark it would move until the next ones confirm it, and the
     * records read in between see the earlier watermark: late ones among them would count as on time. Genuine exports
     * jump by minutes all the time (a quiet tenant, a re-published envelope), by hours rarely; a record up to an hour
     * ahead moves event time less than an hour, which a replay survives.
     */
    static Duration boundFor(Duration outOfOrderness) {
        return outOfOrderness.compareTo(MIN_BOUND) > 0 ? outOfOrderness : MIN_BOUND;
    }

    /** @param bound see {@link #boundFor} */
    TimeJumpGuard(Duration bound, SourceParser parser) {
        this.boundMillis = bound.toMillis();
        this.parser = parser;
    }

    /** Hands on what can go on now; a held sign-in comes out later, or as a dead letter. */
    void accept(SignInOrDeadLetter item, Supplier<String> origin, Consumer<SignInOrDeadLetter> out) {
        if (!item.isSignIn()) {
            if (!item.advancesEventTime()) {
                out.accept(item);
                return;
            }
            // registrations and other audit records: no rule judges them as it does a held sign-in, so none is
            // held back; one far ahead of the file goes on at once, but does not move event time
            long time = item.eventTime(Long.MIN_VALUE);
            if (isFarAhead(time)) {
                out.accept(item.notAdvancingEventTime());
            } else {
                pass(item, time, out);
            }
            return;
        }
        long time = item.signIn().eventTime();
        if (held != null) {
            long heldTime = held.signIn().eventTime();
            if (!isFarAhead(time)) {
                pass(item, time, out);
                if (++followers >= FOLLOWERS_TO_REFUSE) {
                    refuseHeld("the " + FOLLOWERS_TO_REFUSE + " sign-ins after it do not follow it", out);
                }
                return;
            }
            if (time - heldAfter >= (heldTime - heldAfter) / 2) {
                out.accept(held);
                latest = heldTime;
                held = null;
            } else {
                refuseHeld("a later sign-in is far ahead too, but nearer the file's history", out);
            }
        }
        if (isFarAhead(time)) {
            held = item;
            heldAfter = latest;
            heldOrigin = origin.get();
            followers = 0;
        } else {
            pass(item, time, out);
        }
    }

    /** At the end of the file: a sign-in still held goes on, but never moves event time. */
    void end(Consumer<SignInOrDeadLetter> out) {
        if (held != null) {
            out.accept(held.notAdvancingEventTime());
            held = null;
        }
    }

    private boolean isFarAhead(long time) {
        return latest != Long.MIN_VALUE && time - latest > boundMillis;
    }

    private void pass(SignInOrDeadLetter item, long time, Consumer<SignInOrDeadLetter> out) {
        latest = Math.max(latest, time);
        out.accept(item);
    }

    private void refuseHeld(String why, Consumer<SignInOrDeadLetter> out) {
        long heldTime = held.signIn().eventTime();
        String detail =
                "event time " + Instant.ofEpochMilli(heldTime) + " is " + Duration.ofMillis(heldTime - heldAfter)
                        + " ahead of the latest sign-in of its file before it (" + Instant.ofEpochMilli(heldAfter)
                        + ", at most " + Duration.ofMillis(boundMillis) + " allowed), and " + why;
        out.accept(SignInOrDeadLetter.of(parser.deadLetter(held.signIn(), DeadLetterReason.FUTURE_TIME, detail)
                .withOrigin(heldOrigin)));
        held = null;
    }
}
