package org.dcwatch.job.generate;

import java.util.List;

/**
 * One injected situation: its ground-truth label, and every record it adds to the stream with the time it arrives —
 * the user's history before it, the situation itself (sign-ins, and for some kinds device-registration audit
 * records), and whatever a delivery problem adds (copies, delays).
 */
public record Scenario(ScenarioLabel label, List<Delivery> deliveries) {

    /**
     * A sign-in or audit record and when it reaches the reader: its own time, or later for a late or re-published
     * record.
     */
    public record Delivery(GeneratedRecord record, long arrivalMillis) {}

    public Scenario {
        deliveries = List.copyOf(deliveries);
    }
}
