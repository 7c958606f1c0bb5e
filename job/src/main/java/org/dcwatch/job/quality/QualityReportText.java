package org.dcwatch.job.quality;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dcwatch.job.quality.DetectionOutput.Detection;
import org.dcwatch.job.quality.QualityReport.Difference;
import org.dcwatch.job.quality.QualityReport.KindOutcome;
import org.dcwatch.job.quality.QualityReport.RuleQuality;
import org.dcwatch.udfs.rules.RuleCatalogue;

/**
 * A {@link QualityReport} as people and scripts read it: a table of figures per rule, a table of hits per scenario
 * kind, the labels on which a rule did something else than expected, and, as the last line, one JSON object.
 */
public final class QualityReportText {

    /** Short column names for the per-kind table; the per-rule table uses the full ids. */
    private static final Map<String, String> SHORT_NAMES = Map.of(
            RuleCatalogue.SESSION_MULTI_SOURCE, "multi-source",
            RuleCatalogue.CONCURRENT_INTERACTIVE_NONINTERACTIVE, "concurrent",
            RuleCatalogue.DEVICE_CODE_VISIBILITY, "visibility",
            RuleCatalogue.UNSEEN_ASN, "unseen-asn",
            RuleCatalogue.DEVICE_CODE_BROKER_CLIENT, "broker-client",
            RuleCatalogue.DEVICE_CODE_DEVICE_REGISTRATION, "registration",
            RuleCatalogue.DEVICE_REGISTRATION_PRT_USE, "prt-use");

    private static final int MAX_LISTED = 20;
    private static final int MIN_KIND_WIDTH = 20;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private QualityReportText() {}

    public static String table(QualityReport report) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(
                Locale.ROOT,
                "%d scenarios: %d malicious, %d look-alikes%n%n",
                report.scenarios(),
                report.maliciousScenarios(),
                report.scenarios() - report.maliciousScenarios()));
        text.append(String.format(
                Locale.ROOT,
                "%-38s %4s %4s %4s  %-20s %9s %7s  %s%n",
                "rule",
                "TP",
                "FN",
                "FP",
                "(look-alike, other)",
                "precision",
                "recall",
                "malicious, not meant to catch"));
        for (RuleQuality rule : report.rules()) {
            text.append(String.format(
                    Locale.ROOT,
                    "%-38s %4d %4d %4d  %-20s %9s %7s  %d%n",
                    rule.ruleId(),
                    rule.truePositives(),
                    rule.falseNegatives(),
                    rule.falsePositives(),
                    "(" + rule.lookAlikeFalsePositives() + ", " + rule.unlabelledFalsePositives() + ")",
                    decimal(rule.precision()),
                    decimal(rule.recall()),
                    rule.notMeantToCatch()));
        }

        text.append(String.format(Locale.ROOT, "%nhits per scenario kind (* the label says the rule should fire)%n"));
        // as wide as the longest kind, so that the columns line up whatever the kinds are called
        int width = Math.max(
                MIN_KIND_WIDTH,
                report.kinds().stream()
                        .mapToInt(kind -> kind.kind().length())
                        .max()
                        .orElse(0));
        String kindColumn = "%-" + width + "s";
        text.append(String.format(Locale.ROOT, kindColumn + " %-9s %3s", "kind", "truth", "n"));
        for (String rule : QualityReport.RULES) text.append(String.format(Locale.ROOT, " %12s", SHORT_NAMES.get(rule)));
        text.append(String.format(Locale.ROOT, " %5s%n", "late"));
        for (KindOutcome kind : report.kinds()) {
            text.append(String.format(
                    Locale.ROOT,
                    kindColumn + " %-9s %3d",
                    kind.kind(),
                    kind.malicious() ? "malicious" : "benign",
                    kind.scenarios()));
            for (String rule : QualityReport.RULES) {
                String cell = kind.hits(rule) + "/" + kind.scenarios()
                        + (kind.shouldFire().contains(rule) ? "*" : " ");
                text.append(String.format(Locale.ROOT, " %12s", cell));
            }
            text.append(String.format(Locale.ROOT, " %5d%n", kind.lateSignIns()));
        }

        List<Difference> differences = report.differences();
        text.append(String.format(
                Locale.ROOT,
                "%ndiffers from the labels: %s%n",
                differences.isEmpty() ? "nothing" : differences.size() + " (tuning, or a bug)"));
        differences.stream()
                .limit(MAX_LISTED)
                .forEach(d -> text.append("  ").append(d).append('\n'));
        List<Detection> unlabelled = report.unlabelled();
        if (!unlabelled.isEmpty()) {
            text.append(String.format(Locale.ROOT, "detections of no scenario: %d%n", unlabelled.size()));
            unlabelled.stream()
                    .limit(MAX_LISTED)
                    .forEach(d -> text.append("  ")
                            .append(d.ruleId())
                            .append(' ')
                            .append(d.userPrincipalName())
                            .append(": ")
                            .append(d.summary())
                            .append('\n'));
        }
        if (report.deadLetters() > 0) {
            text.append(String.format(Locale.ROOT, "dead letters in the input: %d%n", report.deadLetters()));
        }
        return text.toString();
    }

    /** The figures as one JSON object, for scripts. */
    public static String json(QualityReport report) {
        ObjectNode root = MAPPER.createObjectNode()
                .put("scenarios", report.scenarios())
                .put("malicious", report.maliciousScenarios())
                .put("deadLetters", report.deadLetters());
        ObjectNode rules = root.putObject("rules");
        for (RuleQuality rule : report.rules()) {
            ObjectNode node = rules.putObject(rule.ruleId())
                    .put("tp", rule.truePositives())
                    .put("fn", rule.falseNegatives())
                    .put("fp", rule.falsePositives())
                    .put("fpLookAlike", rule.lookAlikeFalsePositives())
                    .put("fpOther", rule.unlabelledFalsePositives())
                    .put("notMeantToCatch", rule.notMeantToCatch())
                    .put("detections", rule.detections());
            putRatio(node, "precision", rule.precision());
            putRatio(node, "recall", rule.recall());
        }
        ObjectNode kinds = root.putObject("kinds");
        for (KindOutcome kind : report.kinds()) {
            ObjectNode node = kinds.putObject(kind.kind())
                    .put("malicious", kind.malicious())
                    .put("scenarios", kind.scenarios());
            ObjectNode hits = node.putObject("hits");
            QualityReport.RULES.forEach(rule -> hits.put(rule, kind.hits(rule)));
            kind.shouldFire().forEach(node.putArray("shouldFire")::add);
            node.put("lateSignIns", kind.lateSignIns());
        }
        ArrayNode differences = root.putArray("differences");
        report.differences()
                .forEach(d -> differences
                        .addObject()
                        .put("scenarioId", d.scenarioId())
                        .put("rule", d.ruleId())
                        .put("shouldFire", d.expected()));
        root.put("unlabelledDetections", report.unlabelled().size());
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void putRatio(ObjectNode node, String name, double value) {
        if (Double.isNaN(value)) node.putNull(name);
        else node.put(name, Math.round(value * 1000) / 1000.0);
    }

    private static String decimal(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.3f", value);
    }
}
