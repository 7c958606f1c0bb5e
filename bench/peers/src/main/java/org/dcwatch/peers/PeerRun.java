package org.dcwatch.peers;

import java.time.Duration;
import java.util.List;

/** One run of the peer on a file: the sign-ins loaded, the time loading them took, and each seed's result. */
public record PeerRun(long signIns, Duration load, List<SeedResult> seeds) {

    public PeerRun {
        seeds = List.copyOf(seeds);
    }

    public Duration total() {
        Duration total = load;
        for (SeedResult seed : seeds) total = total.plus(seed.elapsed());
        return total;
    }

    public SeedResult seed(Seed seed) {
        for (SeedResult result : seeds) {
            if (result.seed() == seed) return result;
        }
        throw new IllegalArgumentException("no result of " + seed);
    }
}
