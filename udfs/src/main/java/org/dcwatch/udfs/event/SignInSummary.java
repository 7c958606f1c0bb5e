package org.dcwatch.udfs.event;

import java.util.Comparator;

/**
 * The fields of a sign-in that the session rules keep and that an alert shows as evidence.
 *
 * <p>CEP and the session windows hold every buffered event in state until the watermark passes it, so they hold this
 * slim record (a fraction of a {@link SignInEvent}) rather than the full event. Serialized by Flink's POJO
 * serializer, like the event. Its {@code asn} is the event's: an unsigned number's bits, {@link SignInEvent#NO_ASN}
 * when unknown. The token type and the device's fields are what the device-registration chain needs of a sign-in that
 * uses a Primary Refresh Token; fields added later come out of older state as null.
 */
public record SignInSummary(
        String id,
        String tenantId,
        String userKey,
        String userPrincipalName,
        String userDisplayName,
        String sessionId,
        String correlationId,
        long eventTime,
        boolean interactive,
        String ipAddress,
        int asn,
        String userAgent,
        String appId,
        String appDisplayName,
        String resourceDisplayName,
        String country,
        String authenticationProtocol,
        String originalTransferMethod,
        int errorCode,
        String incomingTokenType,
        String deviceId,
        Boolean deviceManaged,
        Boolean deviceCompliant) {

    /**
     * Evidence order of every alert, for the rules that raise it and the suppression that extends it alike: event time,
     * then sign-in id, so that equal evidence gives an equal alert.
     */
    public static final Comparator<SignInSummary> OLDEST_FIRST = Comparator.comparingLong(SignInSummary::eventTime)
            .thenComparing(SignInSummary::id, Comparator.nullsLast(Comparator.naturalOrder()));

    public static SignInSummary of(SignInEvent event) {
        return new SignInSummary(
                event.id(),
                event.tenantId(),
                event.userKey(),
                event.userPrincipalName(),
                event.userDisplayName(),
                event.sessionId(),
                event.correlationId(),
                event.eventTime(),
                event.interactive(),
                event.ipAddress(),
                event.asn(),
                event.userAgent(),
                event.appId(),
                event.appDisplayName(),
                event.resourceDisplayName(),
                event.country(),
                event.authenticationProtocol(),
                event.originalTransferMethod(),
                event.errorCode(),
                event.incomingTokenType(),
                event.deviceId(),
                event.deviceManaged(),
                event.deviceCompliant());
    }

    /** The log category, for evidence: a summary keeps only whether the sign-in was interactive. */
    public String category() {
        return interactive ? SignInEvent.INTERACTIVE : SignInEvent.NON_INTERACTIVE;
    }
}
