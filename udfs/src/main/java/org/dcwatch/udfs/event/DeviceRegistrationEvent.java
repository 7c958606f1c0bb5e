package org.dcwatch.udfs.event;

import java.util.List;

/**
 * One device registration in an Entra ID tenant, read from its audit log ({@code AuditLogs}): a device that joins or
 * registers, or gains a registered owner or user. After a device-code phish the attacker often registers a device
 * with the stolen token, to get a Primary Refresh Token that outlives the session (docs/design.md, Input).
 *
 * <p>Immutable, and a Java record like {@link SignInEvent}, so that Flink serializes it without Kryo. Absent text fields
 * are {@code null}, never empty strings; text fields are bounded by the parser ({@link TextBounds}).
 *
 * @param id the audit record's id, or {@code derived:} and a hash of its bytes when it has none
 * @param eventTime when the activity happened (activityDateTime), epoch milliseconds
 * @param ingestTime when Azure wrote the log record ({@code time}, TimeGenerated), epoch milliseconds; 0 when absent
 * @param operationName one of {@link #OPERATIONS}
 * @param loggedByService the service that logged the activity ("Device Registration Service", "Core Directory")
 * @param initiatedByUserId the object id of the user who initiated it; null when an application did
 * @param initiatedByUserPrincipalName that user's UPN
 * @param deviceObjectId the directory object id of the device (the target of type Device)
 * @param deviceId the device id ("Device Id" of the additional details, as "Register device" gives it): the id that
 *     a sign-in from the device carries in its deviceDetail, unlike the object id
 * @param deviceDisplayName the device's name
 * @param deviceOs the device's OS type: the modified property DeviceOSType, else the additional detail "Device OS"
 * @param deviceOsVersion the device's OS version (DeviceOSVersion)
 * @param deviceTrustType how the device is joined: the modified property DeviceTrustType (Workplace, AzureAd,
 *     ServerAd), else the additional detail "Device Trust Type" ("Azure AD register"...)
 * @param result "success", "failure" or what else the record says, lower case
 * @param correlationId ties the activity to the sign-in and other audit records of the same request
 * @param userAgent the "User-Agent" of the record's additional details
 * @param format the shape the record arrived in
 */
public record DeviceRegistrationEvent(
        String id,
        String tenantId,
        long eventTime,
        long ingestTime,
        String operationName,
        String loggedByService,
        String initiatedByUserId,
        String initiatedByUserPrincipalName,
        String deviceObjectId,
        String deviceId,
        String deviceDisplayName,
        String deviceOs,
        String deviceOsVersion,
        String deviceTrustType,
        String result,
        String correlationId,
        String userAgent,
        SourceFormat format) {

    /** The audit-log category (the Event Hub {@code category}, the Log Analytics table) these records come in. */
    public static final String AUDIT_LOGS = "AuditLogs";

    public static final String REGISTER_DEVICE = "Register device";
    public static final String ADD_DEVICE = "Add device";
    public static final String ADD_REGISTERED_OWNER = "Add registered owner to device";
    public static final String ADD_REGISTERED_USERS = "Add registered users to device";

    /** The operations that make a device registration event; every other audit operation is skipped. */
    public static final List<String> OPERATIONS =
            List.of(REGISTER_DEVICE, ADD_DEVICE, ADD_REGISTERED_OWNER, ADD_REGISTERED_USERS);

    public static final String SUCCESS = "success";

    public boolean isSuccess() {
        return SUCCESS.equals(result);
    }

    /** The canonical spelling of a device-registration operation, whatever its case; null for any other operation. */
    public static String operation(String name) {
        if (name == null) return null;
        for (String operation : OPERATIONS) {
            if (operation.equalsIgnoreCase(name.strip())) return operation;
        }
        return null;
    }
}
