package org.dcwatch.job.tuning;

import static org.dcwatch.job.alert.AlertFixtures.OTHER_TENANT;
import static org.dcwatch.job.alert.AlertFixtures.SESSION;
import static org.dcwatch.job.alert.AlertFixtures.TENANT;
import static org.dcwatch.job.alert.AlertFixtures.adminBrowser;
import static org.dcwatch.job.alert.AlertFixtures.alert;
import static org.dcwatch.job.alert.AlertFixtures.azureCli;
import static org.dcwatch.job.alert.AlertFixtures.minute;
import static org.dcwatch.udfs.rules.RuleCatalogue.SESSION_MULTI_SOURCE;
import static org.dcwatch.udfs.rules.RuleCatalogue.UNSEEN_ASN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.dcwatch.udfs.alert.Alert;
import org.dcwatch.udfs.rules.Severity;
import org.junit.jupiter.api.Test;

class TuningTest {

    private static final long JAN_1 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private static final long FEB_1 = Instant.parse("2026-02-01T00:00:00Z").toEpochMilli();

    // --- rule parameters -------------------------------------------------------------------------------------------

    @Test
    void noRecordsMeanTheSeedsDefaults() {
        RuleParameters parameters = Tuning.defaults().parameters(SESSION_MULTI_SOURCE, TENANT);

        assertEquals(RuleParameters.defaults(SESSION_MULTI_SOURCE), parameters);
        assertTrue(parameters.enabled());
        assertEquals(Duration.ofMinutes(9), parameters.window());
        assertEquals(Severity.HIGH, parameters.severity());
        assertEquals(73, parameters.riskScore());
        assertEquals(Duration.ofHours(1), parameters.suppression());
    }

    @Test
    void tenantRecordOverridesTheAllTenantsRecordWhichOverridesTheDefaults() {
        Tuning tuning = Tuning.merge(
                List.of(
                        ruleRecord("*", 1, "\"window\":\"15m\",\"minDistinctIps\":0"),
                        ruleRecord(TENANT, 1, "\"window\":\"5m\",\"severity\":\"critical\"")),
                List.of());

        RuleParameters tenants = tuning.parameters(SESSION_MULTI_SOURCE, TENANT);
        assertEquals(Duration.ofMinutes(5), tenants.window(), "the tenant's own value");
        assertEquals(0, tenants.minDistinctIps(), "from the all-tenants record");
        assertEquals(Severity.CRITICAL, tenants.severity());
        assertEquals(2, tenants.minDistinctUserAgents(), "the default");

        RuleParameters others = tuning.parameters(SESSION_MULTI_SOURCE, OTHER_TENANT);
        assertEquals(Duration.ofMinutes(15), others.window());
        assertEquals(0, others.minDistinctIps());
        assertEquals(Severity.HIGH, others.severity());
    }

    @Test
    void tenantRecordContradictingTheAllTenantsRecordIsLeftOutAndTheTenantKeepsThatRecord() {
        // each passes the check alone; layered, the rule would need neither distinct IPs nor distinct user agents
        Tuning tuning = Tuning.merge(
                List.of(
                        ruleRecord("*", 1, "\"minDistinctIps\":0"),
                        ruleRecord(TENANT, 1, "\"minDistinctUserAgents\":0,\"severity\":\"critical\"")),
                List.of());

        RuleParameters tenants = tuning.parameters(SESSION_MULTI_SOURCE, TENANT);
        assertEquals(tuning.parameters(SESSION_MULTI_SOURCE, OTHER_TENANT), tenants);
        assertEquals(0, tenants.minDistinctIps());
        assertEquals(2, tenants.minDistinctUserAgents());
        assertEquals(Severity.HIGH, tenants.severity(), "none of the record is in force");
        assertEquals(
                List.of("rule/" + TENANT + "/session-multi-source: with the record for every tenant, "
                        + "\"minDistinctIps\" and \"minDistinctUserAgents\" are both 0: the session rules need one of them;"
                        + " to turn a rule off, set \"enabled\": false"),
                tuning.notApplied());
    }

    @Test
    void recordContradictingTheDefaultsIsLeftOutAndItsTenantsKeepTheDefaults() {
        // a recent exclusion of 40 days over the default lookback of 30 would leave no baseline
        Tuning tuning = Tuning.merge(
                List.of(
                        "{\"type\":\"rule\",\"rule\":\"unseen-asn\",\"recentExclusion\":\"40d\",\"version\":1}",
                        "{\"type\":\"rule\",\"rule\":\"unseen-asn\",\"tenant\":\"" + TENANT
                                + "\",\"lookback\":\"20d\"}",
                        "{\"type\":\"rule\",\"rule\":\"unseen-asn\",\"tenant\":\"" + OTHER_TENANT
                                + "\",\"lookback\":\"60d\"}"),
                List.of());

        assertEquals(RuleParameters.defaults(UNSEEN_ASN), tuning.parameters(UNSEEN_ASN, null));
        assertEquals(Duration.ofDays(20), tuning.parameters(UNSEEN_ASN, TENANT).lookback());
        assertEquals(Duration.ofDays(1), tuning.parameters(UNSEEN_ASN, TENANT).recentExclusion());
        assertEquals(
                Duration.ofDays(60), tuning.parameters(UNSEEN_ASN, OTHER_TENANT).lookback());
        assertEquals(1, tuning.notApplied().size());
        assertTrue(
                tuning.notApplied().get(0).startsWith("rule/*/unseen-asn: with the defaults, \"lookback\" must be"),
                tuning.notApplied().get(0));
    }

    @Test
    void recordsOfOneRuleLeaveTheOthersAlone() {
        Tuning tuning = Tuning.merge(List.of(ruleRecord("*", 1, "\"enabled\":false")), List.of());

        assertFalse(tuning.parameters(SESSION_MULTI_SOURCE, TENANT).enabled());
        assertEquals(RuleParameters.defaults(UNSEEN_ASN), tuning.parameters(UNSEEN_ASN, TENANT));
    }

    @Test
    void noTenantGetsTheAllTenantsLayerOnly() {
        Tuning tuning = Tuning.merge(
                List.of(ruleRecord("*", 1, "\"riskScore\":80"), ruleRecord(TENANT, 1, "\"riskScore\":90")), List.of());

        assertEquals(80, tuning.parameters(SESSION_MULTI_SOURCE, null).riskScore());
    }

    // --- versions and deletion -------------------------------------------------------------------------------------

    @Test
    void higherVersionWinsWhicheverArrivesFirst() {
        String version1 = ruleRecord(TENANT, 1, "\"window\":\"20m\"");
        String version2 = ruleRecord(TENANT, 2, "\"window\":\"5m\"");

        assertEquals(Duration.ofMinutes(5), window(Tuning.merge(List.of(version1), List.of(version2))));
        assertEquals(Duration.ofMinutes(5), window(Tuning.merge(List.of(version2), List.of(version1))));
        assertEquals(Duration.ofMinutes(5), window(Tuning.merge(List.of(version2, version1), List.of())));
    }

    @Test
    void ofEqualVersionsTheLaterWins() {
        String earlier = ruleRecord(TENANT, 1, "\"window\":\"20m\"");
        String later = ruleRecord(TENANT, 1, "\"window\":\"5m\"");

        assertEquals(Duration.ofMinutes(5), window(Tuning.merge(List.of(earlier), List.of(later))));
    }

    @Test
    void deletionRemovesTheRecordAndALowerVersionDeletionDoesNot() {
        String deletedAtVersion2 = "{\"type\":\"allowlist\",\"id\":\"azure-cli\",\"deleted\":true,\"version\":2}";
        String deletedAtVersion0 = "{\"type\":\"allowlist\",\"id\":\"azure-cli\",\"deleted\":true}";

        assertNull(Tuning.merge(List.of(TuningFixtures.AZURE_CLI_ALLOWLIST), List.of(deletedAtVersion2))
                .silencingAllowlist(cliAlert(TENANT)));
        assertNotNull(Tuning.merge(List.of(TuningFixtures.AZURE_CLI_ALLOWLIST), List.of(deletedAtVersion0))
                .silencingAllowlist(cliAlert(TENANT)));
    }

    @Test
    void deletedRuleRecordRestoresTheLayerBelow() {
        Tuning tuning = Tuning.merge(
                List.of(ruleRecord("*", 1, "\"window\":\"15m\""), ruleRecord(TENANT, 1, "\"window\":\"5m\"")),
                List.of("{\"type\":\"rule\",\"rule\":\"session-multi-source\",\"tenant\":\"" + TENANT
                        + "\",\"deleted\":true,\"version\":2}"));

        assertEquals(Duration.ofMinutes(15), window(tuning));
    }

    @Test
    void recordAddedAgainAfterItsDeletionCountsAgain() {
        String deleted = "{\"type\":\"allowlist\",\"id\":\"azure-cli\",\"deleted\":true,\"version\":2}";
        String readded = TuningFixtures.AZURE_CLI_ALLOWLIST.replace("\"version\":1", "\"version\":3");

        Tuning tuning = Tuning.merge(List.of(TuningFixtures.AZURE_CLI_ALLOWLIST), List.of(deleted, readded));

        assertNotNull(tuning.silencingAllowlist(cliAlert(TENANT)));
    }

    @Test
    void recordsThatDoNotPassTheCheckAreLeftOutAndTheOthersStayInForce() {
        // kept in state by an earlier dcwatch, whose check let them through: applied, they overflowed epoch millis
        String endlessAllowlist = TuningFixtures.AZURE_CLI_ALLOWLIST
                .replace("\"id\":\"azure-cli\"", "\"id\":\"forever\"")
                .replace("\"version\":1", "\"version\":1,\"expires\":\"+1000000000-12-31T23:59:59Z\"");
        String endlessAsn = knownAsn(TENANT, 64501, "\"expires\":\"+1000000000-12-31T23:59:59Z\"");

        Tuning tuning = Tuning.merge(
                List.of(endlessAllowlist, TuningFixtures.AZURE_CLI_ALLOWLIST, "{\"type\":\"rule\"}"),
                List.of(endlessAsn, knownAsn(TENANT, 64500, "\"since\":\"2026-01-01T00:00:00Z\"")));

        assertEquals("azure-cli", tuning.silencingAllowlist(cliAlert(TENANT)).id());
        assertTrue(tuning.isKnownAsn(TENANT, 64500, JAN_1));
        assertFalse(tuning.isKnownAsn(TENANT, 64501, JAN_1));
        List<String> notApplied = tuning.notApplied();
        assertEquals(3, notApplied.size(), notApplied::toString);
        assertTrue(
                notApplied
                        .get(0)
                        .endsWith(
                                ": \"expires\" must be an instant in the years 2000 to 9999 such as 2026-12-31T00:00:00Z"),
                notApplied.get(0));
        assertTrue(notApplied.get(1).endsWith(": \"rule\" is required"), notApplied.get(1));
        assertTrue(notApplied.get(2).startsWith("{\"type\":\"knownAsn\",\"tenant\":\"" + TENANT), notApplied.get(2));
    }

    @Test
    void everyRecordInForceIsApplied() {
        assertEquals(
                List.of(),
                Tuning.merge(
                                List.of(
                                        TuningFixtures.AZURE_CLI_ALLOWLIST,
                                        ruleRecord("*", 1, "\"window\":\"15m\""),
                                        knownAsn(TENANT, 64500, "\"since\":\"2026-01-01T00:00:00Z\"")),
                                List.of())
                        .notApplied());
    }

    // --- known ASNs ------------------------------------------------------------------------------------------------

    @Test
    void knownAsnExpiresAtItsExpiry() {
        Tuning tuning =
                Tuning.merge(List.of(knownAsn(TENANT, 64500, "\"expires\":\"2026-02-01T00:00:00Z\"")), List.of());

        assertTrue(tuning.isKnownAsn(TENANT, 64500, FEB_1 - 1));
        assertFalse(tuning.isKnownAsn(TENANT, 64500, FEB_1));
    }

    @Test
    void knownAsnOfATenantIsKnownWhateverTheCaseOfItsId() {
        Tuning tuning = Tuning.merge(
                List.of(knownAsn(TENANT.toUpperCase(), 64500, "\"expires\":\"2026-02-01T00:00:00Z\"")), List.of());

        assertTrue(tuning.isKnownAsn(TENANT, 64500, JAN_1));
        assertTrue(tuning.isKnownAsn(TENANT.toUpperCase(), 64500, JAN_1));
        assertFalse(tuning.isKnownAsn(OTHER_TENANT, 64500, JAN_1));
    }

    @Test
    void knownAsnWithOnlySinceExpiresThirtyDaysLater() {
        Tuning tuning = Tuning.merge(List.of(knownAsn(TENANT, 64500, "\"since\":\"2026-01-01T00:00:00Z\"")), List.of());
        long thirtyDaysLater = JAN_1 + Duration.ofDays(30).toMillis();

        assertTrue(tuning.isKnownAsn(TENANT, 64500, JAN_1));
        assertTrue(tuning.isKnownAsn(TENANT, 64500, thirtyDaysLater - 1));
        assertFalse(tuning.isKnownAsn(TENANT, 64500, thirtyDaysLater));
    }

    @Test
    void explicitExpiryOutranksSince() {
        Tuning tuning = Tuning.merge(
                List.of(knownAsn(
                        TENANT, 64500, "\"since\":\"2026-01-01T00:00:00Z\",\"expires\":\"2026-06-01T00:00:00Z\"")),
                List.of());

        assertTrue(tuning.isKnownAsn(
                TENANT, 64500, Instant.parse("2026-05-31T00:00:00Z").toEpochMilli()));
    }

    @Test
    void knownAsnOfATenantIsKnownToThatTenantOnly() {
        Tuning tuning = Tuning.merge(List.of(knownAsn(TENANT, 64500, "\"since\":\"2026-01-01T00:00:00Z\"")), List.of());

        assertTrue(tuning.isKnownAsn(TENANT, 64500, JAN_1));
        assertFalse(tuning.isKnownAsn(OTHER_TENANT, 64500, JAN_1));
        assertFalse(tuning.isKnownAsn(TENANT, 64501, JAN_1), "another ASN");
    }

    @Test
    void knownAsnForAllTenantsIsKnownToEveryTenant() {
        Tuning tuning = Tuning.merge(List.of(knownAsn("*", 64500, "\"since\":\"2026-01-01T00:00:00Z\"")), List.of());

        assertTrue(tuning.isKnownAsn(TENANT, 64500, JAN_1));
        assertTrue(tuning.isKnownAsn(OTHER_TENANT, 64500, JAN_1));
        assertTrue(tuning.isKnownAsn(null, 64500, JAN_1));
    }

    @Test
    void deletedKnownAsnIsUnknownAgain() {
        Tuning tuning = Tuning.merge(
                List.of(knownAsn(TENANT, 64500, "\"since\":\"2026-01-01T00:00:00Z\"")),
                List.of("{\"type\":\"knownAsn\",\"tenant\":\"" + TENANT
                        + "\",\"asn\":64500,\"deleted\":true,\"version\":1}"));

        assertFalse(tuning.isKnownAsn(TENANT, 64500, JAN_1));
    }

    // --- allowlists ------------------------------------------------------------------------------------------------

    @Test
    void silencingAllowlistIsReturnedWithItsReasonAndOwner() {
        Allowlist allowlist = Tuning.merge(List.of(TuningFixtures.AZURE_CLI_ALLOWLIST), List.of())
                .silencingAllowlist(cliAlert(TENANT));

        assertEquals("azure-cli", allowlist.id());
        assertEquals("admins log in to Azure CLI with device code", allowlist.reason());
        assertEquals("secops@example.com", allowlist.owner());
    }

    @Test
    void allowlistOfATenantSilencesThatTenantOnly() {
        Tuning tuning = Tuning.merge(
                List.of(TuningFixtures.AZURE_CLI_ALLOWLIST.replace(
                        "\"tenant\":\"*\"", "\"tenant\":\"" + TENANT + "\"")),
                List.of());

        assertNotNull(tuning.silencingAllowlist(cliAlert(TENANT)));
        assertNull(tuning.silencingAllowlist(cliAlert(OTHER_TENANT)));
    }

    private static Duration window(Tuning tuning) {
        return tuning.parameters(SESSION_MULTI_SOURCE, TENANT).window();
    }

    private static Alert cliAlert(String tenantId) {
        return alert(SESSION_MULTI_SOURCE, tenantId, SESSION, adminBrowser("b1", minute(0)), azureCli("c1", minute(1)));
    }

    private static String ruleRecord(String tenant, long version, String fields) {
        return "{\"type\":\"rule\",\"rule\":\"session-multi-source\",\"tenant\":\"" + tenant + "\",\"version\":"
                + version + "," + fields + "}";
    }

    private static String knownAsn(String tenant, long asn, String fields) {
        return "{\"type\":\"knownAsn\",\"tenant\":\"" + tenant + "\",\"asn\":" + asn + "," + fields + "}";
    }
}
