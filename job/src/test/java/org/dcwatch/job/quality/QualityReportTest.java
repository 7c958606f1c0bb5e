package org.dcwatch.job.quality;

import static org.dcwatch.udfs.rules.RuleCatalogue.CONCURRENT_INTERACTIVE_NONINTERACTIVE;
import static org.dcwatch.udfs.rules.RuleCatalogue.DEVICE_CODE_VISIBILITY;
import static org.dcwatch.udfs.rules.RuleCatalogue.SESSION_MULTI_SOURCE;
import static org.dcwatch.udfs.rules.RuleCatalogue.UNSEEN_ASN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.dcwatch.job.generate.ScenarioLabel;
import org.dcwatch.job.quality.DetectionOutput.Detection;
import org.dcwatch.job.quality.QualityReport.Difference;
import org.dcwatch.job.quality.QualityReport.RuleQuality;
import org.junit.jupiter.api.Test;

/** Matching detections to labels, and the figures that follow, on hand-made labels and detections. */
class QualityReportTest {

    private static final String TENANT = "t-1";
    private static final ScenarioLabel PHISHING = label(
            "0001-phishing",
            true,
            "alice",
            List.of("a1", "a2", "a3"),
            SESSION_MULTI_SOURCE,
            CONCURRENT_INTERACTIVE_NONINTERACTIVE,
            UNSEEN_ASN);
    private static final ScenarioLabel POLLER_IP =
            label("0002-phishing-poller-ip", true, "bob", List.of("b1", "b2"), SESSION_MULTI_SOURCE, UNSEEN_ASN);
    private static final ScenarioLabel AZURE_CLI =
            label("0003-azure-cli", false, "carol", List.of("c1", "c2"), SESSION_MULTI_SOURCE);
    private static final List<ScenarioLabel> LABELS = List.of(PHISHING, POLLER_IP, AZURE_CLI);

    private static ScenarioLabel label(
            String id, boolean malicious, String user, List<String> signIns, String... rules) {
        return new ScenarioLabel(
                id,
                id.substring(5),
                malicious,
                TENANT,
                user + "-id",
                user + "@contoso.example",
                "s-" + user,
                Instant.parse("2026-02-20T09:00:00Z"),
                signIns,
                List.of(rules),
                "");
    }

    private static Detection detection(String id, String rule, String tenant, String userKey, String... evidence) {
        return new Detection(id, rule, tenant, userKey, null, Set.of(evidence), "");
    }

    @Test
    void theKindTableLinesUpKindsLongerThanTwentyCharacters() {
        ScenarioLabel longKind = new ScenarioLabel(
                "0004-second-burst-after-allowlisted-login",
                "second-burst-after-allowlisted-login",
                true,
                TENANT,
                "dave-id",
                "dave@contoso.example",
                "s-dave",
                Instant.parse("2026-02-20T09:00:00Z"),
                List.of("d1"),
                List.of(SESSION_MULTI_SOURCE),
                "");
        List<ScenarioLabel> labels = List.of(PHISHING, longKind);
        String table =
                QualityReportText.table(QualityReport.compare(labels, new DetectionOutput(List.of(), Set.of(), 0)));
        List<String> rows = table.lines()
                .dropWhile(line -> !line.startsWith("kind "))
                .limit(3)
                .toList();
        assertEquals(3, rows.size(), table);
        int truth = rows.get(0).indexOf("truth");
        assertEquals(truth, rows.get(1).indexOf("malicious"), table);
        assertEquals(truth, rows.get(2).indexOf("malicious"), table);
    }

    @Test
    void countsHitsPerLabelAndMissesOfTheRulesMeantToCatchThem() {
        DetectionOutput output = new DetectionOutput(
                List.of(
                        detection("x1", SESSION_MULTI_SOURCE, TENANT, "alice-id", "a1", "a2", "a3"),
                        detection(
                                "x2",
                                SESSION_MULTI_SOURCE,
                                TENANT,
                                "alice-id",
                                "a3"), // a second alert on one label: one hit
                        detection("x3", SESSION_MULTI_SOURCE, TENANT, "carol-id", "c1", "c2"),
                        detection("x4", UNSEEN_ASN, TENANT, "alice-id", "a3"),
                        detection("x5", CONCURRENT_INTERACTIVE_NONINTERACTIVE, TENANT, "alice-id", "a1", "a2", "a3")),
                Set.of(),
                0);
        QualityReport report = QualityReport.compare(LABELS, output);

        RuleQuality multiSource = report.rule(SESSION_MULTI_SOURCE);
        assertEquals(new RuleQuality(SESSION_MULTI_SOURCE, 1, 1, 1, 0, 0, 3), multiSource);
        assertEquals(0.5, multiSource.precision());
        assertEquals(0.5, multiSource.recall());
        assertEquals(new RuleQuality(UNSEEN_ASN, 1, 1, 0, 0, 0, 1), report.rule(UNSEEN_ASN));
        assertEquals(
                new RuleQuality(CONCURRENT_INTERACTIVE_NONINTERACTIVE, 1, 0, 0, 0, 1, 1),
                report.rule(CONCURRENT_INTERACTIVE_NONINTERACTIVE),
                "the poller-IP run is out of its reach");
        assertTrue(Double.isNaN(report.rule(DEVICE_CODE_VISIBILITY).precision()), "nothing reported, no precision");
        assertEquals(
                List.of(
                        new Difference("0002-phishing-poller-ip", "phishing-poller-ip", SESSION_MULTI_SOURCE, true),
                        new Difference("0002-phishing-poller-ip", "phishing-poller-ip", UNSEEN_ASN, true)),
                report.differences());
        assertEquals(1, report.kind("phishing").hits(SESSION_MULTI_SOURCE));
    }

    @Test
    void aDetectionHitsALabelOnlyWithTheSameTenantUserAndSharedEvidence() {
        assertTrue(QualityReport.hits(detection("x", SESSION_MULTI_SOURCE, TENANT, "alice-id", "a2"), PHISHING));
        assertTrue(
                QualityReport.hits(
                        detection("x", SESSION_MULTI_SOURCE, TENANT, "alice@contoso.example", "a2"), PHISHING),
                "a user keyed by UPN, when records lack the object id");
        assertTrue(
                !QualityReport.hits(detection("x", SESSION_MULTI_SOURCE, "t-2", "alice-id", "a2"), PHISHING), "tenant");
        assertTrue(!QualityReport.hits(detection("x", SESSION_MULTI_SOURCE, TENANT, "bob-id", "a2"), PHISHING), "user");
        assertTrue(
                !QualityReport.hits(detection("x", SESSION_MULTI_SOURCE, TENANT, "alice-id", "z9"), PHISHING),
                "evidence");
    }

    @Test
    void detectionsOfNoScenarioAreFalsePositivesOfTheirOwn() {
        DetectionOutput output = new DetectionOutput(
                List.of(
                        detection("x1", UNSEEN_ASN, TENANT, "alice-id", "a3"),
                        detection("x2", UNSEEN_ASN, TENANT, "dave-id", "d1")),
                Set.of(),
                0);
        QualityReport report = QualityReport.compare(LABELS, output);
        assertEquals(1, report.rule(UNSEEN_ASN).unlabelledFalsePositives());
        assertEquals(0.5, report.rule(UNSEEN_ASN).precision());
        assertEquals(
                List.of("x2"), report.unlabelled().stream().map(Detection::id).toList());
    }

    @Test
    void mergesTheRevisionsOfAnAlertAndKeepsOnlyRaisedVisibilityRecords() {
        String first = "{\"alertId\":\"A\",\"revision\":0,\"rule\":{\"id\":\"unseen-asn\"},\"tenantId\":\"t-1\","
                + "\"user\":{\"key\":\"bob-id\",\"userPrincipalName\":\"bob@contoso.example\"},\"summary\":\"s\","
                + "\"evidence\":[{\"signInId\":\"b1\"}]}";
        String update = first.replace("\"revision\":0", "\"revision\":1")
                .replace("[{\"signInId\":\"b1\"}]", "[{\"signInId\":\"b1\"},{\"signInId\":\"b2\"}]");
        String raised =
                "{\"signInId\":\"b2\",\"tenantId\":\"t-1\",\"userKey\":\"bob-id\",\"severity\":\"medium\",\"triageScore\":75}";
        String informational = raised.replace("medium", "informational").replace("b2", "b1");
        DetectionOutput output = DetectionOutput.fromJsonLines(
                List.of(first, update), List.of(raised, informational), List.of("{\"id\":\"b9\"}"), 2);
        assertEquals(2, output.detections().size());
        assertEquals(Set.of("b1", "b2"), output.detections().get(0).signInIds());
        assertEquals("visibility:b2", output.detections().get(1).id());
        assertEquals(Set.of("b9"), output.lateSignInIds());
        assertEquals(2, output.deadLetters());
    }

    @Test
    void printsATableAndEndsWithOneJsonLine() {
        QualityReport report = QualityReport.compare(
                LABELS,
                new DetectionOutput(
                        List.of(detection("x1", SESSION_MULTI_SOURCE, TENANT, "carol-id", "c1")), Set.of(), 0));
        String table = QualityReportText.table(report);
        assertTrue(
                table.contains(
                        "session-multi-source                      0    2    1  (1, 0)                   0.000   0.000  0"),
                table);
        assertTrue(table.contains("azure-cli            benign      1         1/1*"), table);
        String json = QualityReportText.json(report);
        assertTrue(json.startsWith("{\"scenarios\":3,\"malicious\":2,"), json);
        assertTrue(
                json.contains("\"session-multi-source\":{\"tp\":0,\"fn\":2,\"fp\":1,\"fpLookAlike\":1,\"fpOther\":0"),
                json);
    }
}
