package org.dcwatch.udfs.event;

import java.util.Locale;

/**
 * One Entra ID sign-in, normalized from any of the input formats (docs/design.md, Input).
 *
 * <p>Immutable. A Java record is serialized by Flink's POJO serializer (Flink 1.19+), so it never falls back to Kryo
 * and its schema can evolve. Absent text fields are {@code null}, never empty strings; {@link #asn} holds the bits of
 * a 32-bit unsigned number ({@link Integer#toUnsignedLong} reads it), {@link #NO_ASN} when unknown;
 * {@link #errorCode} is {@link #UNKNOWN_ERROR_CODE} when the record carries no status at all. Text fields are bounded
 * by the parser ({@link TextBounds}): a longer value keeps its start and ends with {@code …[truncated, N chars]}.
 * {@code signInSessionStatus} is {@code tokenProtectionStatusDetails.signInSessionStatus}: whether the session was bound
 * to the device by token protection ({@code bound}, {@code unbound}...), which a token replayed from another device is
 * not.
 */
public record SignInEvent(
        String id,
        String tenantId,
        long eventTime,
        long ingestTime,
        String category,
        boolean interactive,
        String userId,
        String userPrincipalName,
        String userDisplayName,
        String sessionId,
        String correlationId,
        String appId,
        String appDisplayName,
        String resourceId,
        String resourceDisplayName,
        String ipAddress,
        int asn,
        String userAgent,
        String authenticationProtocol,
        String originalTransferMethod,
        String incomingTokenType,
        int errorCode,
        String authenticationRequirement,
        String deviceId,
        String deviceOs,
        String deviceBrowser,
        Boolean deviceCompliant,
        Boolean deviceManaged,
        String deviceTrustType,
        String country,
        String city,
        String riskLevelDuringSignIn,
        String riskLevelAggregated,
        String riskState,
        String signInSessionStatus,
        SourceFormat format) {

    /**
     * An ASN absent or not 1..4294967295. An ASN is kept as an int holding the bits of the unsigned number (records in
     * checkpointed state keep their field types): compare it with {@code != NO_ASN}, never {@code > 0}.
     */
    public static final int NO_ASN = 0;

    /** No status and no result type in the record: neither a success nor a known failure. */
    public static final int UNKNOWN_ERROR_CODE = -1;

    /** Interactive user sign-ins (the browser side of a device-code flow is logged here). */
    public static final String INTERACTIVE = "SignInLogs";
    /** Token redemptions and refreshes on behalf of a user. */
    public static final String NON_INTERACTIVE = "NonInteractiveUserSignInLogs";

    public static final String SERVICE_PRINCIPAL = "ServicePrincipalSignInLogs";
    public static final String MANAGED_IDENTITY = "ManagedIdentitySignInLogs";

    /** True for interactive and non-interactive user sign-ins; false for service principals and managed identities. */
    public boolean isUserSignIn() {
        return isUserCategory(category);
    }

    /** True for the categories of interactive and non-interactive user sign-ins. */
    public static boolean isUserCategory(String category) {
        return INTERACTIVE.equals(category) || NON_INTERACTIVE.equals(category);
    }

    public boolean isSuccess() {
        return errorCode == 0;
    }

    /** An empty session id means "no session": such sign-ins are never grouped together. */
    public boolean hasSession() {
        return sessionId != null;
    }

    /**
     * The user part of every key: the object id, else the lower-cased UPN. Display names are not unique (Elastic keys on
     * them; dcwatch does not).
     */
    public String userKey() {
        return userKey(userId, userPrincipalName);
    }

    /** The {@link #userKey()} of a sign-in with this object id and UPN. */
    public static String userKey(String userId, String userPrincipalName) {
        if (userId != null) {
            return userId;
        }
        return userPrincipalName == null ? null : userPrincipalName.toLowerCase(Locale.ROOT);
    }
}
