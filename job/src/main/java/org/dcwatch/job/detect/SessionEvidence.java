package org.dcwatch.job.detect;

import java.util.Arrays;
import java.util.Collection;
import java.util.function.Function;
import org.dcwatch.job.tuning.RuleParameters;
import org.dcwatch.udfs.alert.Alert;
import org.dcwatch.udfs.alert.AlertIds;
import org.dcwatch.udfs.alert.AlertSummaries;
import org.dcwatch.udfs.event.SignInSummary;

/**
 * The sign-ins of one session that made a session rule fire, oldest first, and the alert they make. Both session
 * rules count sources the same way ({@link AlertSummaries#distinctIps}).
 */
final class SessionEvidence {

    private final SignInSummary[] signIns;

    private SessionEvidence(SignInSummary[] signIns) {
        this.signIns = signIns;
    }

    /** The evidence of these sign-ins of one session; at least one. */
    static SessionEvidence of(Collection<SignInSummary> signIns) {
        if (signIns.isEmpty()) throw new IllegalArgumentException("evidence needs at least one sign-in");
        SignInSummary[] sorted = signIns.toArray(new SignInSummary[0]);
        Arrays.sort(sorted, SignInSummary.OLDEST_FIRST);
        return new SessionEvidence(sorted);
    }

    /**
     * The alert of a rule on this evidence: revision 0, its deterministic id, the parameters' severity and risk score,
     * and the summary of its evidence ({@link AlertSummaries}), e.g. "3 device-code sign-ins in 2m10s from 2 IPs and
     * 2 user agents".
     */
    Alert alert(String ruleId, RuleParameters parameters) {
        SignInSummary first = signIns[0];
        SignInSummary last = signIns[signIns.length - 1];
        return new Alert(
                AlertIds.of(ruleId, first.tenantId(), first.userKey(), first.sessionId(), first.id()),
                0,
                ruleId,
                parameters.severity(),
                parameters.riskScore(),
                first.tenantId(),
                first.userKey(),
                firstPresent(SignInSummary::userPrincipalName),
                firstPresent(SignInSummary::userDisplayName),
                first.sessionId(),
                first.eventTime(),
                last.eventTime(),
                AlertSummaries.of(ruleId, signIns, null),
                signIns.clone());
    }

    /** Non-interactive records may lack the user's names: take them from whichever sign-in has them. */
    private String firstPresent(Function<SignInSummary, String> field) {
        for (SignInSummary signIn : signIns) {
            String value = field.apply(signIn);
            if (value != null) return value;
        }
        return null;
    }
}
