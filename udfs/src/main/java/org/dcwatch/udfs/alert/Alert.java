package org.dcwatch.udfs.alert;

import java.util.Arrays;
import org.dcwatch.udfs.event.DeviceRegistrationEvent;
import org.dcwatch.udfs.event.SignInSummary;
import org.dcwatch.udfs.rules.Severity;

/**
 * One detection: which rule, whose account, when, and the sign-ins that made it fire (docs/design.md, Alerts).
 *
 * <p>The rule's name, MITRE techniques and triage steps are not copied into every alert: they come from the
 * {@link org.dcwatch.udfs.rules.RuleCatalogue} when the alert is written. Evidence is an array, not a list, so that
 * Flink serializes alerts without Kryo.
 *
 * @param alertId deterministic: see {@link AlertIds}; an update of the same alert keeps it
 * @param revision 0 for the first document of an alert, then 1, 2... as later evidence extends it
 * @param sessionId the Entra session, or null for rules that are not per session
 * @param firstEventTime earliest evidence, epoch millis
 * @param lastEventTime latest evidence, epoch millis
 * @param summary one line a person reads first ("2 interactive and 1 non-interactive sign-ins from 2 IPs")
 * @param evidence the contributing sign-ins, oldest first
 * @param registrations the contributing device registrations of the audit log, oldest first; empty for the rules that
 *     read sign-ins alone (never null: an alert from state written before the field existed gets an empty one)
 */
public record Alert(
        String alertId,
        int revision,
        String ruleId,
        Severity severity,
        int riskScore,
        String tenantId,
        String userKey,
        String userPrincipalName,
        String userDisplayName,
        String sessionId,
        long firstEventTime,
        long lastEventTime,
        String summary,
        SignInSummary[] evidence,
        DeviceRegistrationEvent[] registrations) {

    private static final DeviceRegistrationEvent[] NO_REGISTRATIONS = new DeviceRegistrationEvent[0];

    public Alert {
        if (registrations == null) registrations = NO_REGISTRATIONS;
    }

    /** An alert of a rule that reads sign-ins alone. */
    public Alert(
            String alertId,
            int revision,
            String ruleId,
            Severity severity,
            int riskScore,
            String tenantId,
            String userKey,
            String userPrincipalName,
            String userDisplayName,
            String sessionId,
            long firstEventTime,
            long lastEventTime,
            String summary,
            SignInSummary[] evidence) {
        this(
                alertId,
                revision,
                ruleId,
                severity,
                riskScore,
                tenantId,
                userKey,
                userPrincipalName,
                userDisplayName,
                sessionId,
                firstEventTime,
                lastEventTime,
                summary,
                evidence,
                NO_REGISTRATIONS);
    }

    /** The suppression key: one alert per rule, tenant, user and session (or user alone) per suppression window. */
    public String suppressionKey() {
        return ruleId + '|' + tenantId + '|' + userKey + '|' + (sessionId == null ? "" : sessionId);
    }

    public Alert withRevision(int newRevision, SignInSummary[] newEvidence, long newFirst, long newLast) {
        return new Alert(
                alertId,
                newRevision,
                ruleId,
                severity,
                riskScore,
                tenantId,
                userKey,
                userPrincipalName,
                userDisplayName,
                sessionId,
                newFirst,
                newLast,
                summary,
                newEvidence,
                registrations);
    }

    public Alert withSeverity(Severity newSeverity, int newRiskScore) {
        return new Alert(
                alertId,
                revision,
                ruleId,
                newSeverity,
                newRiskScore,
                tenantId,
                userKey,
                userPrincipalName,
                userDisplayName,
                sessionId,
                firstEventTime,
                lastEventTime,
                summary,
                evidence,
                registrations);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Alert that
                && alertId.equals(that.alertId)
                && revision == that.revision
                && ruleId.equals(that.ruleId)
                && severity == that.severity
                && riskScore == that.riskScore
                && java.util.Objects.equals(tenantId, that.tenantId)
                && java.util.Objects.equals(userKey, that.userKey)
                && java.util.Objects.equals(sessionId, that.sessionId)
                && firstEventTime == that.firstEventTime
                && lastEventTime == that.lastEventTime
                && java.util.Objects.equals(summary, that.summary)
                && Arrays.equals(evidence, that.evidence)
                && Arrays.equals(registrations, that.registrations);
    }

    @Override
    public int hashCode() {
        return alertId.hashCode() * 31 + revision;
    }

    @Override
    public String toString() {
        return "Alert[" + ruleId + " " + alertId + " r" + revision + " " + tenantId + "/" + userKey + "/" + sessionId
                + " " + summary + " evidence=" + Arrays.toString(evidence)
                + (registrations.length == 0 ? "" : " registrations=" + Arrays.toString(registrations)) + "]";
    }
}
