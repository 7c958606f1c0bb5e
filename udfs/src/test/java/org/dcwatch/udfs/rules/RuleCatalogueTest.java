package org.dcwatch.udfs.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RuleCatalogueTest {

    private static final Pattern KEBAB_CASE = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    private static final Pattern TECHNIQUE_ID = Pattern.compile("T\\d{4}(\\.\\d{3})?");
    private static final Pattern TACTIC_ID = Pattern.compile("TA\\d{4}");

    @Test
    void catalogueHoldsTheFourSeededRulesAndTheRulesThatFollowTheToken() {
        assertEquals(
                List.of(
                        RuleCatalogue.SESSION_MULTI_SOURCE,
                        RuleCatalogue.CONCURRENT_INTERACTIVE_NONINTERACTIVE,
                        RuleCatalogue.DEVICE_CODE_VISIBILITY,
                        RuleCatalogue.UNSEEN_ASN,
                        RuleCatalogue.DEVICE_CODE_BROKER_CLIENT,
                        RuleCatalogue.DEVICE_CODE_DEVICE_REGISTRATION,
                        RuleCatalogue.DEVICE_REGISTRATION_PRT_USE),
                RuleCatalogue.all().stream().map(RuleDefinition::id).collect(Collectors.toList()));
    }

    @Test
    void idsAreUniqueAndKebabCase() {
        Set<String> seen = new HashSet<>();
        for (RuleDefinition rule : RuleCatalogue.all()) {
            assertTrue(KEBAB_CASE.matcher(rule.id()).matches(), "not kebab-case: " + rule.id());
            assertTrue(seen.add(rule.id()), "duplicate id: " + rule.id());
        }
    }

    @Test
    void everyRuleHasAVersionANameASeedAndADescription() {
        for (RuleDefinition rule : RuleCatalogue.all()) {
            assertTrue(rule.version() >= 1, rule.id());
            assertFalse(rule.name().isBlank(), rule.id());
            assertFalse(rule.seed().isBlank(), rule.id());
            assertFalse(rule.description().isBlank(), rule.id());
        }
    }

    /** Elastic's bands: low 1-21, medium 22-47, high 48-73, critical 74-100; informational stays at or below 21. */
    @Test
    void severityMatchesTheRiskScoreBand() {
        for (RuleDefinition rule : RuleCatalogue.all()) {
            int risk = rule.riskScore();
            boolean inBand = switch (rule.severity()) {
                case INFORMATIONAL -> risk >= 0 && risk <= 21;
                case LOW -> risk >= 1 && risk <= 21;
                case MEDIUM -> risk >= 22 && risk <= 47;
                case HIGH -> risk >= 48 && risk <= 73;
                case CRITICAL -> risk >= 74 && risk <= 100;
            };
            assertTrue(inBand, rule.id() + ": risk " + risk + " outside the " + rule.severity() + " band");
        }
    }

    @Test
    void mitreIdsAreWellFormedAndNamed() {
        for (RuleDefinition rule : RuleCatalogue.all()) {
            assertFalse(rule.tactics().isEmpty(), rule.id());
            assertFalse(rule.techniques().isEmpty(), rule.id());
            for (MitreTactic tactic : rule.tactics()) {
                assertTrue(TACTIC_ID.matcher(tactic.id()).matches(), rule.id() + ": " + tactic.id());
                assertFalse(tactic.name().isBlank(), rule.id() + ": " + tactic.id());
            }
            for (MitreTechnique technique : rule.techniques()) {
                assertTrue(TECHNIQUE_ID.matcher(technique.id()).matches(), rule.id() + ": " + technique.id());
                assertFalse(technique.name().isBlank(), rule.id() + ": " + technique.id());
            }
        }
    }

    @Test
    void everyRuleTellsAnalystsItsFalsePositivesAndTriageSteps() {
        for (RuleDefinition rule : RuleCatalogue.all()) {
            assertTrue(rule.falsePositives().size() >= 1, rule.id());
            assertTrue(rule.triageSteps().size() >= 2, rule.id());
            rule.falsePositives().forEach(note -> assertFalse(note.isBlank(), rule.id()));
            rule.triageSteps().forEach(step -> assertFalse(step.isBlank(), rule.id()));
        }
    }

    @Test
    void severitiesAndMitreFollowTheDesign() {
        assertRule(
                RuleCatalogue.SESSION_MULTI_SOURCE,
                Severity.HIGH,
                73,
                List.of("TA0006", "TA0001"),
                List.of("T1528", "T1566.002", "T1078.004"));
        assertRule(
                RuleCatalogue.CONCURRENT_INTERACTIVE_NONINTERACTIVE,
                Severity.HIGH,
                73,
                List.of("TA0006", "TA0001"),
                List.of("T1528", "T1566.002"));
        assertRule(
                RuleCatalogue.DEVICE_CODE_VISIBILITY,
                Severity.INFORMATIONAL,
                21,
                List.of("TA0006", "TA0001"),
                List.of("T1528"));
        assertRule(
                RuleCatalogue.UNSEEN_ASN,
                Severity.MEDIUM,
                47,
                List.of("TA0001", "TA0006"),
                List.of("T1528", "T1078.004"));
        assertRule(
                RuleCatalogue.DEVICE_CODE_BROKER_CLIENT,
                Severity.MEDIUM,
                47,
                List.of("TA0006", "TA0003"),
                List.of("T1528", "T1098.005"));
    }

    @Test
    void seedsNameTheirPublicRuleIds() {
        assertTrue(RuleCatalogue.get(RuleCatalogue.SESSION_MULTI_SOURCE).seed().contains("seed 000"));
        assertTrue(RuleCatalogue.get(RuleCatalogue.CONCURRENT_INTERACTIVE_NONINTERACTIVE)
                .seed()
                .contains("3db029b3-fbb7-4697-ad07-33cbfd5bd080"));
        assertTrue(
                RuleCatalogue.get(RuleCatalogue.DEVICE_CODE_VISIBILITY).seed().contains("seed 003"));
        assertTrue(RuleCatalogue.get(RuleCatalogue.UNSEEN_ASN).seed().contains("562647c0-5edb-4a47-afa2-fa662efa89bf"));
        String broker =
                RuleCatalogue.get(RuleCatalogue.DEVICE_CODE_BROKER_CLIENT).seed();
        assertTrue(
                broker.contains("Storm-2372") && broker.contains(RuleCatalogue.AUTHENTICATION_BROKER_APP_ID), broker);
    }

    @Test
    void getReturnsTheCataloguedRule() {
        for (RuleDefinition rule : RuleCatalogue.all()) {
            assertSame(rule, RuleCatalogue.get(rule.id()));
        }
    }

    @Test
    void getOfAnUnknownIdNamesTheKnownIds() {
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> RuleCatalogue.get("session-multisource"));
        assertEquals(
                "unknown rule id 'session-multisource': known ids are session-multi-source,"
                        + " concurrent-interactive-noninteractive, device-code-visibility, unseen-asn,"
                        + " device-code-broker-client, device-code-device-registration, device-registration-prt-use",
                error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RuleCatalogue.get(null));
    }

    @Test
    void ruleListsCannotBeChangedByCallers() {
        RuleDefinition rule = RuleCatalogue.get(RuleCatalogue.UNSEEN_ASN);
        assertThrows(
                UnsupportedOperationException.class, () -> RuleCatalogue.all().remove(0));
        assertThrows(
                UnsupportedOperationException.class, () -> rule.triageSteps().add("ignore it"));
        assertThrows(
                UnsupportedOperationException.class, () -> rule.techniques().clear());
    }

    @Test
    void severityJsonNamesAreLowerCaseAndParseBack() {
        for (Severity severity : Severity.values()) {
            assertEquals(severity.name().toLowerCase(Locale.ROOT), severity.jsonName());
            assertSame(severity, Severity.fromJsonName(severity.jsonName()));
        }
        assertSame(Severity.HIGH, Severity.fromJsonName("HIGH"));
        assertThrows(IllegalArgumentException.class, () -> Severity.fromJsonName("severe"));
    }

    @Test
    void mitreReferencesPointAtAttackPages() {
        assertEquals("https://attack.mitre.org/techniques/T1566/002/", MitreTechnique.SPEARPHISHING_LINK.reference());
        assertEquals(
                "https://attack.mitre.org/techniques/T1528/",
                MitreTechnique.STEAL_APPLICATION_ACCESS_TOKEN.reference());
        assertEquals("https://attack.mitre.org/tactics/TA0006/", MitreTactic.CREDENTIAL_ACCESS.reference());
    }

    private static void assertRule(
            String id, Severity severity, int riskScore, List<String> tactics, List<String> techniques) {
        RuleDefinition rule = RuleCatalogue.get(id);
        assertEquals(severity, rule.severity(), id);
        assertEquals(riskScore, rule.riskScore(), id);
        assertEquals(tactics, rule.tactics().stream().map(MitreTactic::id).collect(Collectors.toList()), id);
        assertEquals(
                techniques, rule.techniques().stream().map(MitreTechnique::id).collect(Collectors.toList()), id);
    }
}
