package org.dcwatch.udfs.alert;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.dcwatch.udfs.event.SignInSummary;
import org.dcwatch.udfs.rules.RuleCatalogue;

/**
 * The one line an alert shows first, made from the evidence it carries: the rule that raises an alert and the
 * suppression that extends it with later sign-ins write the same words for the same evidence, so a revision never
 * shows the counts of an earlier one.
 *
 * <p>Sources are counted as the seeds' ES|QL counts them: {@code count_distinct} ignores nulls, so sign-ins without an
 * IP (or without a user agent) add no distinct IP (or user agent).
 */
public final class AlertSummaries {

    private AlertSummaries() {}

    /**
     * The summary of an alert of this rule with this evidence, oldest first (at least one sign-in).
     *
     * @param ruleSummary what the rule wrote for the alert it raised; {@code unseen-asn} states there what the evidence
     *     cannot show (how many ASNs the baseline held), so it is kept for one sign-in and quoted for more
     */
    public static String of(String ruleId, SignInSummary[] evidence, String ruleSummary) {
        if (evidence.length == 0) throw new IllegalArgumentException("a summary needs at least one sign-in");
        if (RuleCatalogue.DEVICE_CODE_DEVICE_REGISTRATION.equals(ruleId)
                || RuleCatalogue.DEVICE_REGISTRATION_PRT_USE.equals(ruleId)) {
            // the chain's summary tells its steps, which the sign-ins alone do not show: the rule wrote it
            return ruleSummary;
        }
        if (RuleCatalogue.UNSEEN_ASN.equals(ruleId)) {
            if (evidence.length == 1) return ruleSummary;
            Set<String> asns = new LinkedHashSet<>();
            for (SignInSummary signIn : evidence) asns.add("AS" + Integer.toUnsignedString(signIn.asn()));
            return count(evidence.length, "device-code sign-in") + " from ASNs new for the user ("
                    + String.join(", ", asns) + "); the latest: " + ruleSummary;
        }
        String what;
        if (RuleCatalogue.CONCURRENT_INTERACTIVE_NONINTERACTIVE.equals(ruleId)) {
            int interactive = 0;
            for (SignInSummary signIn : evidence) {
                if (signIn.interactive()) interactive++;
            }
            what = interactive + " interactive and " + (evidence.length - interactive)
                    + " non-interactive device-code sign-ins";
        } else if (RuleCatalogue.DEVICE_CODE_BROKER_CLIENT.equals(ruleId)) {
            what = count(evidence.length, "device-code sign-in") + " to the Microsoft Authentication Broker";
        } else {
            what = count(evidence.length, "device-code sign-in");
        }
        long span = evidence[evidence.length - 1].eventTime() - evidence[0].eventTime();
        List<SignInSummary> signIns = Arrays.asList(evidence);
        return what + " in " + span(span) + " from " + count(distinctIps(signIns), "IP") + " and "
                + count(distinctUserAgents(signIns), "user agent");
    }

    public static int distinctIps(Iterable<SignInSummary> signIns) {
        return countDistinct(signIns, SignInSummary::ipAddress);
    }

    public static int distinctUserAgents(Iterable<SignInSummary> signIns) {
        return countDistinct(signIns, SignInSummary::userAgent);
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
    /** A duration as summaries write it: 9m12s, 1h0m5s. */
    public static String span(long millis) {
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
