package org.dcwatch.job.source;

import org.dcwatch.udfs.parse.EntraTime;

/**
 * An audit record of the stream that is not a device registration: not an error (the audit log holds every directory
 * change), but counted, so that no record is lost without a trace. It moves event time as a registration does, when
 * its time was read and is within the bounds that hold every event time ({@link #hasEventTime()}): the audit log's
 * hub, read as a topic of its own, carries mostly such records, and would otherwise hold back the event time of every
 * rule while it keeps receiving them.
 *
 * @param category the audit category ("Device", "UserManagement"...), or null when the record has none
 * @param operationName the operation, bounded by the parser
 * @param eventTime its activityDateTime (else time) in epoch milliseconds; {@link #NO_EVENT_TIME} when it has none
 *     the parser could read, or one after what the stream makes plausible
 */
public record SkippedAuditRecord(String category, String operationName, long eventTime) {

    /** The {@link #eventTime} of a record that may not move event time. */
    public static final long NO_EVENT_TIME = EntraTime.NOT_A_TIME;

    public boolean hasEventTime() {
        return eventTime != NO_EVENT_TIME;
    }
}
