package org.dcwatch.job.baseline;

import java.util.Arrays;
import java.util.Objects;

/**
 * The device-code sign-ins the {@code unseen-asn} rule alerted on for one user, by id and event time: its second keyed
 * state beside the {@link AsnHistory}. Azure re-publishes records and the baseline's input is not de-duplicated, so a
 * copy of an alerted sign-in reaches the rule again; judged again it would raise the same alert (the id comes from the
 * sign-in's) as revision 0, and once the suppression window has closed, as it has for a copy arriving late, nothing
 * downstream would hold it back. Only sign-ins still to be judged need their copies recognized: entries are dropped
 * once older than any sign-in the rule still judges, and at most {@value #MAX_SIGN_INS} are kept, the oldest giving
 * way.
 *
 * <p>Immutable: each change returns a new value, which the caller writes back. A record, serialized by Flink's POJO
 * serializer, never Kryo.
 *
 * @param signInIds the alerted sign-ins' ids
 * @param eventTimes the event time of each, epoch millis, at the same index
 */
public record AlertedSignIns(String[] signInIds, long[] eventTimes) {

    /** The most sign-ins remembered for one user: far more device-code alerts than a user gets in a day. */
    public static final int MAX_SIGN_INS = 32;

    /** No sign-in alerted on. */
    public static final AlertedSignIns NONE = new AlertedSignIns(new String[0], new long[0]);

    public AlertedSignIns {
        if (signInIds.length != eventTimes.length) {
            throw new IllegalArgumentException(signInIds.length + " ids but " + eventTimes.length + " event times");
        }
    }

    public boolean contains(String signInId) {
        for (String id : signInIds) {
            if (Objects.equals(id, signInId)) return true;
        }
        return false;
    }

    public int size() {
        return signInIds.length;
    }

    public boolean isEmpty() {
        return signInIds.length == 0;
    }

    /** These sign-ins without those timed before the cutoff; this very value if there are none. */
    public AlertedSignIns withoutBefore(long cutoff) {
        int kept = 0;
        for (long eventTime : eventTimes) {
            if (eventTime >= cutoff) kept++;
        }
        if (kept == signInIds.length) return this;
        String[] ids = new String[kept];
        long[] times = new long[kept];
        int index = 0;
        for (int i = 0; i < signInIds.length; i++) {
            if (eventTimes[i] >= cutoff) {
                ids[index] = signInIds[i];
                times[index] = eventTimes[i];
                index++;
            }
        }
        return new AlertedSignIns(ids, times);
    }

    /** These sign-ins and one more; when that makes more than {@value #MAX_SIGN_INS}, the oldest is dropped. */
    public AlertedSignIns with(String signInId, long eventTime) {
        String[] ids = Arrays.copyOf(signInIds, signInIds.length + 1);
        long[] times = Arrays.copyOf(eventTimes, eventTimes.length + 1);
        ids[ids.length - 1] = signInId;
        times[times.length - 1] = eventTime;
        if (ids.length <= MAX_SIGN_INS) return new AlertedSignIns(ids, times);
        int oldest = 0;
        for (int i = 1; i < times.length; i++) {
            if (times[i] < times[oldest]) oldest = i;
        }
        ids[oldest] = ids[ids.length - 1];
        times[oldest] = times[times.length - 1];
        return new AlertedSignIns(Arrays.copyOf(ids, MAX_SIGN_INS), Arrays.copyOf(times, MAX_SIGN_INS));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AlertedSignIns that
                && Arrays.equals(signInIds, that.signInIds)
                && Arrays.equals(eventTimes, that.eventTimes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(signInIds) * 31 + Arrays.hashCode(eventTimes);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("AlertedSignIns[");
        for (int i = 0; i < signInIds.length; i++) {
            if (i > 0) text.append(", ");
            text.append(signInIds[i]).append('@').append(eventTimes[i]);
        }
        return text.append(']').toString();
    }
}
