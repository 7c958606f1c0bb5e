package org.dcwatch.udfs.parse;

import org.dcwatch.udfs.event.DeviceRegistrationEvent;

/**
 * Receives what one message of audit records yields, in input order: device registrations, dead letters, and the
 * audit records of other operations, which are not errors (the audit log holds every directory change) but are
 * counted so that a stream that suddenly holds no device registrations can be told from one that holds no records.
 */
public interface AuditOutput extends DeadLetterOutput {

    void deviceRegistration(DeviceRegistrationEvent event);

    /**
     * An audit record of an operation that is not a device registration.
     *
     * @param category the audit category ("Device", "UserManagement"...), or null when the record has none
     * @param operationName the operation, bounded ({@link org.dcwatch.udfs.event.TextBounds#MAX_TEXT})
     * @param eventTime its activityDateTime (else time) in epoch milliseconds, held to the bounds of a registration's;
     *     {@link EntraTime#NOT_A_TIME} when it has none or one beyond those bounds: such a record may not move event
     *     time
     */
    void skipped(String category, String operationName, long eventTime);
}
