package org.dcwatch.udfs.rules;

import java.util.List;
import java.util.Objects;

/**
 * The metadata of one detection rule: what the command line prints and every alert carries. Thresholds and windows are
 * not here; they are tuning (docs/design.md, Tuning) with the seed's values as defaults.
 *
 * @param id             stable kebab-case id; alerts and tuning refer to it
 * @param name           human-readable name
 * @param version        raised whenever the rule's semantics change
 * @param severity       default severity
 * @param riskScore      default risk score, 1 to 100, within the severity's band
 * @param tactics        MITRE ATT&CK tactics
 * @param techniques     MITRE ATT&CK techniques
 * @param seed           the public detection the rule derives from, with its id where it has one
 * @param description    what the rule detects and why it matters
 * @param falsePositives benign activity known to match
 * @param triageSteps    what an analyst should check, in order
 */
public record RuleDefinition(
        String id,
        String name,
        int version,
        Severity severity,
        int riskScore,
        List<MitreTactic> tactics,
        List<MitreTechnique> techniques,
        String seed,
        String description,
        List<String> falsePositives,
        List<String> triageSteps) {

    public RuleDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(seed, "seed");
        Objects.requireNonNull(description, "description");
        tactics = List.copyOf(tactics);
        techniques = List.copyOf(techniques);
        falsePositives = List.copyOf(falsePositives);
        triageSteps = List.copyOf(triageSteps);
    }
}
