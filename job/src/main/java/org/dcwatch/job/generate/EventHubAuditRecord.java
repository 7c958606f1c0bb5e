package org.dcwatch.job.generate;

import static org.dcwatch.job.generate.EventHubRecord.quote;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.dcwatch.udfs.event.DeviceRegistrationEvent;

/**
 * Renders a {@link DeviceRegistrationSpec} as Entra's diagnostic settings write an audit record to an Event Hub (the
 * AuditLogs category), after Microsoft's documented AuditLogs schema: the envelope, then the directoryAudit in
 * {@code properties}. The parts inside the directoryAudit are the same in a Log Analytics row, which reuses them.
 */
public final class EventHubAuditRecord {

    private static final DateTimeFormatter SEVEN_DIGITS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS").withZone(ZoneOffset.UTC);
    /** Audit records are written within a second of the activity, unlike sign-ins. */
    static final long LOG_DELAY_MILLIS = 233;

    private EventHubAuditRecord() {}

    public static String render(DeviceRegistrationSpec r) {
        StringBuilder json = new StringBuilder(2048);
        json.append("{\"time\":\"")
                .append(SEVEN_DIGITS.format(logged(r)))
                .append("Z\",\"resourceId\":\"/tenants/")
                .append(r.tenantId)
                .append("/providers/Microsoft.aadiam\",\"operationName\":")
                .append(quote(r.operation))
                .append(",\"operationVersion\":\"1.0\",\"category\":\"AuditLogs\",\"tenantId\":\"")
                .append(r.tenantId)
                .append("\",\"resultSignature\":\"None\",\"durationMs\":0");
        if (r.initiatedByUser()) {
            json.append(",\"callerIpAddress\":").append(quote(r.ipAddress));
        }
        json.append(",\"correlationId\":\"")
                .append(r.correlationId)
                .append("\",\"identity\":\"")
                .append(DeviceRegistrationSpec.DEVICE_REGISTRATION_SERVICE)
                .append("\",\"Level\":4,\"properties\":{\"id\":")
                .append(quote(r.id))
                .append(",\"category\":\"Device\",\"correlationId\":\"")
                .append(r.correlationId)
                .append("\",\"result\":\"")
                .append(r.result)
                .append("\",\"resultReason\":\"\",\"activityDisplayName\":")
                .append(quote(r.operation))
                .append(",\"activityDateTime\":\"")
                .append(SEVEN_DIGITS.format(r.time))
                .append("+00:00\",\"loggedByService\":\"")
                .append(r.loggedByService())
                .append("\",\"operationType\":\"")
                .append(operationType(r))
                .append("\",\"initiatedBy\":")
                .append(initiatedBy(r))
                .append(",\"targetResources\":")
                .append(targetResources(r))
                .append(",\"additionalDetails\":")
                .append(additionalDetails(r))
                .append("}}");
        return json.toString();
    }

    static Instant logged(DeviceRegistrationSpec r) {
        return r.time.plusMillis(LOG_DELAY_MILLIS);
    }

    static String operationType(DeviceRegistrationSpec r) {
        return DeviceRegistrationEvent.ADD_REGISTERED_OWNER.equals(r.operation) ? "Assign" : "Add";
    }

    /** The user for Register device; the Device Registration Service for the directory's records. */
    static String initiatedBy(DeviceRegistrationSpec r) {
        if (r.initiatedByUser()) {
            return "{\"user\":{\"id\":\"" + r.userId + "\",\"displayName\":null,\"userPrincipalName\":"
                    + quote(r.userPrincipalName) + ",\"ipAddress\":" + quote(r.ipAddress) + ",\"roles\":[]}}";
        }
        return "{\"app\":{\"appId\":null,\"displayName\":\"" + DeviceRegistrationSpec.DEVICE_REGISTRATION_SERVICE
                + "\",\"servicePrincipalId\":\"" + DeviceRegistrationSpec.SERVICE_PRINCIPAL_ID
                + "\",\"servicePrincipalName\":null}}";
    }

    /**
     * The device; Add device with the properties it set (each new value a JSON array in a string), and the owner
     * record with the user before the device, as the directory lists them.
     */
    static String targetResources(DeviceRegistrationSpec r) {
        RegisteredDevice d = r.device;
        String properties = "[]";
        if (DeviceRegistrationEvent.ADD_DEVICE.equals(r.operation)) {
            properties = "[" + property("AccountEnabled", "[true]")
                    + "," + property("DeviceOSVersion", "[" + quote(d.operatingSystemVersion()) + "]")
                    + "," + property("DeviceTrustType", "[" + quote(d.trust().directoryValue()) + "]")
                    + "," + property("DeviceOSType", "[" + quote(d.operatingSystem()) + "]")
                    + "," + property("DisplayName", "[" + quote(d.displayName()) + "]")
                    + ",{\"displayName\":\"Included Updated Properties\",\"oldValue\":null,\"newValue\":"
                    + quote("\"AccountEnabled, DeviceOSVersion, DeviceTrustType, DeviceOSType, DisplayName\"") + "}]";
        }
        String device = "{\"id\":\"" + d.objectId() + "\",\"displayName\":" + quote(d.displayName())
                + ",\"type\":\"Device\",\"modifiedProperties\":" + properties + ",\"administrativeUnits\":[]}";
        if (!DeviceRegistrationEvent.ADD_REGISTERED_OWNER.equals(r.operation)) return "[" + device + "]";
        return "[{\"id\":\"" + r.userId + "\",\"displayName\":null,\"type\":\"User\",\"userPrincipalName\":"
                + quote(r.userPrincipalName) + ",\"modifiedProperties\":[],\"administrativeUnits\":[]}," + device + "]";
    }

    private static String property(String name, String newValue) {
        return "{\"displayName\":\"" + name + "\",\"oldValue\":\"[]\",\"newValue\":" + quote(newValue) + "}";
    }

    /** Register device names the device id, OS and trust and the registering client; Add device its own client. */
    static String additionalDetails(DeviceRegistrationSpec r) {
        RegisteredDevice d = r.device;
        if (r.initiatedByUser()) {
            return "[" + detail("AdditionalInfo", "Successfully registered device using account type: User")
                    + "," + detail("Device Trust Type", d.trust().registrationDetail())
                    + "," + detail("Device OS", d.operatingSystem())
                    + "," + detail("Device Id", d.deviceId())
                    + "," + detail("User-Agent", r.userAgent) + "]";
        }
        if (DeviceRegistrationEvent.ADD_DEVICE.equals(r.operation)) {
            return "[" + detail("User-Agent", r.userAgent) + "]";
        }
        return "[]";
    }

    private static String detail(String key, String value) {
        return "{\"key\":" + quote(key) + ",\"value\":" + quote(value) + "}";
    }
}
