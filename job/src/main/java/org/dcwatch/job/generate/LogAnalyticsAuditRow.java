package org.dcwatch.job.generate;

import static org.dcwatch.job.generate.EventHubRecord.quote;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Renders a {@link DeviceRegistrationSpec} as a row of the Log Analytics {@code AuditLogs} table: PascalCase columns,
 * {@code Category} the audit category (Device) and {@code Type} the table, {@code TenantId} the workspace and
 * {@code AADTenantId} the tenant, and InitiatedBy, TargetResources and AdditionalDetails as objects (dynamic columns).
 */
public final class LogAnalyticsAuditRow {

    private static final DateTimeFormatter SEVEN_DIGITS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private LogAnalyticsAuditRow() {}

    public static String render(DeviceRegistrationSpec r) {
        return "{\"TenantId\":\"" + LogAnalyticsRow.WORKSPACE_ID + "\",\"SourceSystem\":\"Azure AD\""
                + ",\"TimeGenerated\":\"" + SEVEN_DIGITS.format(EventHubAuditRecord.logged(r)) + "\""
                + ",\"ResourceId\":\"/tenants/" + r.tenantId + "/providers/Microsoft.aadiam\""
                + ",\"OperationName\":" + quote(r.operation) + ",\"OperationVersion\":\"1.0\""
                + ",\"Category\":\"Device\",\"ResultType\":\"\",\"ResultSignature\":\"None\",\"ResultDescription\":\"\""
                + ",\"DurationMs\":0,\"CorrelationId\":\"" + r.correlationId + "\""
                + ",\"Resource\":\"Microsoft.aadiam\",\"ResourceGroup\":\"Microsoft.aadiam\",\"ResourceProvider\":\"\""
                + ",\"Identity\":\"" + DeviceRegistrationSpec.DEVICE_REGISTRATION_SERVICE + "\",\"Level\":4"
                + ",\"Location\":\"\",\"AdditionalDetails\":" + EventHubAuditRecord.additionalDetails(r)
                + ",\"Id\":" + quote(r.id)
                + ",\"InitiatedBy\":" + EventHubAuditRecord.initiatedBy(r)
                + ",\"LoggedByService\":\"" + r.loggedByService() + "\""
                + ",\"Result\":\"" + r.result + "\",\"ResultReason\":\"\""
                + ",\"TargetResources\":" + EventHubAuditRecord.targetResources(r)
                + ",\"AADTenantId\":\"" + r.tenantId + "\""
                + ",\"ActivityDisplayName\":" + quote(r.operation)
                + ",\"ActivityDateTime\":\"" + SEVEN_DIGITS.format(r.time) + "\""
                + ",\"AADOperationType\":\"" + EventHubAuditRecord.operationType(r) + "\""
                + ",\"Type\":\"AuditLogs\"}";
    }
}
