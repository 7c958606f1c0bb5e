package org.dcwatch.job.generate;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Renders a {@link SignInSpec} as a Log Analytics row, as a workspace export or {@code az monitor log-analytics query}
 * returns it: PascalCase columns, the ASN and the result type as strings, the Entra tenant in {@code AADTenantId}
 * ({@code TenantId} is the workspace), and the table in {@code Type}.
 *
 * <p>The two tables differ in one way that trips readers up: {@code SigninLogs} holds {@code DeviceDetail},
 * {@code LocationDetails}, {@code Status}, {@code MfaDetail}, {@code ConditionalAccessPolicies} and
 * {@code AuthenticationProcessingDetails} as JSON objects (dynamic columns), {@code AADNonInteractiveUserSignInLogs}
 * as JSON text in strings. Both are written as they come, and the rows are about as large as the Event Hub records.
 */
public final class LogAnalyticsRow {

    /** The Log Analytics workspace the rows were exported from (its id is what Log Analytics calls TenantId). */
    static final String WORKSPACE_ID = "6b2f9e4d-1c3a-4e5b-8f70-9a1b2c3d4e5f";

    private static final DateTimeFormatter SEVEN_DIGITS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private LogAnalyticsRow() {}

    public static String render(SignInSpec s) {
        boolean dynamic = s.interactive; // SigninLogs: objects; AADNonInteractiveUserSignInLogs: JSON text
        String created = SEVEN_DIGITS.format(s.time);
        StringBuilder row = new StringBuilder(4096);
        row.append("{\"TenantId\":\"")
                .append(WORKSPACE_ID)
                .append('"')
                .append(",\"SourceSystem\":\"Azure AD\"")
                .append(",\"TimeGenerated\":\"")
                .append(SEVEN_DIGITS.format(s.time.plus(EventHubRecord.LOG_DELAY_SECONDS, ChronoUnit.SECONDS)))
                .append('"')
                .append(",\"ResourceId\":\"/tenants/")
                .append(s.tenantId)
                .append("/providers/Microsoft.aadiam\"")
                .append(",\"OperationName\":\"Sign-in activity\",\"OperationVersion\":\"1.0\"")
                .append(",\"Category\":\"")
                .append(s.interactive ? "SignInLogs" : "NonInteractiveUserSignInLogs")
                .append('"')
                .append(",\"ResultType\":\"")
                .append(s.errorCode)
                .append('"')
                .append(",\"ResultSignature\":\"")
                .append(s.errorCode == 0 ? "SUCCESS" : "FAILURE")
                .append('"')
                .append(",\"ResultDescription\":\"")
                .append(failureReason(s.errorCode))
                .append('"')
                .append(",\"DurationMs\":0")
                .append(",\"CorrelationId\":\"")
                .append(s.correlationId)
                .append('"')
                .append(
                        ",\"Resource\":\"Microsoft.aadiam\",\"ResourceGroup\":\"Microsoft.aadiam\",\"ResourceProvider\":\"Microsoft.aadiam\"")
                .append(",\"Identity\":")
                .append(EventHubRecord.quote(s.userDisplayName))
                .append(",\"Level\":\"4\"")
                .append(",\"Location\":\"")
                .append(s.country)
                .append('"')
                .append(",\"AlternateSignInName\":")
                .append(EventHubRecord.quote(s.userPrincipalName))
                .append(",\"AppDisplayName\":")
                .append(EventHubRecord.quote(s.appDisplayName))
                .append(",\"AppId\":\"")
                .append(s.appId)
                .append('"')
                .append(",\"AuthenticationContextClassReferences\":\"[]\"")
                .append(",\"AuthenticationDetails\":")
                .append(EventHubRecord.quote(authenticationDetails(s, created)))
                .append(",\"AuthenticationMethodsUsed\":\"\"")
                .append(",\"AuthenticationProcessingDetails\":")
                .append(column(EventHubRecord.PROCESSING_DETAILS, dynamic))
                .append(",\"AuthenticationRequirement\":\"")
                .append(s.interactive ? "multiFactorAuthentication" : "singleFactorAuthentication")
                .append('"')
                .append(",\"AuthenticationRequirementPolicies\":\"[]\"")
                .append(",\"ClientAppUsed\":\"")
                .append(s.interactive ? "Browser" : "Mobile Apps and Desktop clients")
                .append('"')
                .append(",\"ConditionalAccessPolicies\":")
                .append(column(EventHubRecord.conditionalAccessPolicies(s.interactive), dynamic))
                .append(",\"ConditionalAccessStatus\":\"")
                .append(s.interactive ? "success" : "notApplied")
                .append('"')
                .append(",\"CreatedDateTime\":\"")
                .append(created)
                .append('"')
                .append(",\"DeviceDetail\":")
                .append(column(deviceDetail(s), dynamic))
                .append(",\"IsInteractive\":")
                .append(s.interactive)
                .append(",\"Id\":\"")
                .append(s.id)
                .append('"')
                .append(",\"IPAddress\":\"")
                .append(s.ipAddress)
                .append('"')
                .append(",\"IsRisky\":false")
                .append(",\"LocationDetails\":")
                .append(column(locationDetails(s), dynamic))
                .append(",\"MfaDetail\":")
                .append(column(
                        s.interactive ? "{\"authMethod\":\"Mobile app notification\",\"authDetail\":null}" : "{}",
                        dynamic))
                .append(",\"NetworkLocationDetails\":\"[]\"")
                .append(",\"OriginalRequestId\":\"")
                .append(s.id)
                .append('"')
                .append(",\"ProcessingTimeInMilliseconds\":\"")
                .append(80 + Math.floorMod(s.id.hashCode(), 300))
                .append('"')
                .append(",\"RiskDetail\":\"none\",\"RiskEventTypes\":\"[]\",\"RiskEventTypes_V2\":\"[]\"")
                .append(",\"RiskLevelAggregated\":\"none\",\"RiskLevelDuringSignIn\":\"none\",\"RiskState\":\"none\"")
                .append(",\"ResourceDisplayName\":")
                .append(EventHubRecord.quote(s.resourceDisplayName))
                .append(",\"ResourceIdentity\":\"")
                .append(s.resourceId)
                .append('"')
                .append(",\"ServicePrincipalId\":\"\"")
                .append(",\"Status\":")
                .append(column(status(s), dynamic))
                .append(",\"TokenIssuerName\":\"\",\"TokenIssuerType\":\"AzureAD\"")
                .append(",\"UserAgent\":")
                .append(EventHubRecord.quote(s.userAgent))
                .append(",\"UserDisplayName\":")
                .append(EventHubRecord.quote(s.userDisplayName))
                .append(",\"UserId\":\"")
                .append(s.userId)
                .append('"')
                .append(",\"UserPrincipalName\":")
                .append(EventHubRecord.quote(s.userPrincipalName))
                .append(",\"AADTenantId\":\"")
                .append(s.tenantId)
                .append('"')
                .append(",\"UserType\":\"Member\",\"FlaggedForReview\":false,\"IPAddressFromResourceProvider\":\"\"")
                .append(",\"SignInIdentifier\":")
                .append(EventHubRecord.quote(s.userPrincipalName))
                .append(",\"SignInIdentifierType\":\"\"")
                .append(",\"ResourceTenantId\":\"")
                .append(s.tenantId)
                .append('"')
                .append(",\"HomeTenantId\":\"")
                .append(s.tenantId)
                .append('"')
                .append(",\"UniqueTokenIdentifier\":\"")
                .append(Integer.toHexString(s.id.hashCode()))
                .append("AAAAAAAAAAAAAA\"")
                .append(",\"SessionLifetimePolicies\":\"[]\"")
                .append(",\"AutonomousSystemNumber\":\"")
                .append(s.asn)
                .append('"')
                .append(",\"AuthenticationProtocol\":\"")
                .append(s.authenticationProtocol)
                .append('"')
                .append(",\"CrossTenantAccessType\":\"none\",\"AppliedEventListeners\":\"[]\"")
                .append(",\"OriginalTransferMethod\":\"")
                .append(s.originalTransferMethod)
                .append('"')
                .append(",\"IncomingTokenType\":\"")
                .append(s.incomingTokenType)
                .append('"')
                .append(",\"SessionId\":\"")
                .append(s.sessionId)
                .append('"')
                .append(",\"Type\":\"")
                .append(s.interactive ? "SigninLogs" : "AADNonInteractiveUserSignInLogs")
                .append("\"}");
        return row.toString();
    }

    /** A dynamic column: the JSON itself in SigninLogs, JSON text in a string in AADNonInteractiveUserSignInLogs. */
    private static String column(String json, boolean dynamic) {
        return dynamic ? json : EventHubRecord.quote(json);
    }

    private static String deviceDetail(SignInSpec s) {
        return "{\"deviceId\":" + EventHubRecord.quote(s.deviceId) + ",\"displayName\":\"\",\"operatingSystem\":"
                + EventHubRecord.quote(s.operatingSystem)
                + ",\"browser\":" + EventHubRecord.quote(s.browser) + ",\"isCompliant\":" + s.compliant
                + ",\"isManaged\":" + s.managed
                + ",\"trustType\":" + EventHubRecord.quote(s.deviceTrustType()) + "}";
    }

    private static String locationDetails(SignInSpec s) {
        return "{\"city\":" + EventHubRecord.quote(s.city) + ",\"state\":" + EventHubRecord.quote(s.city)
                + ",\"countryOrRegion\":\"" + s.country
                + "\",\"geoCoordinates\":{\"latitude\":52.52,\"longitude\":13.405}}";
    }

    private static String status(SignInSpec s) {
        return s.errorCode == 0
                ? "{\"errorCode\":0,\"additionalDetails\":\"MFA requirement satisfied by claim in the token\"}"
                : "{\"errorCode\":" + s.errorCode + ",\"failureReason\":\"" + failureReason(s.errorCode) + "\"}";
    }

    private static String authenticationDetails(SignInSpec s, String created) {
        if (!s.interactive) return "[]";
        boolean ok = s.errorCode == 0;
        return "[{\"authenticationStepDateTime\":\"" + created
                + "\",\"authenticationMethod\":\"Password\",\"succeeded\":" + ok
                + ",\"authenticationStepResultDetail\":\"Correct password\",\"authenticationStepRequirement\":\"Primary authentication\"},"
                + "{\"authenticationStepDateTime\":\"" + created
                + "\",\"authenticationMethod\":\"Mobile app notification\",\"succeeded\":"
                + ok
                + ",\"authenticationStepResultDetail\":\"MFA completed in Azure AD\",\"authenticationStepRequirement\":\"Primary authentication\"}]";
    }

    private static String failureReason(int errorCode) {
        return switch (errorCode) {
            case 0 -> "";
            case 50126 -> "Error validating credentials due to invalid username or password.";
            case 50074 -> "Strong Authentication is required.";
            case 50140 -> "This error occurred due to 'Keep me signed in' interrupt when the user was signing in.";
            case 50199 -> "For security reasons, user confirmation is required for this request.";
            case 70043 ->
                "The refresh token has expired or is invalid due to sign-in frequency checks by conditional access.";
            default -> "Other.";
        };
    }
}
