package org.dcwatch.job.quality;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dcwatch.job.generate.ScenarioLabel;
import org.dcwatch.job.quality.DetectionOutput.Detection;
import org.dcwatch.udfs.rules.RuleCatalogue;

/**
 * How well each rule's detections agree with the ground truth of the labelled scenarios.
 *
 * <p>A detection <em>hits</em> a label when it is of the rule, its tenant and user are the label's (user by object id,
 * or by UPN ignoring case), and its evidence holds one of the label's sign-in ids. Per rule, counted per label (a
 * label hit by three alerts is one hit) and per detection that hits no label:
 *
 * <ul>
 *   <li>true positive: a malicious label the rule hit;
 *   <li>false negative: a malicious label the rule should fire on (its {@code shouldFire}) but did not hit;
 *   <li>false positive: a benign label (a look-alike) the rule hit, and every detection of the rule that hits no
 *       label at all (ordinary traffic is benign by construction, so these should not exist);
 *   <li>not meant to catch: a malicious label outside the rule's reach ({@code shouldFire} leaves it out) that it did
 *       not hit — the gaps each rule leaves by design, covered by another rule or by none.
 * </ul>
 *
 * Precision is TP / (TP + FP), recall TP / (TP + FN). Besides the figures, {@link #differences} lists every label on
 * which a rule did something other than its {@code shouldFire} says: tuning shows up there (an allowlisted look-alike
 * goes silent), and so does a bug.
 */
public final class QualityReport {

    /** The rules in the catalogue's order. */
    public static final List<String> RULES = List.of(
            RuleCatalogue.SESSION_MULTI_SOURCE,
            RuleCatalogue.CONCURRENT_INTERACTIVE_NONINTERACTIVE,
            RuleCatalogue.DEVICE_CODE_VISIBILITY,
            RuleCatalogue.UNSEEN_ASN,
            RuleCatalogue.DEVICE_CODE_BROKER_CLIENT,
            RuleCatalogue.DEVICE_CODE_DEVICE_REGISTRATION,
            RuleCatalogue.DEVICE_REGISTRATION_PRT_USE);

    /** One rule's figures. */
    public record RuleQuality(
            String ruleId,
            int truePositives,
            int falseNegatives,
            int lookAlikeFalsePositives,
            int unlabelledFalsePositives,
            int notMeantToCatch,
            int detections) {

        public int falsePositives() {
            return lookAlikeFalsePositives + unlabelledFalsePositives;
        }

        /** TP / (TP + FP); NaN when the rule reported nothing. */
        public double precision() {
            return ratio(truePositives, truePositives + falsePositives());
        }

        /** TP / (TP + FN); NaN when no malicious label was in the rule's reach. */
        public double recall() {
            return ratio(truePositives, truePositives + falseNegatives);
        }
    }

    /** The labels of one scenario kind, the rules that should fire on any of them, and how many each rule hit. */
    public record KindOutcome(
            String kind,
            boolean malicious,
            int scenarios,
            List<String> shouldFire,
            Map<String, Integer> hitsByRule,
            int lateSignIns) {

        public int hits(String ruleId) {
            return hitsByRule.getOrDefault(ruleId, 0);
        }
    }

    /** A label on which a rule did not do what the label says it should. */
    public record Difference(String scenarioId, String kind, String ruleId, boolean expected) {
        @Override
        public String toString() {
            return scenarioId + " " + ruleId + ": " + (expected ? "should fire, stayed silent" : "fired, should not");
        }
    }

    private final int scenarios;
    private final int malicious;
    private final long deadLetters;
    private final Map<String, RuleQuality> rules;
    private final List<KindOutcome> kinds;
    private final List<Difference> differences;
    private final List<Detection> unlabelled;

    private QualityReport(
            int scenarios,
            int malicious,
            long deadLetters,
            Map<String, RuleQuality> rules,
            List<KindOutcome> kinds,
            List<Difference> differences,
            List<Detection> unlabelled) {
        this.scenarios = scenarios;
        this.malicious = malicious;
        this.deadLetters = deadLetters;
        this.rules = rules;
        this.kinds = kinds;
        this.differences = differences;
        this.unlabelled = unlabelled;
    }

    public static QualityReport compare(List<ScenarioLabel> labels, DetectionOutput output) {
        Map<String, RuleQuality> rules = new LinkedHashMap<>();
        List<Difference> differences = new ArrayList<>();
        List<Detection> unlabelled = new ArrayList<>();
        Map<String, List<ScenarioLabel>> labelsByKind = new TreeMap<>();
        labels.forEach(label -> labelsByKind
                .computeIfAbsent(label.kind(), kind -> new ArrayList<>())
                .add(label));
        Map<String, Map<String, Integer>> hitsByKind = new TreeMap<>();

        for (String rule : RULES) {
            List<Detection> detections = output.detections().stream()
                    .filter(d -> d.ruleId().equals(rule))
                    .toList();
            int truePositives = 0;
            int falseNegatives = 0;
            int lookAlikes = 0;
            int notMeantToCatch = 0;
            for (ScenarioLabel label : labels) {
                boolean hit = detections.stream().anyMatch(detection -> hits(detection, label));
                boolean expected = label.shouldFire().contains(rule);
                if (hit)
                    hitsByKind
                            .computeIfAbsent(label.kind(), kind -> new TreeMap<>())
                            .merge(rule, 1, Integer::sum);
                if (hit != expected) differences.add(new Difference(label.scenarioId(), label.kind(), rule, expected));
                if (label.malicious()) {
                    if (hit) truePositives++;
                    else if (expected) falseNegatives++;
                    else notMeantToCatch++;
                } else if (hit) {
                    lookAlikes++;
                }
            }
            int unlabelledHere = 0;
            for (Detection detection : detections) {
                if (labels.stream().noneMatch(label -> hits(detection, label))) {
                    unlabelled.add(detection);
                    unlabelledHere++;
                }
            }
            rules.put(
                    rule,
                    new RuleQuality(
                            rule,
                            truePositives,
                            falseNegatives,
                            lookAlikes,
                            unlabelledHere,
                            notMeantToCatch,
                            detections.size()));
        }

        List<KindOutcome> kinds = new ArrayList<>();
        labelsByKind.forEach((kind, ofKind) -> kinds.add(new KindOutcome(
                kind,
                ofKind.get(0).malicious(),
                ofKind.size(),
                shouldFireOnAny(ofKind),
                hitsByKind.getOrDefault(kind, Map.of()),
                (int) ofKind.stream()
                        .flatMap(label -> label.signInIds().stream())
                        .filter(output.lateSignInIds()::contains)
                        .count())));
        differences.sort(java.util.Comparator.comparing(Difference::scenarioId).thenComparing(Difference::ruleId));
        return new QualityReport(
                labels.size(),
                (int) labels.stream().filter(ScenarioLabel::malicious).count(),
                output.deadLetters(),
                rules,
                kinds,
                differences,
                unlabelled);
    }

    /**
     * The rules that should fire on some label of a kind, in catalogue order: a phishing kind's runs take their app in
     * turn, and only those for the broker client's app name {@code device-code-broker-client}.
     */
    private static List<String> shouldFireOnAny(List<ScenarioLabel> labels) {
        return RULES.stream()
                .filter(rule ->
                        labels.stream().anyMatch(label -> label.shouldFire().contains(rule)))
                .toList();
    }

    /** Whether the detection is about the label's sign-ins: same tenant and user, and shared evidence. */
    static boolean hits(Detection detection, ScenarioLabel label) {
        return label.tenantId().equals(detection.tenantId())
                && sameUser(detection, label)
                && label.signInIds().stream().anyMatch(detection.signInIds()::contains);
    }

    /** dcwatch keys users by object id, or by the lower-cased UPN when a record has none. */
    private static boolean sameUser(Detection detection, ScenarioLabel label) {
        if (label.userId().equals(detection.userKey())) return true;
        String upn = label.userPrincipalName();
        return !upn.isEmpty()
                && (upn.equalsIgnoreCase(detection.userKey()) || upn.equalsIgnoreCase(detection.userPrincipalName()));
    }

    public int scenarios() {
        return scenarios;
    }

    public int maliciousScenarios() {
        return malicious;
    }

    public long deadLetters() {
        return deadLetters;
    }

    public List<RuleQuality> rules() {
        return List.copyOf(rules.values());
    }

    public RuleQuality rule(String ruleId) {
        RuleQuality quality = rules.get(ruleId);
        if (quality == null) throw new IllegalArgumentException("no such rule: " + ruleId);
        return quality;
    }

    public List<KindOutcome> kinds() {
        return List.copyOf(kinds);
    }

    public KindOutcome kind(String kind) {
        return kinds.stream()
                .filter(k -> k.kind().equals(kind))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no scenario of kind " + kind));
    }

    public List<Difference> differences() {
        return List.copyOf(differences);
    }

    /** Detections that belong to no label: false positives on ordinary traffic. */
    public List<Detection> unlabelled() {
        return List.copyOf(unlabelled);
    }

    private static double ratio(int numerator, int denominator) {
        return denominator == 0 ? Double.NaN : (double) numerator / denominator;
    }
}
