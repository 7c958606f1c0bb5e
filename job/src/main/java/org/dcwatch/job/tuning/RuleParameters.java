package org.dcwatch.job.tuning;

import java.io.Serializable;
import java.time.Duration;
import org.dcwatch.udfs.rules.RuleCatalogue;
import org.dcwatch.udfs.rules.RuleDefinition;
import org.dcwatch.udfs.rules.Severity;

/**
 * The tunable parameters of one rule for one tenant, with the seeds' values as defaults. Which rule reads which
 * parameter is listed on each; a rule ignores the others.
 *
 * @param enabled every rule: off means no alerts (visibility records: none)
 * @param window session rules: how close in event time the sign-ins of one session must be; device-registration
 *     chain rules: how soon each step must follow the one before
 * @param minEvents session-multi-source: device-code-flow sign-ins in the window
 * @param minDeviceCodeProtocolEvents session-multi-source: of them, with authentication protocol deviceCode
 * @param minInteractive concurrent-interactive-noninteractive: interactive sign-ins
 * @param minNonInteractive concurrent-interactive-noninteractive: non-interactive sign-ins
 * @param minDistinctIps session rules: distinct IPs that suffice for the "multiple sources" condition; 0 turns the IP
 *     criterion off (Azure may log both sides of a phishing run with the token receiver's IP)
 * @param minDistinctUserAgents session rules: distinct user agents that suffice for it; 0 turns it off, and both at 0
 *     are refused ({@link #contradiction()}): a rule is off only by {@code enabled}, which alertsDisabled counts
 * @param lookback unseen-asn: how far back the user's ASN baseline reaches
 * @param recentExclusion unseen-asn: the most recent part of the lookback that does not count (the seed's timeframe)
 * @param severity every rule: the alert severity
 * @param riskScore every rule: the alert risk score
 * @param suppression every rule: one alert per rule, tenant, user and session for this long
 * @param scoreThreshold device-code-visibility: the triage score from which a visibility record is raised from
 *     informational to medium severity
 */
public record RuleParameters(
        boolean enabled,
        Duration window,
        int minEvents,
        int minDeviceCodeProtocolEvents,
        int minInteractive,
        int minNonInteractive,
        int minDistinctIps,
        int minDistinctUserAgents,
        Duration lookback,
        Duration recentExclusion,
        Severity severity,
        int riskScore,
        Duration suppression,
        int scoreThreshold)
        implements Serializable {

    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(9);
    /**
     * The device-registration chain's: Microsoft reports devices registered within ten minutes of the phish; an hour
     * leaves room for the attacker and for the audit hub's delivery.
     */
    public static final Duration DEFAULT_CHAIN_WINDOW = Duration.ofHours(1);

    public static final Duration DEFAULT_LOOKBACK = Duration.ofDays(30);
    public static final Duration DEFAULT_RECENT_EXCLUSION = Duration.ofDays(1);
    public static final Duration DEFAULT_SUPPRESSION = Duration.ofHours(1);
    public static final int DEFAULT_SCORE_THRESHOLD = 60;

    /** The seed's values for a rule of the catalogue. */
    public static RuleParameters defaults(String ruleId) {
        RuleDefinition rule = RuleCatalogue.get(ruleId);
        return new RuleParameters(
                true,
                isDeviceChain(ruleId) ? DEFAULT_CHAIN_WINDOW : DEFAULT_WINDOW,
                2,
                1,
                2,
                1,
                2,
                2,
                DEFAULT_LOOKBACK,
                DEFAULT_RECENT_EXCLUSION,
                rule.severity(),
                rule.riskScore(),
                DEFAULT_SUPPRESSION,
                DEFAULT_SCORE_THRESHOLD);
    }

    /** Whether the rule is one of the device-registration chain's, whose window is a chain's, not a session's. */
    public static boolean isDeviceChain(String ruleId) {
        return RuleCatalogue.DEVICE_CODE_DEVICE_REGISTRATION.equals(ruleId)
                || RuleCatalogue.DEVICE_REGISTRATION_PRT_USE.equals(ruleId);
    }

    /** What contradicts itself in these parameters, as a refused record's message, or null. */
    public String contradiction() {
        return contradiction(minDistinctIps, minDistinctUserAgents, lookback, recentExclusion);
    }

    static String contradiction(
            int minDistinctIps, int minDistinctUserAgents, Duration lookback, Duration recentExclusion) {
        if (minDistinctIps == 0 && minDistinctUserAgents == 0) {
            // 0 turns one criterion of "multiple sources" off; with both off, no session would ever fire
            return "\"minDistinctIps\" and \"minDistinctUserAgents\" are both 0: the session rules need one of them;"
                    + " to turn a rule off, set \"enabled\": false";
        }
        if (lookback.compareTo(recentExclusion) <= 0) {
            // the baseline is the part of the lookback before the recent exclusion: it would be empty
            return "\"lookback\" must be longer than \"recentExclusion\": the baseline is the part of the lookback"
                    + " before the recent exclusion, and would be empty";
        }
        return null;
    }

    /** The "multiple sources" condition of both session rules: enough distinct IPs or enough distinct user agents. */
    public boolean multipleSources(int distinctIps, int distinctUserAgents) {
        return (minDistinctIps > 0 && distinctIps >= minDistinctIps)
                || (minDistinctUserAgents > 0 && distinctUserAgents >= minDistinctUserAgents);
    }
}
