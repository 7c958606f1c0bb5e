package org.dcwatch.udfs.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.dcwatch.udfs.event.SignInEvent;

/**
 * The triage score of a device-code sign-in (rule {@code device-code-visibility}, seed 003): the hunt's triage steps
 * turned into weights, so that the sign-ins most like the seed's true positive come first.
 *
 * <p>Each reason adds its weight once and names itself in a short, stable text that consumers may match on; the sum is
 * capped at {@link #MAX_SCORE}. The score depends on the sign-in alone (and the expected countries), so a replay
 * scores the same. Neither a failed sign-in nor its error code adds anything: a failure in a device-code flow is often
 * the confirmation prompt (CmsiInterrupt, 50199) of a flow that then succeeds, and the record shows the outcome
 * beside the score.
 */
public final class TriageScore {

    public static final int MAX_SCORE = 100;

    /** Azure CLI, Azure PowerShell, Graph tools, Office, Teams, the Authentication Broker: broad tokens (step 1). */
    public static final int HIGH_VALUE_APP = 25;
    /** Device code from a device the tenant does not manage (step 2). */
    public static final int UNMANAGED_DEVICE = 10;
    /** Device code from a device that fails the tenant's compliance policy (step 2). */
    public static final int NON_COMPLIANT_DEVICE = 10;
    /** Entra rates the sign-in or the user medium risk (step 4). */
    public static final int MEDIUM_RISK = 20;
    /** Entra rates the sign-in or the user high risk (step 4); replaces {@link #MEDIUM_RISK}, does not add to it. */
    public static final int HIGH_RISK = 30;
    /**
     * An HTTP library or offensive tool completed the flow: the seed's python-requests. A person types a device code
     * into a browser; a script on the browser side is the attacker's automation.
     */
    public static final int SCRIPTED_CLIENT = 30;
    /** A browser string too old to be real: token-theft kits forge them (a few frozen Windows web views send them too). */
    public static final int OUTDATED_BROWSER = 20;
    /** A country outside the ones expected for the tenant or user (step 3). */
    public static final int UNUSUAL_COUNTRY = 15;

    private static final String UNMANAGED_DEVICE_REASON = "unmanaged device";
    private static final String NON_COMPLIANT_DEVICE_REASON = "non-compliant device";
    private static final String MEDIUM_RISK_REASON = "medium risk";
    private static final String HIGH_RISK_REASON = "high risk";

    private static final String HIGH = "high";
    private static final String MEDIUM = "medium";

    private TriageScore() {}

    /**
     * Scores one device-code sign-in.
     *
     * @param expectedCountries the countries (ISO 3166 alpha-2, as Entra writes them) where sign-ins are expected;
     *     empty when nobody said, and then no country is unusual
     */
    public static TriageAssessment assess(SignInEvent event, Set<String> expectedCountries) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(expectedCountries, "expectedCountries");
        List<String> reasons = new ArrayList<>(6);
        int score = 0;

        if (ClientApps.isHighValue(event.appId())) {
            score += HIGH_VALUE_APP;
            reasons.add("high-value app " + ClientApps.nameOf(event.appId()));
        }
        // Unknown (null) device state is no evidence either way: Entra leaves it out for unregistered devices of
        // some clients, and the device details of a device-code sign-in may describe the browser's device.
        if (Boolean.FALSE.equals(event.deviceManaged())) {
            score += UNMANAGED_DEVICE;
            reasons.add(UNMANAGED_DEVICE_REASON);
        }
        if (Boolean.FALSE.equals(event.deviceCompliant())) {
            score += NON_COMPLIANT_DEVICE;
            reasons.add(NON_COMPLIANT_DEVICE_REASON);
        }

        boolean highRisk =
                isRiskLevel(event.riskLevelDuringSignIn(), HIGH) || isRiskLevel(event.riskLevelAggregated(), HIGH);
        if (highRisk) {
            score += HIGH_RISK;
            reasons.add(HIGH_RISK_REASON);
        } else if (isRiskLevel(event.riskLevelDuringSignIn(), MEDIUM)
                || isRiskLevel(event.riskLevelAggregated(), MEDIUM)) {
            score += MEDIUM_RISK;
            reasons.add(MEDIUM_RISK_REASON);
        }

        UserAgentClass client = UserAgentClassifier.classify(event.userAgent());
        if (client.kind() == UserAgentKind.SCRIPTED_TOOL) {
            score += SCRIPTED_CLIENT;
            reasons.add("scripted client " + client.family());
        } else if (client.kind() == UserAgentKind.OUTDATED_BROWSER) {
            score += OUTDATED_BROWSER;
            reasons.add("outdated browser " + client.family());
        }

        if (isUnusualCountry(event.country(), expectedCountries)) {
            score += UNUSUAL_COUNTRY;
            reasons.add("unusual country " + event.country());
        }

        return new TriageAssessment(Math.min(score, MAX_SCORE), reasons);
    }

    /** Entra writes low, medium, high, none, hidden (no P2 licence) or unknownFutureValue; only two of them count. */
    private static boolean isRiskLevel(String riskLevel, String level) {
        return level.equalsIgnoreCase(riskLevel);
    }

    private static boolean isUnusualCountry(String country, Set<String> expectedCountries) {
        if (country == null || expectedCountries.isEmpty()) {
            return false;
        }
        // Entra writes upper-case codes; the upper-casing copy is made only when the exact code is not expected.
        return !expectedCountries.contains(country) && !expectedCountries.contains(country.toUpperCase(Locale.ROOT));
    }
}
