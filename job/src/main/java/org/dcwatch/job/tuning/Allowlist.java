package org.dcwatch.job.tuning;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.dcwatch.udfs.alert.Alert;
import org.dcwatch.udfs.classify.UserAgentClassifier;
import org.dcwatch.udfs.classify.UserAgentKind;
import org.dcwatch.udfs.event.SignInSummary;

/**
 * Sign-ins a rule must not alert on, with the reason and the owner that justify it. An allowlist silences an alert
 * when every criterion it names holds for the alert (criteria it leaves out are not checked):
 *
 * <ul>
 *   <li>{@code users}: the alert's user, by object id or UPN, is listed;
 *   <li>{@code appIds}: every evidence sign-in is to a listed application;
 *   <li>{@code userAgentPatterns}: every evidence sign-in has a user agent that matches a pattern ({@code *} matches
 *       anything; case is ignored), except an interactive one from a current browser or without a user agent. The
 *       browser is the user's own side of a device code flow, and that side is interactive, so "browser + Azure CLI"
 *       is silenced by {@code ["AZURECLI/*"]} while "browser + python" is not; a non-interactive token use is the
 *       polling client's side and must match a pattern whatever it claims to be — an attacker who borrows Azure CLI's
 *       app id and polls with a browser's user agent, or with none, is not silenced;
 *   <li>{@code cidrs}: every evidence IP lies in a listed range.
 * </ul>
 *
 * An allowlist silences only alerts whose last event time lies from its {@code since} up to its {@code expires}, at
 * most 90 days ({@link TuningRecord#allowlistLifetime}).
 *
 * <p>{@code device-code-broker-client} and the device-registration chain's rules
 * ({@link TuningRecord#ALLOWLISTED_BY_WHO_OR_WHERE}) are silenced only by an allowlist that names {@code users} or
 * {@code cidrs}. Their alerts are about an app the attacker's client picks and a device the attacker registers, and
 * their evidence is mostly the victim's interactive sign-in from their own browser, which passes every user-agent
 * pattern: app and patterns together would match the phishing as well as the onboarding they were written for. An
 * allowlist for every rule ({@code "*"}) that names only app ids and patterns therefore leaves these rules' alerts
 * alone.
 */
public record Allowlist(
        String id,
        String rule,
        String tenant,
        Set<String> appIds,
        List<UserAgentGlob> userAgentPatterns,
        Set<String> users,
        List<Cidr> cidrs,
        String reason,
        String owner,
        long since,
        long expires) {

    static Allowlist of(TuningRecord record) throws InvalidTuningException {
        JsonNode body = record.body();
        List<UserAgentGlob> patterns = new ArrayList<>();
        for (String glob : strings(body, "userAgentPatterns")) {
            patterns.add(UserAgentGlob.compile(glob));
        }
        List<Cidr> cidrs = new ArrayList<>();
        for (String cidr : strings(body, "cidrs")) {
            cidrs.add(Cidr.parse(cidr));
        }
        long[] lifetime = TuningRecord.allowlistLifetime(body);
        return new Allowlist(
                TuningRecord.text(body, "id"),
                TuningRecord.text(body, "rule"),
                record.tenant(),
                lowerCase(strings(body, "appIds")),
                patterns,
                lowerCase(strings(body, "users")),
                cidrs,
                TuningRecord.text(body, "reason"),
                TuningRecord.text(body, "owner"),
                lifetime[0],
                lifetime[1]);
    }

    public boolean silences(Alert alert) {
        if (!rule.equals("*") && !rule.equals(alert.ruleId())) return false;
        // the record's tenant is in lower case (TuningRecord); the sign-in's is as Entra wrote it
        if (!tenant.equals(TuningRecord.ALL_TENANTS) && !tenant.equalsIgnoreCase(alert.tenantId())) return false;
        if (alert.lastEventTime() < since || alert.lastEventTime() >= expires) return false;
        if (!namesWhoOrWhere() && TuningRecord.ALLOWLISTED_BY_WHO_OR_WHERE.contains(alert.ruleId())) return false;
        if (!users.isEmpty()
                && !users.contains(lower(alert.userKey()))
                && !users.contains(lower(alert.userPrincipalName()))) {
            return false;
        }
        for (SignInSummary signIn : alert.evidence()) {
            if (!appIds.isEmpty() && !appIds.contains(lower(signIn.appId()))) return false;
            if (!userAgentPatterns.isEmpty() && !userAgentAllowed(signIn)) return false;
            if (!cidrs.isEmpty()
                    && signIn.ipAddress() != null
                    && cidrs.stream().noneMatch(c -> c.contains(signIn.ipAddress()))) {
                return false;
            }
        }
        return true;
    }

    /** Whether the allowlist names what the client of a device code flow cannot choose: the users or the networks. */
    boolean namesWhoOrWhere() {
        return !users.isEmpty() || !cidrs.isEmpty();
    }

    /**
     * A user agent longer than {@link org.dcwatch.udfs.event.TextBounds#MAX_USER_AGENT} arrives cut, its end replaced by
     * the marker "…[truncated, N chars]". The cut lets no poller through that the whole string would not have let
     * through: the classifier never calls a cut string a current browser (tokens after the cut could have made it a
     * tool), so it must match a pattern; a pattern whose last character is not a star must end the user agent, and no
     * real client's pattern ends as the marker does ({@code *python-requests/2.31.0} cannot match a cut value); and a
     * pattern ending in a star matches the kept prefix followed by anything, so it matched the whole string as well.
     */
    private boolean userAgentAllowed(SignInSummary signIn) {
        String userAgent = signIn.userAgent();
        if (signIn.interactive()) {
            UserAgentKind kind = UserAgentClassifier.classify(userAgent).kind();
            if (kind == UserAgentKind.BROWSER || kind == UserAgentKind.EMPTY) return true;
        }
        if (userAgent == null) return false;
        for (UserAgentGlob pattern : userAgentPatterns) {
            if (pattern.matches(userAgent)) return true;
        }
        return false;
    }

    private static List<String> strings(JsonNode body, String field) {
        List<String> values = new ArrayList<>();
        body.path(field).forEach(value -> values.add(value.asText().strip()));
        return values;
    }

    private static Set<String> lowerCase(List<String> values) {
        Set<String> lower = new HashSet<>();
        values.forEach(value -> lower.add(value.toLowerCase(Locale.ROOT)));
        return lower;
    }

    private static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }
}
