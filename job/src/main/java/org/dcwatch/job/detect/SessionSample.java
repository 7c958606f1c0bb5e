package org.dcwatch.job.detect;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dcwatch.udfs.classify.DeviceCodeFlow;
import org.dcwatch.udfs.event.SignInSummary;

/**
 * The sign-ins of one session that {@code session-multi-source} keeps, oldest first, at most {@link #CAPACITY}: a
 * sample that a flood cannot empty of what makes the rule fire.
 *
 * <p>A poller that requests tokens for many resources, or an attacker who floods the session on purpose, may send
 * thousands of sign-ins in a window. Keeping the newest ones would let the flood evict the one interactive
 * {@code deviceCode} sign-in of the victim before its window is judged. So sign-ins are grouped by their
 * <em>source</em> — IP, user agent, interactive or not, deviceCode protocol or not, the values the rule counts — and
 * when the sample is full, the sign-in given up is a repeat in the middle of a run of its source: the one whose
 * neighbours of the same source lie closest together in time. The first and the newest sign-in of every source are
 * never given up while any source has three or more sign-ins, so every source stays present from its first to its
 * latest sign-in, and its repeats are thinned evenly in between. Only when no source has three sign-ins (more
 * distinct sources than the capacity: every window of them has multiple sources anyway) is the oldest given up.
 *
 * <p>Counts in a window are counts of the sample: a window is judged on at most {@link #CAPACITY} sign-ins, more than
 * any count a tuning record may ask for ({@code minEvents} and the distinct-source thresholds are at most 50).
 */
final class SessionSample {

    /** At most this many sign-ins per session; adding one to a full sample costs one pass over it. */
    static final int CAPACITY = 64;

    private SessionSample() {}

    /**
     * Adds a sign-in in evidence order ({@link SignInSummary#OLDEST_FIRST}) and keeps the sample within its
     * capacity.
     *
     * @return the sign-in given up (possibly the one just added), or null if none was
     */
    static SignInSummary add(List<SignInSummary> sample, SignInSummary signIn) {
        int at = sample.size();
        while (at > 0 && SignInSummary.OLDEST_FIRST.compare(sample.get(at - 1), signIn) > 0) {
            at--;
        }
        sample.add(at, signIn);
        if (sample.size() <= CAPACITY) return null;
        return sample.remove(indexToGiveUp(sample));
    }

    /** The repeat whose same-source neighbours lie closest together in time; the oldest sign-in if there is none. */
    private static int indexToGiveUp(List<SignInSummary> sample) {
        Map<Source, Integer> previous = new HashMap<>();
        Map<Source, Integer> beforePrevious = new HashMap<>();
        int best = 0;
        long bestGap = Long.MAX_VALUE;
        for (int i = 0; i < sample.size(); i++) {
            Source source = Source.of(sample.get(i));
            Integer middle = previous.put(source, i);
            if (middle == null) continue;
            Integer first = beforePrevious.put(source, middle);
            if (first == null) continue;
            // giving up the middle one leaves its source present from the first to this one
            long gap = sample.get(i).eventTime() - sample.get(first).eventTime();
            if (gap < bestGap) {
                bestGap = gap;
                best = middle;
            }
        }
        return best;
    }

    /** What the rule counts of a sign-in: two sign-ins of one source are interchangeable for it. */
    private record Source(String ipAddress, String userAgent, boolean interactive, boolean deviceCodeProtocol) {
        static Source of(SignInSummary signIn) {
            return new Source(
                    signIn.ipAddress(),
                    signIn.userAgent(),
                    signIn.interactive(),
                    DeviceCodeFlow.isDeviceCodeProtocol(signIn.authenticationProtocol()));
        }
    }
}
