package org.dcwatch.udfs.parse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dcwatch.udfs.event.DeviceRegistrationEvent;

/** Everything one message of audit records yielded, collected; for tests and tools. */
public final class AuditParseResult implements AuditOutput {

    /** An audit category and operation that were skipped. */
    public record SkippedOperation(String category, String operationName) {}

    private final List<DeviceRegistrationEvent> events = new ArrayList<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private final Map<SkippedOperation, Integer> skipped = new LinkedHashMap<>();
    private final List<Long> skippedEventTimes = new ArrayList<>();

    @Override
    public void deviceRegistration(DeviceRegistrationEvent event) {
        events.add(event);
    }

    @Override
    public void deadLetter(DeadLetter deadLetter) {
        deadLetters.add(deadLetter);
    }

    @Override
    public void skipped(String category, String operationName, long eventTime) {
        skipped.merge(new SkippedOperation(category, operationName), 1, Integer::sum);
        skippedEventTimes.add(eventTime);
    }

    public List<DeviceRegistrationEvent> events() {
        return events;
    }

    public List<DeadLetter> deadLetters() {
        return deadLetters;
    }

    /** How many records of each category and operation were skipped, in the order first seen. */
    public Map<SkippedOperation, Integer> skipped() {
        return skipped;
    }

    /** The event time of each skipped record, in input order ({@link EntraTime#NOT_A_TIME} for none). */
    public List<Long> skippedEventTimes() {
        return skippedEventTimes;
    }
}
