package org.dcwatch.job.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pacing of {@code generate --rate}, on a clock the test moves: when each message goes out, and what sleeps. */
class PacedTargetTest {

    private static final long MS = 1_000_000;

    /** A clock that only moves when it is slept on, or when a send takes time. */
    private static final class ManualClock implements PacedTarget.Clock {
        long now = 5_000 * MS; // any origin: only differences count
        final List<Long> sleeps = new ArrayList<>();

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepNanos(long nanos) {
            sleeps.add(nanos);
            now += nanos;
        }
    }

    /** Remembers when (on the clock) each message was sent, and the flushes before pauses. */
    private static final class RecordingTarget implements MessageTarget {
        final ManualClock clock;
        final List<Long> sentAt = new ArrayList<>();
        long sendTakes;
        int flushes;

        RecordingTarget(ManualClock clock) {
            this.clock = clock;
        }

        @Override
        public void send(CharSequence message, int records) {
            sentAt.add(clock.now);
            clock.now += sendTakes;
        }

        @Override
        public void flush() {
            flushes++;
        }

        @Override
        public void close() {}
    }

    private final ManualClock clock = new ManualClock();
    private final RecordingTarget target = new RecordingTarget(clock);

    @Test
    void aMessageOfTenRecordsWaitsTheTimeOfTenRecords() throws Exception {
        PacedTarget paced = new PacedTarget(target, 100, clock);
        for (int i = 0; i < 4; i++) paced.send("envelope", 10);
        assertEquals(List.of(0L, 100 * MS, 200 * MS, 300 * MS), sinceFirst(target.sentAt));
        assertEquals(List.of(100 * MS, 100 * MS, 100 * MS), clock.sleeps);
    }

    @Test
    void messagesOfDifferentSizesAreDueWhenTheRecordsBeforeThemAre() throws Exception {
        PacedTarget paced = new PacedTarget(target, 1_000, clock);
        paced.send("a", 10);
        paced.send("b", 5); // due after 10 records: 10 ms
        paced.send("c", 1); // after 15: 15 ms
        paced.send("d", 1); // after 16: 16 ms
        assertEquals(List.of(0L, 10 * MS, 15 * MS, 16 * MS), sinceFirst(target.sentAt));
    }

    @Test
    void aFractionalRateSpacesRecordsBySeconds() throws Exception {
        PacedTarget paced = new PacedTarget(target, 0.5, clock);
        for (int i = 0; i < 3; i++) paced.send("record", 1);
        assertEquals(List.of(0L, 2_000 * MS, 4_000 * MS), sinceFirst(target.sentAt));
    }

    @Test
    void aTargetThatStalledIsCaughtUpWithWithoutSleeping() throws Exception {
        PacedTarget paced = new PacedTarget(target, 100, clock);
        target.sendTakes = 350 * MS; // the first send blocks for the time of 35 records
        paced.send("slow", 1);
        target.sendTakes = 0;
        for (int i = 0; i < 40; i++) paced.send("record", 1);
        // records 1 to 35 were due by then and go at once; from record 36 on the schedule holds again
        assertEquals(350 * MS, target.sentAt.get(35) - target.sentAt.get(0));
        assertEquals(360 * MS, target.sentAt.get(36) - target.sentAt.get(0));
        assertEquals(400 * MS, target.sentAt.get(40) - target.sentAt.get(0));
        assertEquals(5, clock.sleeps.size(), "sleeps only for the records 36 to 40");
    }

    @Test
    void flushesTheTargetBeforeEveryPause() throws Exception {
        PacedTarget paced = new PacedTarget(target, 10, clock);
        for (int i = 0; i < 3; i++) paced.send("record", 1);
        assertEquals(2, clock.sleeps.size());
        assertEquals(2, target.flushes, "what is due must not wait in a buffer while the pacing sleeps");
    }

    @Test
    void anInterruptedPauseEndsTheRunAndKeepsTheInterrupt() {
        PacedTarget.Clock interrupted = new PacedTarget.Clock() {
            @Override
            public long nanoTime() {
                return 0;
            }

            @Override
            public void sleepNanos(long nanos) throws InterruptedException {
                throw new InterruptedException();
            }
        };
        PacedTarget paced = new PacedTarget(target, 1, interrupted);
        try {
            assertThrows(InterruptedIOException.class, () -> {
                paced.send("first", 1);
                paced.send("second", 1);
            });
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted(); // clears the flag for the next test
        }
    }

    private static List<Long> sinceFirst(List<Long> times) {
        return times.stream().map(time -> time - times.get(0)).toList();
    }
}
