package org.dcwatch.job.quality;

import static org.dcwatch.udfs.rules.RuleCatalogue.CONCURRENT_INTERACTIVE_NONINTERACTIVE;
import static org.dcwatch.udfs.rules.RuleCatalogue.DEVICE_CODE_BROKER_CLIENT;
import static org.dcwatch.udfs.rules.RuleCatalogue.DEVICE_CODE_DEVICE_REGISTRATION;
import static org.dcwatch.udfs.rules.RuleCatalogue.DEVICE_CODE_VISIBILITY;
import static org.dcwatch.udfs.rules.RuleCatalogue.DEVICE_REGISTRATION_PRT_USE;
import static org.dcwatch.udfs.rules.RuleCatalogue.SESSION_MULTI_SOURCE;
import static org.dcwatch.udfs.rules.RuleCatalogue.UNSEEN_ASN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.dcwatch.job.cli.ConsoleCapture;
import org.dcwatch.job.generate.ScenarioLabel;
import org.dcwatch.job.generate.SignInSpec;
import org.dcwatch.job.quality.QualityReport.RuleQuality;
import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.parse.SignInParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The detection quality of the seven rules on a fixed generated run: 20,000 records of 200 users over 14 days (seed 7)
 * with two scenarios of every kind, through the whole job on a MiniCluster, once with the default tuning and once with
 * the Azure CLI allowlist of docs/tuning.md. What each rule is expected to catch, and why, is in docs/quality.md.
 *
 * <p>EXPECTED TO FAIL until {@code session-multi-source} and the allowlist are fixed against the three evasion kinds
 * ({@code flooded-session}, {@code browser-ua-poller-under-cli-allowlist}, {@code second-burst-after-allowlisted-login};
 * {@link EvasionQualityITCase} runs them alone and says why each fails). The figures below are those of the fixed rules;
 * on the tree they were written on, the first test fails at {@code differences} (the rule stays silent on both flooded
 * sessions and both second bursts, and the second bursts' logins raise 2 detections of no scenario) and the second at
 * the rule's {@code tp} (8 of 14: with the allowlist the two browser-like pollers are silenced as well). The kinds that
 * were there before the evasions keep their outcome.
 */
class QualityReportITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static final Path DEMO_TUNING = Path.of("../testdata/demo/tuning.jsonl");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    static Path temp;

    static Path input;
    static Path labelFile;
    static List<ScenarioLabel> labels;

    @BeforeAll
    static void generate() throws Exception {
        input = temp.resolve("signins.jsonl");
        labelFile = temp.resolve("labels.jsonl");
        ConsoleCapture console = new ConsoleCapture();
        int exit = console.dcwatch(
                "generate",
                "--records",
                "20000",
                "--users",
                "200",
                "--days",
                "14",
                "--seed",
                "7",
                "--scenarios",
                "all=2",
                "--labels",
                labelFile.toString(),
                "--out",
                input.toString());
        assertEquals(0, exit, console.stderr());
        labels = ScenarioLabel.read(labelFile);
    }

    @Test
    void everyRuleCatchesEveryPhishingRunItIsMeantToAndFiresOnTheSeedsLookAlikes() throws Exception {
        QualityReport report =
                QualityReport.compare(labels, QualityRun.detect(input, List.of(), 1, temp.resolve("default")));
        System.out.print(QualityReportText.table(report));

        assertEquals(42, report.scenarios());
        assertEquals(20, report.maliciousScenarios());
        assertEquals(0, report.deadLetters());
        assertEquals(List.of(), report.differences(), "every rule fires exactly where the labels say");
        assertEquals(List.of(), report.unlabelled(), "ordinary traffic raises nothing");
        // TP, FN, FP on look-alikes, FP on anything else, malicious runs out of reach, detections (visibility: one a
        // raised record, and each of a flooded session's 55 to 64 token requests is one)
        assertEquals(new RuleQuality(SESSION_MULTI_SOURCE, 18, 0, 12, 0, 2, 30), report.rule(SESSION_MULTI_SOURCE));
        assertEquals(
                new RuleQuality(CONCURRENT_INTERACTIVE_NONINTERACTIVE, 14, 0, 0, 0, 6, 14),
                report.rule(CONCURRENT_INTERACTIVE_NONINTERACTIVE));
        assertEquals(new RuleQuality(DEVICE_CODE_VISIBILITY, 16, 0, 0, 0, 4, 141), report.rule(DEVICE_CODE_VISIBILITY));
        assertEquals(new RuleQuality(UNSEEN_ASN, 20, 0, 8, 0, 0, 28), report.rule(UNSEEN_ASN));
        // the broker client: its own phishing kind and the phishing runs that took the broker's app, and the
        // onboarding look-alikes, which only an allowlist of the onboarding subnet silences
        assertEquals(
                new RuleQuality(DEVICE_CODE_BROKER_CLIENT, 5, 0, 4, 0, 15, 9), report.rule(DEVICE_CODE_BROKER_CLIENT));
        assertEquals(2, report.kind("broker-client-phishing").hits(DEVICE_CODE_BROKER_CLIENT));
        assertEquals(2, report.kind("broker-client-onboarding").hits(DEVICE_CODE_BROKER_CLIENT));
        assertEquals(2, report.kind("broker-kiosk-registration").hits(DEVICE_CODE_BROKER_CLIENT));
        // the device-registration chain: both runs of the chain, the kiosks registered after a broker device code
        // (the documented look-alike), and neither the Autopilot join (no device code) nor the Teams Room (no
        // registration)
        for (String rule : List.of(DEVICE_CODE_DEVICE_REGISTRATION, DEVICE_REGISTRATION_PRT_USE)) {
            assertEquals(new RuleQuality(rule, 2, 0, 2, 0, 18, 4), report.rule(rule));
            assertEquals(2, report.kind("device-registration-chain").hits(rule), rule);
            assertEquals(2, report.kind("broker-kiosk-registration").hits(rule), rule);
            assertEquals(0, report.kind("autopilot-join").hits(rule), rule);
            assertEquals(0, report.kind("teams-room-device-code").hits(rule), rule);
        }
        for (RuleQuality rule : report.rules()) assertEquals(1.0, rule.recall(), rule.ruleId());

        // seed 000's false positives: browser and tool side by side
        for (String lookAlike : List.of(
                "azure-cli",
                "azure-powershell",
                "vscode",
                "broker-client-onboarding",
                "teams-room-device-code",
                "broker-kiosk-registration")) {
            assertEquals(2, report.kind(lookAlike).hits(SESSION_MULTI_SOURCE), lookAlike);
        }
        // very late pollers are in the late output, and only unseen-asn, which needs no window, judges them
        assertEquals(
                Map.of(UNSEEN_ASN, 2, DEVICE_CODE_BROKER_CLIENT, 1),
                report.kind("very-late-delivery").hitsByRule(),
                "one of the two runs took the broker's app: its stateless rule judges the on-time code entry");
        assertTrue(report.kind("very-late-delivery").lateSignIns() >= 2);
    }

    @Test
    void theAzureCliAllowlistSilencesTheLookAlikeButNotAPollerBorrowingAzureClisAppId() throws Exception {
        ConsoleCapture console = new ConsoleCapture();
        int exit = console.dcwatch(
                "quality",
                "--input",
                input.toString(),
                "--labels",
                labelFile.toString(),
                "--tuning",
                DEMO_TUNING.toString());
        assertEquals(0, exit, console.stderr());
        List<String> printed = console.stdout().lines().toList();
        JsonNode figures = MAPPER.readTree(printed.get(printed.size() - 1));

        JsonNode multiSource = figures.path("rules").path(SESSION_MULTI_SOURCE);
        assertEquals(18, multiSource.path("tp").asInt(), console.stdout());
        assertEquals(
                0, multiSource.path("fn").asInt(), "the evasions of the allowlist are caught\n" + console.stdout());
        assertEquals(
                10,
                multiSource.path("fp").asInt(),
                "Azure PowerShell, VS Code, the broker onboarding, the Teams Room and the kiosk remain");
        assertEquals(1.0, multiSource.path("recall").asDouble());
        assertEquals(
                0,
                figures.path("kinds")
                        .path("azure-cli")
                        .path("hits")
                        .path(SESSION_MULTI_SOURCE)
                        .asInt());
        assertEquals(
                2, console.stdout().split("azure-cli session-multi-source: should fire, stayed silent", -1).length - 1);
        assertEquals(
                2,
                figures.path("differences").size(),
                "the Azure CLI look-alikes, and nothing else\n" + console.stdout());
        assertEquals(0, figures.path("unlabelledDetections").asInt(), console.stdout());
        assertTrue(
                maliciousRunsToAzureCli() >= 1, "the run has a phishing run to Azure CLI's app id, and it was caught");
    }

    /** Malicious scenarios whose sign-ins are to Azure CLI's app: the allowlist names the app and AZURECLI clients. */
    private static long maliciousRunsToAzureCli() throws Exception {
        SignInParser parser = new SignInParser();
        Set<String> azureCliSignIns = Files.readAllLines(input).stream()
                .flatMap(line -> parser.parse(line).events().stream())
                .filter(event -> SignInSpec.AZURE_CLI_APP.equals(event.appId()))
                .map(SignInEvent::id)
                .collect(Collectors.toSet());
        return labels.stream()
                .filter(ScenarioLabel::malicious)
                .filter(label -> !label.shouldFire().isEmpty())
                .filter(label -> label.signInIds().stream().anyMatch(azureCliSignIns::contains))
                .count();
    }
}
