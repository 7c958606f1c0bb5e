package org.dcwatch.job.bench;

import java.util.Arrays;
import java.util.Collection;

/** Percentiles of measured latencies, by the nearest-rank method: every reported figure is one that was measured. */
public final class Percentiles {

    private final long[] sorted;

    public Percentiles(Collection<Long> values) {
        this.sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    public int count() {
        return sorted.length;
    }

    /** The smallest value that {@code percent}% of the values are at or below; -1 when there are none. */
    public long percentile(double percent) {
        if (percent <= 0 || percent > 100)
            throw new IllegalArgumentException("percent must be in (0, 100]: " + percent);
        if (sorted.length == 0) return -1;
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    public long max() {
        return sorted.length == 0 ? -1 : sorted[sorted.length - 1];
    }

    @Override
    public String toString() {
        return Arrays.toString(sorted);
    }
}
