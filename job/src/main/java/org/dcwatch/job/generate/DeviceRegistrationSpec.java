package org.dcwatch.job.generate;

import java.time.Instant;
import org.dcwatch.udfs.event.DeviceRegistrationEvent;

/**
 * What a generated device-registration audit record says; {@link EventHubAuditRecord} and {@link LogAnalyticsAuditRow}
 * render it as Entra writes it. A registration is several records of one correlation id, as Entra logs it: the
 * Device Registration Service's {@code Register device}, initiated by the user whose token registered the device,
 * then the directory's {@code Add device} and {@code Add registered owner to device}, initiated by that service.
 */
public final class DeviceRegistrationSpec implements GeneratedRecord {

    public static final String DEVICE_REGISTRATION_SERVICE = "Device Registration Service";
    public static final String CORE_DIRECTORY = "Core Directory";
    /** The Device Registration Service's service principal in every tenant of the generator. */
    static final String SERVICE_PRINCIPAL_ID = "5e0d3a71-2c4b-4f86-b9a2-7d1e6c3f0b58";
    /** The client the directory's own records name. */
    static final String DIRECTORY_CLIENT = "Microsoft.OData.Client/7.12.5";

    final String id;
    final Instant time;
    final String operation;
    final String tenantId;
    final RegisteredDevice device;
    final String correlationId;
    /** The user who registered the device: the initiator of Register device, the owner of the owner record. */
    final String userId;

    final String userPrincipalName;
    /** Where the registration came from, and with which client: Register device's caller. */
    final String ipAddress;

    final String userAgent;
    String result = DeviceRegistrationEvent.SUCCESS;

    private DeviceRegistrationSpec(
            String id,
            Instant time,
            String operation,
            String tenantId,
            RegisteredDevice device,
            String correlationId,
            String userId,
            String userPrincipalName,
            String ipAddress,
            String userAgent) {
        this.id = id;
        this.time = time;
        this.operation = operation;
        this.tenantId = tenantId;
        this.device = device;
        this.correlationId = correlationId;
        this.userId = userId;
        this.userPrincipalName = userPrincipalName;
        this.ipAddress = ipAddress;
        this.userAgent = userAgent;
    }

    /** The user's registration of {@code device}, from {@code ipAddress} with {@code userAgent}. */
    public static DeviceRegistrationSpec registerDevice(
            String id,
            Instant time,
            String tenantId,
            RegisteredDevice device,
            String correlationId,
            String userId,
            String userPrincipalName,
            String ipAddress,
            String userAgent) {
        return new DeviceRegistrationSpec(
                id,
                time,
                DeviceRegistrationEvent.REGISTER_DEVICE,
                tenantId,
                device,
                correlationId,
                userId,
                userPrincipalName,
                ipAddress,
                userAgent);
    }

    /** The directory's record of the device object this Register device created. */
    public DeviceRegistrationSpec deviceAdded(String newId, Instant newTime) {
        return directoryRecord(newId, newTime, DeviceRegistrationEvent.ADD_DEVICE);
    }

    /** The directory's record of the registering user becoming the device's registered owner. */
    public DeviceRegistrationSpec ownerAdded(String newId, Instant newTime) {
        return directoryRecord(newId, newTime, DeviceRegistrationEvent.ADD_REGISTERED_OWNER);
    }

    /** A record the directory writes of this registration, by its own client. */
    private DeviceRegistrationSpec directoryRecord(String newId, Instant newTime, String operation) {
        return new DeviceRegistrationSpec(
                newId,
                newTime,
                operation,
                tenantId,
                device,
                correlationId,
                userId,
                userPrincipalName,
                ipAddress,
                DIRECTORY_CLIENT);
    }

    public DeviceRegistrationSpec failed() {
        this.result = "failure";
        return this;
    }

    /** Whether the user initiated the record (Register device); the directory's own records are the service's. */
    boolean initiatedByUser() {
        return DeviceRegistrationEvent.REGISTER_DEVICE.equals(operation);
    }

    String loggedByService() {
        return initiatedByUser() ? DEVICE_REGISTRATION_SERVICE : CORE_DIRECTORY;
    }

    public RegisteredDevice device() {
        return device;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Instant time() {
        return time;
    }

    @Override
    public String eventHubRecord() {
        return EventHubAuditRecord.render(this);
    }

    @Override
    public String logAnalyticsRow() {
        return LogAnalyticsAuditRow.render(this);
    }
}
