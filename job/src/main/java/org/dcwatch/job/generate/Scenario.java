package org.dcwatch.job.generate;

import java.util.List;

/**
 * One injected situation: its ground-truth label, and every sign-in it adds to the stream with the time it arrives —
 * the user's history before it, the situation itself, and whatever a delivery problem adds (copies, delays).
 */
public record Scenario(ScenarioLabel label, List<Delivery> deliveries) {

    /** A sign-in and when it reaches the reader: its own time, or later for a late or re-published record. */
    public record Delivery(SignInSpec signIn, long arrivalMillis) {}

    public Scenario {
        deliveries = List.copyOf(deliveries);
    }
}
