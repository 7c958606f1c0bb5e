package org.dcwatch.job.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.dcwatch.job.sink.RuleJson;
import org.dcwatch.udfs.rules.MitreTechnique;
import org.dcwatch.udfs.rules.RuleCatalogue;
import org.dcwatch.udfs.rules.RuleDefinition;

/** {@code rules}: the rule catalogue, as a table for people or as JSON for scripts. */
final class RulesCommand {

    static final String USAGE = """
            Usage: dcwatch rules [--json] [--id RULE]

            Prints the detection rules dcwatch runs: id, version, severity, risk score, MITRE ATT&CK techniques and the
            public detection each derives from; with --id, one rule in full (false positives, triage steps).

              --json      one JSON array of the rules (or one object with --id)
              --id RULE   only this rule
            """;

    private final PrintStream out;

    RulesCommand(PrintStream out) {
        this.out = out;
    }

    int run(List<String> args) {
        CommandLine line = CommandLine.parse(args, Set.of("id"), Set.of("json"));
        List<RuleDefinition> rules = line.has("id") ? List.of(rule(line.get("id"))) : RuleCatalogue.all();
        if (line.has("json")) {
            ObjectMapper mapper = new ObjectMapper();
            if (line.has("id")) {
                out.println(RuleJson.toJson(mapper, rules.get(0)).toPrettyString());
            } else {
                ArrayNode array = mapper.createArrayNode();
                rules.forEach(rule -> array.add(RuleJson.toJson(mapper, rule)));
                out.println(array.toPrettyString());
            }
        } else if (line.has("id")) {
            printInFull(rules.get(0));
        } else {
            printTable(rules);
        }
        return ExitCode.OK;
    }

    private static RuleDefinition rule(String id) {
        try {
            return RuleCatalogue.get(id);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--id: " + e.getMessage());
        }
    }

    private void printTable(List<RuleDefinition> rules) {
        String format = "%-40s %-3s %-14s %-5s %s%n";
        out.printf(format, "RULE", "V", "SEVERITY", "RISK", "MITRE ATT&CK");
        for (RuleDefinition rule : rules) {
            out.printf(format, rule.id(), rule.version(), severity(rule), rule.riskScore(), techniques(rule));
        }
        out.println();
        for (RuleDefinition rule : rules) {
            out.println(rule.id() + ": " + rule.name());
            out.println("    from " + rule.seed());
        }
    }

    private void printInFull(RuleDefinition rule) {
        out.println(rule.id() + " v" + rule.version() + ": " + rule.name());
        out.println("severity " + severity(rule) + ", risk score " + rule.riskScore() + ", " + techniques(rule));
        out.println("from " + rule.seed());
        out.println();
        out.println(rule.description());
        out.println();
        out.println("False positives:");
        rule.falsePositives().forEach(note -> out.println("  - " + note));
        out.println("Triage:");
        for (int i = 0; i < rule.triageSteps().size(); i++) {
            out.println("  " + (i + 1) + ". " + rule.triageSteps().get(i));
        }
    }

    private static String severity(RuleDefinition rule) {
        return rule.severity().name().toLowerCase(Locale.ROOT);
    }

    private static String techniques(RuleDefinition rule) {
        return rule.techniques().stream().map(MitreTechnique::id).collect(Collectors.joining(", "));
    }
}
