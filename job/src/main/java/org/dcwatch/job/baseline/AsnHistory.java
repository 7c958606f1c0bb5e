package org.dcwatch.job.baseline;

import java.time.Duration;
import java.util.Arrays;

/**
 * One user's autonomous systems: the keyed state of the {@code unseen-asn} rule (docs/design.md, Rules and State).
 *
 * <p>Each ASN is kept as the span of event time over which the user's successful sign-ins came from it, from the first
 * to the last sighting. The rule asks whether the ASN was seen in {@code [t − lookback, t − recentExclusion)}, and the
 * last sighting alone cannot answer that: a user on the home ASN every day, last seen an hour ago, has sightings inside
 * the window although the last one falls in the excluded day. The span from three weeks ago to an hour ago overlaps the
 * window and says so. A gap longer than the lookback starts a new span: sightings before such a gap cannot fall into
 * the window of any later sign-in. The one thing a span hides is a gap inside it: an ASN seen 29.5 days ago and again
 * 12 hours ago, never between, counts as seen. Only gaps between {@code lookback − recentExclusion} and
 * {@code lookback} (29 to 30 days by default) can do that.
 *
 * <p>Sightings within {@link #SIGHTING_PRECISION} of a span leave it unchanged: the spans are exact to the hour, and a
 * busy user's sign-ins cost the state a read, not a write. At most {@link #MAX_ASNS} ASNs are kept (the seed's
 * {@code make_set(..., 100)}); when a new one comes, the ASN with the oldest last sighting gives way.
 *
 * <p>Index {@code i} of the three arrays describes one ASN: 20 bytes an ASN, nothing boxed. A Flink POJO (public
 * no-arg constructor, getters and setters), so Flink's POJO serializer writes it, never Kryo, and fields can be added
 * later with POJO schema evolution. Mutable, as keyed state values are: {@link #record} and
 * {@link #forgetLastSeenBefore} change it in place, and the caller writes it back.
 */
public final class AsnHistory {

    /** The most ASNs kept for one user. */
    public static final int MAX_ASNS = 100;
    /** {@link #getCleanupTimer()} before the first timer is registered. */
    public static final long NO_TIMER = Long.MIN_VALUE;
    /** How far a sighting must move a span before the span is rewritten. */
    public static final long SIGHTING_PRECISION = Duration.ofHours(1).toMillis();

    private int[] asns = new int[0];
    private long[] firstSeen = new long[0];
    private long[] lastSeen = new long[0];
    private long cleanupTimer = NO_TIMER;

    public AsnHistory() {}

    /** Whether the user's span on the ASN overlaps {@code [from, until)} of event time. */
    public boolean seenWithin(int asn, long from, long until) {
        int index = indexOf(asn);
        return index >= 0 && overlaps(index, from, until);
    }

    /** How many ASNs the user was seen on within {@code [from, until)}. */
    public int countSeenWithin(long from, long until) {
        int count = 0;
        for (int index = 0; index < asns.length; index++) {
            if (overlaps(index, from, until)) count++;
        }
        return count;
    }

    /** The last sighting on any ASN, or {@link Long#MIN_VALUE} when there is none. */
    public long latestSighting() {
        long latest = Long.MIN_VALUE;
        for (long seen : lastSeen) latest = Math.max(latest, seen);
        return latest;
    }

    public int size() {
        return asns.length;
    }

    public boolean isEmpty() {
        return asns.length == 0;
    }

    /**
     * Adds a sighting of the ASN. Returns whether the history changed; if so the caller must write it back, and if not
     * nothing was touched (the heap state backend hands out the stored object itself, so a change that is not written
     * back would still show there, and nowhere else).
     *
     * @param lookback how far back the baseline reaches: a gap longer than this starts a new span
     * @param expiredBefore ASNs last seen before this instant are of no use any more: the sighting is ignored if it is
     *     one of them, and they are dropped whenever the history changes anyway
     */
    public boolean record(int asn, long eventTime, long lookback, long expiredBefore) {
        if (eventTime < expiredBefore) return false;
        int index = indexOf(asn);
        if (index >= 0) {
            if (!extend(index, eventTime, lookback)) return false;
            forgetLastSeenBefore(expiredBefore);
            return true;
        }
        boolean forgotten = forgetLastSeenBefore(expiredBefore);
        if (asns.length >= MAX_ASNS) {
            int oldest = indexOfOldest();
            if (lastSeen[oldest] >= eventTime) return forgotten; // older than every ASN kept: the most recent win
            remove(oldest);
        }
        append(asn, eventTime);
        return true;
    }

    /** Drops the ASNs last seen before the cutoff; returns whether there were any. */
    public boolean forgetLastSeenBefore(long cutoff) {
        int kept = 0;
        for (int index = 0; index < asns.length; index++) {
            if (lastSeen[index] >= cutoff) {
                asns[kept] = asns[index];
                firstSeen[kept] = firstSeen[index];
                lastSeen[kept] = lastSeen[index];
                kept++;
            }
        }
        if (kept == asns.length) return false;
        resize(kept);
        return true;
    }

    /** Moves the ASN's span to take in the sighting, if that moves it by at least {@link #SIGHTING_PRECISION}. */
    private boolean extend(int index, long eventTime, long lookback) {
        long first = firstSeen[index];
        long last = lastSeen[index];
        if (eventTime - last > lookback) {
            firstSeen[index] = eventTime;
            lastSeen[index] = eventTime;
        } else if (eventTime - last >= SIGHTING_PRECISION) {
            lastSeen[index] = eventTime;
        } else if (first - eventTime >= SIGHTING_PRECISION && first - eventTime <= lookback) {
            firstSeen[index] = eventTime; // out of order, before the span (further back it would be a span of its own)
        } else {
            return false;
        }
        return true;
    }

    private boolean overlaps(int index, long from, long until) {
        return firstSeen[index] < until && lastSeen[index] >= from;
    }

    private int indexOf(int asn) {
        for (int index = 0; index < asns.length; index++) {
            if (asns[index] == asn) return index;
        }
        return -1;
    }

    private int indexOfOldest() {
        int oldest = 0;
        for (int index = 1; index < asns.length; index++) {
            if (lastSeen[index] < lastSeen[oldest]) oldest = index;
        }
        return oldest;
    }

    private void remove(int index) {
        int last = asns.length - 1;
        asns[index] = asns[last];
        firstSeen[index] = firstSeen[last];
        lastSeen[index] = lastSeen[last];
        resize(last);
    }

    private void append(int asn, long eventTime) {
        int index = asns.length;
        resize(index + 1);
        asns[index] = asn;
        firstSeen[index] = eventTime;
        lastSeen[index] = eventTime;
    }

    private void resize(int size) {
        asns = Arrays.copyOf(asns, size);
        firstSeen = Arrays.copyOf(firstSeen, size);
        lastSeen = Arrays.copyOf(lastSeen, size);
    }

    // Getters and setters for Flink's POJO serializer.

    public int[] getAsns() {
        return asns;
    }

    public void setAsns(int[] asns) {
        this.asns = asns;
    }

    /** First sighting of each ASN's span, epoch millis. */
    public long[] getFirstSeen() {
        return firstSeen;
    }

    public void setFirstSeen(long[] firstSeen) {
        this.firstSeen = firstSeen;
    }

    /** Last sighting of each ASN's span, epoch millis. */
    public long[] getLastSeen() {
        return lastSeen;
    }

    public void setLastSeen(long[] lastSeen) {
        this.lastSeen = lastSeen;
    }

    /**
     * The event time of the user's cleanup timer, or {@link #NO_TIMER}. Kept so that moving the timer deletes the old
     * one: one timer a user, however many sign-ins.
     */
    public long getCleanupTimer() {
        return cleanupTimer;
    }

    public void setCleanupTimer(long cleanupTimer) {
        this.cleanupTimer = cleanupTimer;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AsnHistory that
                && Arrays.equals(asns, that.asns)
                && Arrays.equals(firstSeen, that.firstSeen)
                && Arrays.equals(lastSeen, that.lastSeen)
                && cleanupTimer == that.cleanupTimer;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(asns) * 31 + Long.hashCode(cleanupTimer);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("AsnHistory[");
        for (int index = 0; index < asns.length; index++) {
            if (index > 0) text.append(", ");
            text.append("AS")
                    .append(asns[index])
                    .append(' ')
                    .append(firstSeen[index])
                    .append("..")
                    .append(lastSeen[index]);
        }
        return text.append(" cleanup=").append(cleanupTimer).append(']').toString();
    }
}
