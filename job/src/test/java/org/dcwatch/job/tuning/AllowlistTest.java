package org.dcwatch.job.tuning;

import static org.dcwatch.job.alert.AlertFixtures.ATTACKER_ASN;
import static org.dcwatch.job.alert.AlertFixtures.ATTACKER_IP;
import static org.dcwatch.job.alert.AlertFixtures.AZURE_CLI;
import static org.dcwatch.job.alert.AlertFixtures.AZURE_CLI_APP;
import static org.dcwatch.job.alert.AlertFixtures.CHROME;
import static org.dcwatch.job.alert.AlertFixtures.OFFICE_APP;
import static org.dcwatch.job.alert.AlertFixtures.OTHER_TENANT;
import static org.dcwatch.job.alert.AlertFixtures.PYTHON_REQUESTS;
import static org.dcwatch.job.alert.AlertFixtures.SESSION;
import static org.dcwatch.job.alert.AlertFixtures.TENANT;
import static org.dcwatch.job.alert.AlertFixtures.USER_ID;
import static org.dcwatch.job.alert.AlertFixtures.VICTIM_ASN;
import static org.dcwatch.job.alert.AlertFixtures.adminBrowser;
import static org.dcwatch.job.alert.AlertFixtures.alert;
import static org.dcwatch.job.alert.AlertFixtures.attackerPoller;
import static org.dcwatch.job.alert.AlertFixtures.azureCli;
import static org.dcwatch.job.alert.AlertFixtures.minute;
import static org.dcwatch.job.alert.AlertFixtures.sessionAlert;
import static org.dcwatch.job.alert.AlertFixtures.signIn;
import static org.dcwatch.job.alert.AlertFixtures.victimBrowser;
import static org.dcwatch.udfs.rules.RuleCatalogue.SESSION_MULTI_SOURCE;
import static org.dcwatch.udfs.rules.RuleCatalogue.UNSEEN_ASN;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.dcwatch.udfs.alert.Alert;
import org.dcwatch.udfs.event.SignInSummary;
import org.dcwatch.udfs.event.TextBounds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AllowlistTest {

    /** The seed 000 false positive: an admin's browser and Azure CLI, from one IP. */
    private static final Alert AZURE_CLI_LOGIN = sessionAlert(adminBrowser("b1", minute(0)), azureCli("c1", minute(1)));
    /** A phishing run: the victim's browser and the attacker's python poller. */
    private static final Alert PHISHING = sessionAlert(victimBrowser("b1", minute(0)), attackerPoller("p1", minute(2)));

    private static final String FORGED_OLD_EDGE =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102"
                    + " Safari/537.36 Edge/18.19045";

    // --- users -----------------------------------------------------------------------------------------------------

    @Test
    void usersMatchByObjectId() throws InvalidTuningException {
        assertTrue(allowlist("\"users\":[\"" + USER_ID.toUpperCase() + "\"]").silences(PHISHING));
    }

    @Test
    void usersMatchByUpnIgnoringCase() throws InvalidTuningException {
        assertTrue(allowlist("\"users\":[\"Alice@Contoso.com\"]").silences(PHISHING));
    }

    @Test
    void otherUsersAreNotSilenced() throws InvalidTuningException {
        assertFalse(allowlist("\"users\":[\"bob@contoso.com\"]").silences(PHISHING));
    }

    // --- app ids ---------------------------------------------------------------------------------------------------

    @Test
    void appIdsSilenceWhenEverySignInIsToAListedApp() throws InvalidTuningException {
        assertTrue(clientAllowlist("\"appIds\":[\"" + AZURE_CLI_APP.toUpperCase() + "\"]")
                .silences(AZURE_CLI_LOGIN));
    }

    @Test
    void appIdsDoNotSilenceWhenOneSignInIsToAnotherApp() throws InvalidTuningException {
        Alert mixed = sessionAlert(adminBrowser("b1", minute(0)), attackerPoller("p1", minute(2)));

        assertFalse(clientAllowlist("\"appIds\":[\"" + AZURE_CLI_APP + "\"]").silences(mixed));
    }

    // --- user agents -----------------------------------------------------------------------------------------------

    @Test
    void userAgentPatternsLeaveTheBrowserSideOutAndMatchTheTool() throws InvalidTuningException {
        Allowlist azureCliAgents = clientAllowlist("\"userAgentPatterns\":[\"azurecli/*\"]");

        assertTrue(azureCliAgents.silences(AZURE_CLI_LOGIN));
        assertFalse(azureCliAgents.silences(PHISHING), "a browser and python-requests");
    }

    @Test
    void forgedOldBrowserIsNotTheUsersBrowser() throws InvalidTuningException {
        Alert forged = sessionAlert(
                signIn(
                        "b1",
                        minute(0),
                        true,
                        "198.51.100.23",
                        VICTIM_ASN,
                        FORGED_OLD_EDGE,
                        AZURE_CLI_APP,
                        "Microsoft Azure CLI",
                        "deviceCode"),
                azureCli("c1", minute(1)));

        assertFalse(clientAllowlist("\"userAgentPatterns\":[\"azurecli/*\"]").silences(forged));
    }

    /**
     * The parser cuts a user agent past TextBounds.MAX_USER_AGENT, and what it cut off could have been the tool's
     * token behind a browser's: the cut poller is no browser, and no pattern anchored at the end matches the marker.
     */
    @Test
    void aCutUserAgentIsNeitherTheBrowserNorMatchedByAPatternAnchoredAtTheEnd() throws InvalidTuningException {
        String hidden = CHROME + " " + "x".repeat(400_000) + " python-requests/2.31.0";
        SignInSummary cutPoller = signIn(
                "p1",
                minute(2),
                false,
                ATTACKER_IP,
                ATTACKER_ASN,
                TextBounds.bound(hidden, TextBounds.MAX_USER_AGENT),
                OFFICE_APP,
                "Microsoft Office",
                "none");
        Alert phishing = sessionAlert(victimBrowser("b1", minute(0)), cutPoller);

        assertFalse(clientAllowlist("\"userAgentPatterns\":[\"azurecli/*\"]").silences(phishing));
        assertFalse(clientAllowlist("\"userAgentPatterns\":[\"*python-requests/2.31.0\"]")
                .silences(phishing));
        // the whole string ends as the pattern does: allowed, as it always was
        Alert whole = sessionAlert(
                victimBrowser("b1", minute(0)),
                signIn(
                        "p1",
                        minute(2),
                        false,
                        ATTACKER_IP,
                        ATTACKER_ASN,
                        hidden,
                        OFFICE_APP,
                        "Microsoft Office",
                        "none"));
        assertTrue(clientAllowlist("\"userAgentPatterns\":[\"*python-requests/2.31.0\"]")
                .silences(whole));
    }

    @Test
    void interactiveSignInWithoutUserAgentNeedsNoPattern() throws InvalidTuningException {
        Alert agentless = sessionAlert(
                signIn(
                        "b1",
                        minute(0),
                        true,
                        "198.51.100.23",
                        VICTIM_ASN,
                        null,
                        AZURE_CLI_APP,
                        "Microsoft Azure CLI",
                        "deviceCode"),
                azureCli("c1", minute(1)));

        assertTrue(clientAllowlist("\"userAgentPatterns\":[\"azurecli/*\"]").silences(agentless));
    }

    @Test
    void tokenUseWithoutUserAgentMustMatchAPattern() throws InvalidTuningException {
        // an attacker polling with Azure CLI's app id and no user agent
        Alert agentless = sessionAlert(
                adminBrowser("b1", minute(0)),
                signIn(
                        "c1",
                        minute(1),
                        false,
                        "203.0.113.66",
                        VICTIM_ASN,
                        null,
                        AZURE_CLI_APP,
                        "Microsoft Azure CLI",
                        "none"));

        assertFalse(clientAllowlist("\"userAgentPatterns\":[\"azurecli/*\"]").silences(agentless));
    }

    @Test
    void tokenUseWithABrowserUserAgentMustMatchAPattern() throws InvalidTuningException {
        // the browser is the user's side of the flow, which is interactive: a poller claiming to be one is not let by
        Alert browserPoller = sessionAlert(
                adminBrowser("b1", minute(0)),
                signIn(
                        "c1",
                        minute(1),
                        false,
                        "203.0.113.66",
                        VICTIM_ASN,
                        CHROME,
                        AZURE_CLI_APP,
                        "Microsoft Azure CLI",
                        "none"));

        assertFalse(clientAllowlist("\"userAgentPatterns\":[\"azurecli/*\"]").silences(browserPoller));
    }

    @Test
    void patternMatchesTheWholeUserAgent() throws InvalidTuningException {
        assertFalse(clientAllowlist("\"userAgentPatterns\":[\"azurecli\"]").silences(AZURE_CLI_LOGIN));
        assertTrue(clientAllowlist("\"userAgentPatterns\":[\"*python/3.12*\"]").silences(AZURE_CLI_LOGIN));
    }

    @Test
    void patternCharactersOtherThanTheStarAreLiteral() throws InvalidTuningException {
        String agent = "Mozilla/5.0 (compatible; ScanBot/1.0)";
        Alert bot = sessionAlert(
                adminBrowser("b1", minute(0)),
                signIn(
                        "s1",
                        minute(1),
                        false,
                        "198.51.100.23",
                        VICTIM_ASN,
                        agent,
                        AZURE_CLI_APP,
                        "Microsoft Azure CLI",
                        "none"));

        assertTrue(clientAllowlist("\"userAgentPatterns\":[\"Mozilla/5.0 (compatible; ScanBot/*)\"]")
                .silences(bot));
        assertFalse(
                clientAllowlist("\"userAgentPatterns\":[\"Mozilla/5.0 (compatible; ScanBot.1.0)\"]")
                        .silences(bot),
                "'.' is not a regular-expression wildcard");
    }

    @Test
    void patternWithManyStarsOnAShortUserAgentIsDecidedWithoutBacktracking() throws InvalidTuningException {
        // as a regular expression, 12 stars on 40 characters took minutes and held up every alert behind this one
        Allowlist stars = clientAllowlist("\"userAgentPatterns\":[\"*a*a*a*a*a*a*a*a*a*a*a*b\"]");

        assertFalse(stars.silences(sessionAlert(adminBrowser("b1", minute(0)), client("c1", "a".repeat(40)))));
        assertTrue(stars.silences(sessionAlert(adminBrowser("b1", minute(0)), client("c1", "a".repeat(40) + "b"))));
    }

    @Test
    void benignPatternOnAHugeUserAgentIsDecidedWithoutBacktracking() throws InvalidTuningException {
        // a client picks its user agent: a 210,000-character one took a regular expression 20 seconds here
        String huge = "python/".repeat(30_000);
        Allowlist pythonRequests = clientAllowlist("\"userAgentPatterns\":[\"*python*requests*\"]");

        assertFalse(pythonRequests.silences(sessionAlert(adminBrowser("b1", minute(0)), client("c1", huge))));
        assertTrue(pythonRequests.silences(
                sessionAlert(adminBrowser("b1", minute(0)), client("c1", huge + "requests/2.32.3"))));
    }

    @Test
    void appIdsWithUserAgentPatternsStillAlertOnAnAttackerUsingTheAzureCliApp() throws InvalidTuningException {
        // attackers phish with the Azure CLI client id too: the app id alone would silence them
        Alert phishingAsAzureCli = sessionAlert(
                adminBrowser("b1", minute(0)),
                signIn(
                        "p1",
                        minute(2),
                        false,
                        "203.0.113.66",
                        64511,
                        PYTHON_REQUESTS,
                        AZURE_CLI_APP,
                        "Microsoft Azure CLI",
                        "none"));
        Allowlist appAndAgent =
                allowlist("\"appIds\":[\"" + AZURE_CLI_APP + "\"],\"userAgentPatterns\":[\"AZURECLI/*\"]");

        assertTrue(appAndAgent.silences(AZURE_CLI_LOGIN));
        assertFalse(appAndAgent.silences(phishingAsAzureCli));
    }

    // --- IP ranges -------------------------------------------------------------------------------------------------

    @Test
    void cidrsSilenceWhenEveryIpIsInARange() throws InvalidTuningException {
        assertTrue(allowlist("\"cidrs\":[\"198.51.100.0/24\"]").silences(AZURE_CLI_LOGIN));
        assertFalse(allowlist("\"cidrs\":[\"198.51.100.0/24\"]").silences(PHISHING), "the attacker's IP is outside");
        assertTrue(
                allowlist("\"cidrs\":[\"198.51.100.0/24\",\"203.0.113.0/25\"]").silences(PHISHING));
    }

    @Test
    void cidrsMatchIpv6AndMixedFamilies() throws InvalidTuningException {
        Alert dualStack = sessionAlert(
                signIn(
                        "b1",
                        minute(0),
                        true,
                        "2001:db8:1:0:0:0:0:5",
                        VICTIM_ASN,
                        AZURE_CLI,
                        AZURE_CLI_APP,
                        "Azure CLI",
                        "deviceCode"),
                signIn(
                        "c1",
                        minute(1),
                        false,
                        "2001:db8:1:ffff::1",
                        VICTIM_ASN,
                        AZURE_CLI,
                        AZURE_CLI_APP,
                        "Azure CLI",
                        "none"),
                signIn(
                        "c2",
                        minute(2),
                        false,
                        "198.51.100.7",
                        VICTIM_ASN,
                        AZURE_CLI,
                        AZURE_CLI_APP,
                        "Azure CLI",
                        "none"));

        assertTrue(
                allowlist("\"cidrs\":[\"2001:db8:1::/48\",\"198.51.100.0/24\"]").silences(dualStack));
        assertFalse(allowlist("\"cidrs\":[\"2001:db8:1::/48\"]").silences(dualStack), "the IPv4 sign-in is outside");
        assertFalse(
                allowlist("\"cidrs\":[\"2001:db8:2::/48\",\"198.51.100.0/24\"]").silences(dualStack));
    }

    // --- scope and expiry ------------------------------------------------------------------------------------------

    @Test
    void expiredAllowlistSilencesNothing() throws InvalidTuningException {
        String expires = Instant.ofEpochMilli(AZURE_CLI_LOGIN.lastEventTime()).toString();
        String aMillisecondLater =
                Instant.ofEpochMilli(AZURE_CLI_LOGIN.lastEventTime() + 1).toString();

        assertFalse(allowlist("\"users\":[\"" + USER_ID + "\"],\"expires\":\"" + expires + "\"")
                .silences(AZURE_CLI_LOGIN));
        assertTrue(allowlist("\"users\":[\"" + USER_ID + "\"],\"expires\":\"" + aMillisecondLater + "\"")
                .silences(AZURE_CLI_LOGIN));
    }

    @Test
    void allowlistWithOnlySinceSilencesFromThenForNinetyDays() throws InvalidTuningException {
        long last = AZURE_CLI_LOGIN.lastEventTime();
        long ninetyDays = Duration.ofDays(90).toMillis();

        assertTrue(allowlistSince(last).silences(AZURE_CLI_LOGIN));
        assertFalse(allowlistSince(last + 1).silences(AZURE_CLI_LOGIN), "not yet in force");
        assertTrue(allowlistSince(last - ninetyDays + 1).silences(AZURE_CLI_LOGIN));
        assertFalse(allowlistSince(last - ninetyDays).silences(AZURE_CLI_LOGIN), "expired 90 days after since");
    }

    @Test
    void allowlistWithOnlyExpiresSilencesForTheNinetyDaysBefore() throws InvalidTuningException {
        long last = AZURE_CLI_LOGIN.lastEventTime();
        long ninetyDays = Duration.ofDays(90).toMillis();

        assertTrue(allowlistExpiring(last + ninetyDays).silences(AZURE_CLI_LOGIN));
        assertFalse(
                allowlistExpiring(last + ninetyDays + 1).silences(AZURE_CLI_LOGIN),
                "an end further ahead does not reach back further");
    }

    private static Allowlist allowlistSince(long since) throws InvalidTuningException {
        return allowlist("\"users\":[\"" + USER_ID + "\"],\"since\":\"" + Instant.ofEpochMilli(since) + "\"");
    }

    private static Allowlist allowlistExpiring(long expires) throws InvalidTuningException {
        return allowlist("\"users\":[\"" + USER_ID + "\"],\"expires\":\"" + Instant.ofEpochMilli(expires) + "\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {SESSION_MULTI_SOURCE, "*"})
    void allowlistForTheRuleOrEveryRuleSilences(String rule) throws InvalidTuningException {
        assertTrue(allowlist(rule, "*", "\"users\":[\"" + USER_ID + "\"]").silences(PHISHING));
    }

    @Test
    void allowlistForAnotherRuleDoesNotSilence() throws InvalidTuningException {
        assertFalse(
                allowlist(UNSEEN_ASN, "*", "\"users\":[\"" + USER_ID + "\"]").silences(PHISHING));
    }

    @Test
    void allowlistOfATenantSilencesOnlyThatTenant() throws InvalidTuningException {
        Allowlist tenants = allowlist(SESSION_MULTI_SOURCE, TENANT, "\"users\":[\"" + USER_ID + "\"]");
        SignInSummary[] evidence = PHISHING.evidence();

        assertTrue(tenants.silences(PHISHING));
        assertFalse(tenants.silences(alert(SESSION_MULTI_SOURCE, OTHER_TENANT, SESSION, evidence)));
    }

    @Test
    void allowlistOfATenantSilencesItWhateverTheCaseOfItsId() throws InvalidTuningException {
        Allowlist upperCase = allowlist(SESSION_MULTI_SOURCE, TENANT.toUpperCase(), "\"users\":[\"" + USER_ID + "\"]");

        assertTrue(upperCase.silences(PHISHING));
        assertTrue(upperCase.silences(alert(SESSION_MULTI_SOURCE, TENANT.toUpperCase(), SESSION, PHISHING.evidence())));
    }

    @Test
    void everyNamedCriterionMustHold() throws InvalidTuningException {
        Allowlist cliFromTheOffice =
                allowlist("\"appIds\":[\"" + AZURE_CLI_APP + "\"],\"cidrs\":[\"198.51.100.0/24\"]");
        Alert cliFromHome = sessionAlert(
                adminBrowser("b1", minute(0)),
                signIn(
                        "c1",
                        minute(1),
                        false,
                        "192.0.2.10",
                        VICTIM_ASN,
                        AZURE_CLI,
                        AZURE_CLI_APP,
                        "Microsoft Azure CLI",
                        "none"));

        assertTrue(cliFromTheOffice.silences(AZURE_CLI_LOGIN));
        assertFalse(cliFromTheOffice.silences(cliFromHome));
    }

    private static SignInSummary client(String id, String userAgent) {
        return signIn(
                id,
                minute(1),
                false,
                "198.51.100.23",
                VICTIM_ASN,
                userAgent,
                AZURE_CLI_APP,
                "Microsoft Azure CLI",
                "none");
    }

    private static Allowlist allowlist(String criteria) throws InvalidTuningException {
        return allowlist(SESSION_MULTI_SOURCE, "*", criteria);
    }

    /**
     * An allowlist of the client alone (app ids or user-agent patterns) is refused: the alert's user narrows it here,
     * and holds for every alert of these tests.
     */
    private static Allowlist clientAllowlist(String criteria) throws InvalidTuningException {
        return allowlist(criteria + ",\"users\":[\"" + USER_ID + "\"]");
    }

    private static Allowlist allowlist(String rule, String tenant, String criteria) throws InvalidTuningException {
        return Allowlist.of(TuningRecord.parse("{\"type\":\"allowlist\",\"id\":\"test\",\"rule\":\"" + rule
                + "\",\"tenant\":\"" + tenant + "\"," + criteria
                + ",\"reason\":\"test\",\"owner\":\"secops@example.com\""
                + (criteria.contains("\"since\"") || criteria.contains("\"expires\"")
                        ? ""
                        : ",\"since\":\"2026-01-01T00:00:00Z\"")
                + "}"));
    }
}
