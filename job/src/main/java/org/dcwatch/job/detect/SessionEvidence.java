package org.dcwatch.job.detect;

import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import org.dcwatch.job.tuning.RuleParameters;
import org.dcwatch.udfs.alert.Alert;
import org.dcwatch.udfs.alert.AlertIds;
import org.dcwatch.udfs.event.SignInSummary;

/**
 * The sign-ins of one session that made a session rule fire, oldest first, and the alert they make. Both session
 * rules count sources the same way, as the seeds' ES|QL does: {@code count_distinct} ignores nulls, so sign-ins
 * without an IP (or without a user agent) add no distinct IP (or user agent).
 */
final class SessionEvidence {

    /** Evidence order of every alert: event time, then sign-in id, so that equal evidence gives an equal alert. */
    static final Comparator<SignInSummary> OLDEST_FIRST = Comparator.comparingLong(SignInSummary::eventTime)
            .thenComparing(SignInSummary::id, Comparator.nullsLast(Comparator.naturalOrder()));

    private final SignInSummary[] signIns;
    private final int distinctIps;
    private final int distinctUserAgents;

    private SessionEvidence(SignInSummary[] signIns) {
        this.signIns = signIns;
        this.distinctIps = distinctIps(Arrays.asList(signIns));
        this.distinctUserAgents = distinctUserAgents(Arrays.asList(signIns));
    }

    /** The evidence of these sign-ins of one session; at least one. */
    static SessionEvidence of(Collection<SignInSummary> signIns) {
        if (signIns.isEmpty()) throw new IllegalArgumentException("evidence needs at least one sign-in");
        SignInSummary[] sorted = signIns.toArray(new SignInSummary[0]);
        Arrays.sort(sorted, OLDEST_FIRST);
        return new SessionEvidence(sorted);
    }

    static int distinctIps(Iterable<SignInSummary> signIns) {
        return countDistinct(signIns, SignInSummary::ipAddress);
    }

    static int distinctUserAgents(Iterable<SignInSummary> signIns) {
        return countDistinct(signIns, SignInSummary::userAgent);
    }

    int distinctIps() {
        return distinctIps;
    }

    int distinctUserAgents() {
        return distinctUserAgents;
    }

    /**
     * The alert of a rule on this evidence: revision 0, its deterministic id, the parameters' severity and risk score,
     * and a summary of what happened followed by "in 2m10s from 2 IPs and 2 user agents".
     *
     * @param what the rule's count of the sign-ins, e.g. "3 device-code sign-ins"
     */
    Alert alert(String ruleId, RuleParameters parameters, String what) {
        SignInSummary first = signIns[0];
        SignInSummary last = signIns[signIns.length - 1];
        String summary = what + " in " + span(last.eventTime() - first.eventTime())
                + " from " + count(distinctIps, "IP") + " and " + count(distinctUserAgents, "user agent");
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
                summary,
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

    private static int countDistinct(Iterable<SignInSummary> signIns, Function<SignInSummary, String> field) {
        Set<String> values = new HashSet<>();
        for (SignInSummary signIn : signIns) {
            String value = field.apply(signIn);
            if (value != null) values.add(value);
        }
        return values.size();
    }

    /** "45s", "2m10s", "1h0m5s": whole seconds, as people read the gap between two sign-ins. */
    static String span(long millis) {
        long seconds = Math.max(0, millis) / 1000;
        long hours = seconds / 3600;
        long minutes = seconds % 3600 / 60;
        StringBuilder text = new StringBuilder();
        if (hours > 0) text.append(hours).append('h');
        if (hours > 0 || minutes > 0) text.append(minutes).append('m');
        return text.append(seconds % 60).append('s').toString();
    }

    static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
