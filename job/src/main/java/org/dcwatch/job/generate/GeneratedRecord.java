package org.dcwatch.job.generate;

import java.time.Instant;

/**
 * A record the generator writes to the sign-ins' stream: a sign-in, or a device-registration audit record, which
 * Entra's diagnostic settings send to the same Event Hub. Either is rendered in every {@link SignInFormat}.
 */
public sealed interface GeneratedRecord permits SignInSpec, DeviceRegistrationSpec {

    /** The record's id: the sign-in's, or the audit record's. */
    String id();

    /** When it happened: the sign-in's createdDateTime, the audit record's activityDateTime. */
    Instant time();

    /** The Event Hub record. */
    String eventHubRecord();

    /** The Log Analytics row. */
    String logAnalyticsRow();
}
