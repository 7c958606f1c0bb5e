package org.dcwatch.udfs.classify;

import static org.dcwatch.udfs.classify.TriageSignIns.AZURE_CLI;
import static org.dcwatch.udfs.classify.TriageSignIns.FORGED_EDGE_18;
import static org.dcwatch.udfs.classify.TriageSignIns.PYTHON_REQUESTS;
import static org.dcwatch.udfs.classify.TriageSignIns.benign;
import static org.dcwatch.udfs.classify.TriageSignIns.seed;
import static org.dcwatch.udfs.classify.TriageSignIns.seedExample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.dcwatch.udfs.event.SignInEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TriageScoreTest {

    private static final Set<String> NO_EXPECTATION = Set.of();
    private static final Set<String> EXPECTED_DE_AT = Set.of("DE", "AT");

    private static TriageAssessment assess(SignInEvent event) {
        return TriageScore.assess(event, EXPECTED_DE_AT);
    }

    @Test
    void benignDeviceCodeSignInScoresNothing() {
        assertEquals(new TriageAssessment(0, List.of()), assess(benign().build()));
    }

    @Test
    void seedTruePositiveScoresTheMaximumWithEveryReason() {
        TriageAssessment assessment = TriageScore.assess(seedExample(), EXPECTED_DE_AT);

        assertEquals(TriageScore.MAX_SCORE, assessment.score());
        assertEquals(
                List.of(
                        "high-value app Microsoft Azure CLI",
                        "unmanaged device",
                        "non-compliant device",
                        "high risk",
                        "scripted client python-requests",
                        "unusual country NL"),
                assessment.reasons());
    }

    @Test
    void seedTruePositiveScoresAtLeast90WithoutCountryExpectations() {
        TriageAssessment assessment = TriageScore.assess(seedExample(), NO_EXPECTATION);

        assertTrue(assessment.score() >= 90, "score " + assessment.score());
        assertTrue(assessment.reasons().stream().noneMatch(reason -> reason.startsWith("unusual country")));
    }

    @Test
    void scoresHighValueAppByItsCatalogueName() {
        TriageAssessment assessment = assess(
                benign().app(AZURE_CLI, "Azure CLI (as the log spelled it)").build());

        assertEquals(
                new TriageAssessment(TriageScore.HIGH_VALUE_APP, List.of("high-value app Microsoft Azure CLI")),
                assessment);
    }

    @Test
    void scoresUnmanagedDevice() {
        assertEquals(
                new TriageAssessment(TriageScore.UNMANAGED_DEVICE, List.of("unmanaged device")),
                assess(benign().deviceManaged(false).build()));
    }

    @Test
    void scoresNonCompliantDevice() {
        assertEquals(
                new TriageAssessment(TriageScore.NON_COMPLIANT_DEVICE, List.of("non-compliant device")),
                assess(benign().deviceCompliant(false).build()));
    }

    @Test
    void unknownDeviceStateIsNoEvidence() {
        assertEquals(
                0,
                assess(benign().deviceManaged(null).deviceCompliant(null).build())
                        .score());
    }

    @ParameterizedTest(name = "during sign-in {0}, aggregated {1}")
    @CsvSource({
        "medium, none,   20, medium risk",
        "none,   medium, 20, medium risk",
        "MEDIUM, low,    20, medium risk",
        "high,   none,   30, high risk",
        "none,   high,   30, high risk",
        "medium, high,   30, high risk",
        "high,   medium, 30, high risk",
    })
    void scoresTheHigherOfTheTwoRiskLevelsOnce(String duringSignIn, String aggregated, int score, String reason) {
        assertEquals(
                new TriageAssessment(score, List.of(reason)),
                assess(benign().risk(duringSignIn, aggregated).build()));
    }

    @ParameterizedTest(name = "during sign-in {0}, aggregated {1}")
    @CsvSource(
            value = {"low, low", "hidden, hidden", "none, unknownFutureValue", "null, null"},
            nullValues = "null")
    void lowHiddenAndAbsentRiskLevelsScoreNothing(String duringSignIn, String aggregated) {
        assertEquals(0, assess(benign().risk(duringSignIn, aggregated).build()).score());
    }

    @Test
    void scoresScriptedClient() {
        assertEquals(
                new TriageAssessment(TriageScore.SCRIPTED_CLIENT, List.of("scripted client python-requests")),
                assess(benign().userAgent(PYTHON_REQUESTS).build()));
    }

    @Test
    void scoresForgedOutdatedBrowser() {
        assertEquals(
                new TriageAssessment(TriageScore.OUTDATED_BROWSER, List.of("outdated browser edge-legacy")),
                assess(benign().userAgent(FORGED_EDGE_18).build()));
    }

    @Test
    void microsoftClientsAndMissingUserAgentsAreNoEvidence() {
        assertEquals(
                0,
                assess(benign().userAgent("AZURECLI/2.61.0 (MSI) azsdk-python-core/1.28.0 Python/3.11.8")
                                .build())
                        .score());
        assertEquals(0, assess(benign().userAgent(null).build()).score());
    }

    @Test
    void scoresCountryOutsideTheExpectedOnes() {
        assertEquals(
                new TriageAssessment(TriageScore.UNUSUAL_COUNTRY, List.of("unusual country NL")),
                assess(benign().country("NL").build()));
    }

    @Test
    void countryIsUnusualOnlyAgainstAnExpectationAndWhenKnown() {
        assertEquals(
                0,
                TriageScore.assess(benign().country("NL").build(), NO_EXPECTATION)
                        .score());
        assertEquals(0, assess(benign().country(null).build()).score());
        assertEquals(0, assess(benign().country("AT").build()).score());
        assertEquals(
                0,
                TriageScore.assess(benign().country("at").build(), EXPECTED_DE_AT)
                        .score());
    }

    @Test
    void failedSignInAddsNothing() {
        assertEquals(
                new TriageAssessment(0, List.of()),
                assess(benign().errorCode(50199).build()));
        assertEquals(assess(seedExample()), assess(seed().errorCode(50126).build()));
    }

    @Test
    void sumsReasonsInAFixedOrderAndCapsAt100() {
        TriageAssessment assessment = assess(benign().app(AZURE_CLI, "Microsoft Azure CLI")
                .deviceManaged(false)
                .deviceCompliant(false)
                .risk("high", "high")
                .userAgent(FORGED_EDGE_18)
                .country("NL")
                .build());

        assertEquals(100, assessment.score()); // 25 + 10 + 10 + 30 + 20 + 15 = 110
        assertEquals(
                List.of(
                        "high-value app Microsoft Azure CLI",
                        "unmanaged device",
                        "non-compliant device",
                        "high risk",
                        "outdated browser edge-legacy",
                        "unusual country NL"),
                assessment.reasons());
    }

    @Test
    void sameSignInScoresTheSameEveryTime() {
        assertEquals(assess(seedExample()), assess(seedExample()));
    }

    @Test
    void assessmentIsImmutableAndBounded() {
        TriageAssessment assessment = assess(seedExample());
        assertThrows(
                UnsupportedOperationException.class, () -> assessment.reasons().add("more"));
        assertThrows(IllegalArgumentException.class, () -> new TriageAssessment(101, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new TriageAssessment(-1, List.of()));
    }
}
