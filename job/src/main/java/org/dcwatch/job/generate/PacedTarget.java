package org.dcwatch.job.generate;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;

/**
 * Holds a {@link MessageTarget} to a fixed rate of sign-in records a second, so that a live stack is fed at a known
 * offered load. A message is due when the records before it are: record n at {@code n / rate} seconds after the
 * first message, so an envelope of 10 records counts 10.
 *
 * <p>The schedule is fixed from the start, not from the last send: a target that stalls (a full producer buffer, a
 * slow disk) is caught up with by sending what has fallen due at once, so the run keeps its average rate and ends on
 * time, as an offered load should. Between messages it sleeps, never spins; before a sleep it flushes the target, so
 * that what is due reaches the reader rather than a buffer.
 */
public final class PacedTarget implements MessageTarget {

    /** Time as the pacing sees it: the system's, or a test's. */
    public interface Clock {

        long nanoTime();

        void sleepNanos(long nanos) throws InterruptedException;

        static Clock system() {
            return new Clock() {
                @Override
                public long nanoTime() {
                    return System.nanoTime();
                }

                @Override
                public void sleepNanos(long nanos) throws InterruptedException {
                    TimeUnit.NANOSECONDS.sleep(nanos);
                }
            };
        }
    }

    private final MessageTarget target;
    private final double nanosPerRecord;
    private final Clock clock;
    private long firstSend;
    private long recordsSent;

    /**
     * @param recordsPerSecond more than 0; fractions allowed
     */
    public PacedTarget(MessageTarget target, double recordsPerSecond, Clock clock) {
        if (!(recordsPerSecond > 0) || Double.isInfinite(recordsPerSecond)) {
            throw new IllegalArgumentException("a rate must be a number above 0, was " + recordsPerSecond);
        }
        this.target = target;
        this.nanosPerRecord = 1e9 / recordsPerSecond;
        this.clock = clock;
    }

    @Override
    public void send(CharSequence message, int records) throws IOException {
        long now = clock.nanoTime();
        if (recordsSent == 0) {
            firstSend = now;
        } else {
            // in double: at low rates the due time of a late record is beyond what a long of nanoseconds holds
            double early = recordsSent * nanosPerRecord - (now - firstSend);
            if (early > 0) pause((long) Math.ceil(early));
        }
        target.send(message, records);
        recordsSent += records;
    }

    @Override
    public void flush() throws IOException {
        target.flush();
    }

    @Override
    public void close() throws IOException {
        target.close();
    }

    private void pause(long nanos) throws IOException {
        target.flush();
        try {
            clock.sleepNanos(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while pacing the output");
        }
    }
}
