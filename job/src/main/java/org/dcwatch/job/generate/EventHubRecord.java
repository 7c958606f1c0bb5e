package org.dcwatch.job.generate;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Renders a {@link SignInSpec} as Entra's diagnostic settings write a sign-in to an Event Hub: the envelope fields,
 * the properties, and the parts no rule reads but every real record carries (Conditional Access policies,
 * authentication and processing details), so that a generated record has a real record's shape and size.
 */
public final class EventHubRecord {

    private static final DateTimeFormatter SEVEN_DIGITS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS").withZone(java.time.ZoneOffset.UTC);
    /** Entra writes the log about a minute after the sign-in. */
    static final long LOG_DELAY_SECONDS = 67;

    /** What Entra's token service noted about the request; the same on every generated record. */
    static final String PROCESSING_DETAILS = "[{\"key\":\"Legacy TLS (TLS 1.0, 1.1, 3DES)\",\"value\":\"False\"},"
            + "{\"key\":\"Oauth Scope Info\",\"value\":\"[\\\"Files.ReadWrite.All\\\",\\\"Mail.Read\\\",\\\"User.Read\\\"]\"},"
            + "{\"key\":\"Is CAE Token\",\"value\":\"True\"}]";

    private EventHubRecord() {}

    public static String render(SignInSpec s) {
        String created = SEVEN_DIGITS.format(s.time) + "+00:00";
        Instant logged = s.time.plus(LOG_DELAY_SECONDS, ChronoUnit.SECONDS);
        String category = s.interactive ? "SignInLogs" : "NonInteractiveUserSignInLogs";
        StringBuilder json = new StringBuilder(4096);
        json.append("{\"time\":\"")
                .append(SEVEN_DIGITS.format(logged))
                .append("Z\"")
                .append(",\"resourceId\":\"/tenants/")
                .append(s.tenantId)
                .append("/providers/Microsoft.aadiam\"")
                .append(",\"operationName\":\"Sign-in activity\",\"operationVersion\":\"1.0\"")
                .append(",\"category\":\"")
                .append(category)
                .append('"')
                .append(",\"tenantId\":\"")
                .append(s.tenantId)
                .append('"')
                .append(",\"resultType\":\"")
                .append(s.errorCode)
                .append('"')
                .append(",\"resultSignature\":\"None\",\"durationMs\":0")
                .append(",\"callerIpAddress\":\"")
                .append(s.ipAddress)
                .append('"')
                .append(",\"correlationId\":\"")
                .append(s.correlationId)
                .append('"')
                .append(",\"identity\":")
                .append(quote(s.userDisplayName))
                .append(",\"Level\":4,\"location\":\"")
                .append(s.country)
                .append('"')
                .append(",\"properties\":{")
                .append("\"id\":\"")
                .append(s.id)
                .append('"')
                .append(",\"createdDateTime\":\"")
                .append(created)
                .append('"')
                .append(",\"userDisplayName\":")
                .append(quote(s.userDisplayName))
                .append(",\"userPrincipalName\":")
                .append(quote(s.userPrincipalName))
                .append(",\"userId\":\"")
                .append(s.userId)
                .append('"')
                .append(",\"appId\":\"")
                .append(s.appId)
                .append('"')
                .append(",\"appDisplayName\":")
                .append(quote(s.appDisplayName))
                .append(",\"ipAddress\":\"")
                .append(s.ipAddress)
                .append('"')
                .append(",\"status\":{\"errorCode\":")
                .append(s.errorCode)
                .append('}')
                .append(",\"clientAppUsed\":\"")
                .append(s.interactive ? "Browser" : "Mobile Apps and Desktop clients")
                .append('"')
                .append(",\"userAgent\":")
                .append(quote(s.userAgent))
                .append(",\"deviceDetail\":{\"deviceId\":")
                .append(quote(s.deviceId))
                .append(",\"operatingSystem\":")
                .append(quote(s.operatingSystem))
                .append(",\"browser\":")
                .append(quote(s.browser))
                .append(",\"isCompliant\":")
                .append(s.compliant)
                .append(",\"isManaged\":")
                .append(s.managed)
                .append(",\"trustType\":")
                .append(quote(s.deviceTrustType()))
                .append('}')
                .append(",\"location\":{\"city\":")
                .append(quote(s.city))
                .append(",\"state\":")
                .append(quote(s.city))
                .append(",\"countryOrRegion\":\"")
                .append(s.country)
                .append('"')
                .append(",\"geoCoordinates\":{\"latitude\":52.52,\"longitude\":13.405}}")
                .append(",\"mfaDetail\":{},\"correlationId\":\"")
                .append(s.correlationId)
                .append('"')
                .append(",\"conditionalAccessStatus\":\"")
                .append(s.interactive ? "success" : "notApplied")
                .append('"')
                .append(",\"appliedConditionalAccessPolicies\":")
                .append(conditionalAccessPolicies(s.interactive))
                .append(",\"originalRequestId\":\"")
                .append(s.id)
                .append('"')
                .append(",\"isInteractive\":")
                .append(s.interactive)
                .append(",\"tokenIssuerName\":\"\",\"tokenIssuerType\":\"AzureAD\"")
                .append(",\"authenticationProcessingDetails\":")
                .append(PROCESSING_DETAILS)
                .append(",\"networkLocationDetails\":[],\"processingTimeInMilliseconds\":")
                .append(80 + Math.floorMod(s.id.hashCode(), 300))
                .append(
                        ",\"riskDetail\":\"none\",\"riskLevelAggregated\":\"none\",\"riskLevelDuringSignIn\":\"none\",\"riskState\":\"none\"")
                .append(",\"riskEventTypes\":[],\"riskEventTypes_v2\":[]")
                .append(",\"resourceDisplayName\":")
                .append(quote(s.resourceDisplayName))
                .append(",\"resourceId\":\"")
                .append(s.resourceId)
                .append('"')
                .append(",\"resourceTenantId\":\"")
                .append(s.tenantId)
                .append('"')
                .append(",\"homeTenantId\":\"")
                .append(s.tenantId)
                .append('"')
                .append(",\"authenticationDetails\":[");
        if (s.interactive) {
            json.append("{\"authenticationStepDateTime\":\"")
                    .append(created)
                    .append("\",\"authenticationMethod\":\"Password\",\"succeeded\":")
                    .append(s.errorCode == 0)
                    .append(
                            ",\"authenticationStepResultDetail\":\"Correct password\",\"authenticationStepRequirement\":\"Primary authentication\",\"StatusSequence\":0,\"RequestSequence\":0},")
                    .append("{\"authenticationStepDateTime\":\"")
                    .append(created)
                    .append("\",\"authenticationMethod\":\"Mobile app notification\",\"succeeded\":")
                    .append(s.errorCode == 0)
                    .append(
                            ",\"authenticationStepResultDetail\":\"MFA completed in Azure AD\",\"authenticationStepRequirement\":\"Primary authentication\",\"StatusSequence\":0,\"RequestSequence\":1}");
        }
        json.append("],\"authenticationRequirementPolicies\":[]")
                .append(",\"authenticationRequirement\":\"")
                .append(s.interactive ? "multiFactorAuthentication" : "singleFactorAuthentication")
                .append('"')
                .append(
                        ",\"servicePrincipalId\":\"\",\"userType\":\"Member\",\"flaggedForReview\":false,\"isTenantRestricted\":false")
                .append(",\"autonomousSystemNumber\":")
                .append(s.asn)
                .append(",\"crossTenantAccessType\":\"none\",\"privateLinkDetails\":{},\"ssoExtensionVersion\":\"\"")
                .append(",\"uniqueTokenIdentifier\":\"")
                .append(Integer.toHexString(s.id.hashCode()))
                .append("AAAAAAAAAAAAAA\"")
                .append(",\"incomingTokenType\":\"")
                .append(s.incomingTokenType)
                .append('"')
                .append(",\"authenticationProtocol\":\"")
                .append(s.authenticationProtocol)
                .append('"')
                .append(",\"originalTransferMethod\":\"")
                .append(s.originalTransferMethod)
                .append('"')
                .append(",\"sessionId\":\"")
                .append(s.sessionId)
                .append('"')
                .append("}}");
        return json.toString();
    }

    /** The tenant's three Conditional Access policies; MFA applies to interactive sign-ins only. */
    static String conditionalAccessPolicies(boolean interactive) {
        return "["
                + policy(
                        "0f1e2d3c-4b5a-4697-8877-665544332211",
                        "Require MFA for all users",
                        "Mfa",
                        interactive ? "success" : "notApplied")
                + ","
                + policy("1a2b3c4d-5e6f-4a1b-9c2d-3e4f5a6b7c8d", "Block legacy authentication", "Block", "notApplied")
                + ","
                + policy(
                        "2b3c4d5e-6f7a-4b2c-8d3e-4f5a6b7c8d9e",
                        "Require compliant device for admins",
                        "RequireCompliantDevice",
                        "notApplied")
                + "]";
    }

    private static String policy(String id, String name, String control, String result) {
        return "{\"id\":\"" + id + "\",\"displayName\":\"" + name + "\",\"enforcedGrantControls\":[\"" + control
                + "\"],\"enforcedSessionControls\":[],\"result\":\"" + result
                + "\",\"conditionsSatisfied\":3,\"conditionsNotSatisfied\":0}";
    }

    /** A JSON string literal of the text, "" for null. */
    static String quote(String text) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(text == null ? "" : text)) + '"';
    }
}
