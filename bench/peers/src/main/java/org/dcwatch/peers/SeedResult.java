package org.dcwatch.peers;

import java.time.Duration;
import java.util.Set;

/** What one seed's query returned: its result rows, the users they name, and how long the query took. */
public record SeedResult(Seed seed, long rows, Set<String> users, Duration elapsed) {

    public SeedResult {
        users = Set.copyOf(users);
    }
}
