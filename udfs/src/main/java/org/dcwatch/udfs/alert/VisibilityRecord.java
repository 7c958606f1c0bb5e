package org.dcwatch.udfs.alert;

import java.util.Arrays;
import java.util.Objects;
import org.dcwatch.udfs.classify.TriageAssessment;
import org.dcwatch.udfs.classify.UserAgentClassifier;
import org.dcwatch.udfs.classify.UserAgentKind;
import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.rules.Severity;

/**
 * One device-code authentication as the {@code device-code-visibility} rule reports it (seed 003): the columns the
 * hunt projects, the ids that join it to the rest of dcwatch's output, and the triage score with its reasons.
 *
 * <p>Immutable: {@link #reasons} is copied in and out. It is an array, not a list, so that Flink serializes the record
 * with its POJO serializer rather than Kryo.
 *
 * @param signInId the sign-in's id (with the tenant, the dedup key)
 * @param eventTime epoch millis; the hunt's {@code TimeGenerated}
 * @param resultSignature {@value #SUCCESS} when {@link #errorCode} is 0, {@value #FAILURE} for another known code, null
 *     when the record had no status (then nothing is known of the outcome, and the JSON says null)
 * @param errorCode Entra's error code, {@link SignInEvent#UNKNOWN_ERROR_CODE} when the record had no status
 * @param compliant the device's compliance, {@code null} when Entra did not say
 * @param managed whether the tenant manages the device, {@code null} when Entra did not say
 * @param userAgentKind what the user agent claims to be, as {@link UserAgentClassifier} sees it
 * @param score the triage score, 0 to 100
 * @param reasons the triage reasons, in scoring order
 * @param severity {@link Severity#INFORMATIONAL}, or {@link #RAISED_SEVERITY} from the tenant's score threshold on
 * @param followedBy what followed the sign-in and makes it part of a chain (a device registration by the same user),
 *     null until something did: the record is written again, under the same sign-in id, when it does
 */
public record VisibilityRecord(
        String signInId,
        String tenantId,
        String userKey,
        String sessionId,
        String correlationId,
        long eventTime,
        String userPrincipalName,
        String authenticationProtocol,
        String originalTransferMethod,
        String resultSignature,
        int errorCode,
        String ipAddress,
        String country,
        String appId,
        String appDisplayName,
        String resourceDisplayName,
        Boolean compliant,
        Boolean managed,
        String riskLevelDuringSignIn,
        String riskLevelAggregated,
        String userAgent,
        UserAgentKind userAgentKind,
        int score,
        String[] reasons,
        Severity severity,
        String followedBy) {

    public static final String SUCCESS = "Success";
    public static final String FAILURE = "Failure";
    /** The severity of a record whose score reaches the threshold: worth a look now, not only in a hunt. */
    public static final Severity RAISED_SEVERITY = Severity.MEDIUM;

    /** What is known of the outcome: a success, a failure, or nothing when no status was logged. */
    static String resultSignature(int errorCode) {
        if (errorCode == SignInEvent.UNKNOWN_ERROR_CODE) return null;
        return errorCode == 0 ? SUCCESS : FAILURE;
    }

    public VisibilityRecord {
        Objects.requireNonNull(userAgentKind, "userAgentKind");
        Objects.requireNonNull(severity, "severity");
        reasons = reasons.clone();
    }

    /**
     * The visibility record of a device-code sign-in and its triage.
     *
     * @param scoreThreshold the score from which the record is {@link #RAISED_SEVERITY}
     */
    public static VisibilityRecord of(SignInEvent event, TriageAssessment assessment, int scoreThreshold) {
        return new VisibilityRecord(
                event.id(),
                event.tenantId(),
                event.userKey(),
                event.sessionId(),
                event.correlationId(),
                event.eventTime(),
                event.userPrincipalName(),
                event.authenticationProtocol(),
                event.originalTransferMethod(),
                resultSignature(event.errorCode()),
                event.errorCode(),
                event.ipAddress(),
                event.country(),
                event.appId(),
                event.appDisplayName(),
                event.resourceDisplayName(),
                event.deviceCompliant(),
                event.deviceManaged(),
                event.riskLevelDuringSignIn(),
                event.riskLevelAggregated(),
                event.userAgent(),
                // classified again rather than carried in the assessment: one allocation-free pass over the string
                UserAgentClassifier.classify(event.userAgent()).kind(),
                assessment.score(),
                assessment.reasons().toArray(String[]::new),
                assessment.score() >= scoreThreshold ? RAISED_SEVERITY : Severity.INFORMATIONAL,
                null);
    }

    /** The record again, noting what followed it. */
    public VisibilityRecord withFollowedBy(String note) {
        return new VisibilityRecord(
                signInId,
                tenantId,
                userKey,
                sessionId,
                correlationId,
                eventTime,
                userPrincipalName,
                authenticationProtocol,
                originalTransferMethod,
                resultSignature,
                errorCode,
                ipAddress,
                country,
                appId,
                appDisplayName,
                resourceDisplayName,
                compliant,
                managed,
                riskLevelDuringSignIn,
                riskLevelAggregated,
                userAgent,
                userAgentKind,
                score,
                reasons,
                severity,
                note);
    }

    /** A copy: the record stays immutable. */
    @Override
    public String[] reasons() {
        return reasons.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VisibilityRecord that
                && eventTime == that.eventTime
                && errorCode == that.errorCode
                && score == that.score
                && Objects.equals(signInId, that.signInId)
                && Objects.equals(tenantId, that.tenantId)
                && Objects.equals(userKey, that.userKey)
                && Objects.equals(sessionId, that.sessionId)
                && Objects.equals(correlationId, that.correlationId)
                && Objects.equals(userPrincipalName, that.userPrincipalName)
                && Objects.equals(authenticationProtocol, that.authenticationProtocol)
                && Objects.equals(originalTransferMethod, that.originalTransferMethod)
                && Objects.equals(resultSignature, that.resultSignature)
                && Objects.equals(ipAddress, that.ipAddress)
                && Objects.equals(country, that.country)
                && Objects.equals(appId, that.appId)
                && Objects.equals(appDisplayName, that.appDisplayName)
                && Objects.equals(resourceDisplayName, that.resourceDisplayName)
                && Objects.equals(compliant, that.compliant)
                && Objects.equals(managed, that.managed)
                && Objects.equals(riskLevelDuringSignIn, that.riskLevelDuringSignIn)
                && Objects.equals(riskLevelAggregated, that.riskLevelAggregated)
                && Objects.equals(userAgent, that.userAgent)
                && userAgentKind == that.userAgentKind
                && Arrays.equals(reasons, that.reasons)
                && severity == that.severity
                && Objects.equals(followedBy, that.followedBy);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tenantId, signInId, eventTime, score);
    }

    @Override
    public String toString() {
        return "VisibilityRecord[" + tenantId + "/" + signInId + " " + userPrincipalName + " " + appDisplayName
                + " score=" + score + " " + Arrays.toString(reasons) + " " + severity.jsonName()
                + (followedBy == null ? "" : " followed by " + followedBy) + "]";
    }
}
