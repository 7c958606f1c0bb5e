package org.dcwatch.job.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.dcwatch.udfs.rules.MitreTactic;
import org.dcwatch.udfs.rules.MitreTechnique;
import org.dcwatch.udfs.rules.RuleDefinition;

/** A rule of the catalogue as JSON, as {@code rules --json} prints it and as alerts carry it. */
public final class RuleJson {

    private RuleJson() {}

    public static ObjectNode toJson(ObjectMapper mapper, RuleDefinition rule) {
        ObjectNode node = mapper.createObjectNode()
                .put("id", rule.id())
                .put("name", rule.name())
                .put("version", rule.version())
                .put("severity", rule.severity().name().toLowerCase(Locale.ROOT))
                .put("riskScore", rule.riskScore())
                .put("description", rule.description())
                .put("seed", rule.seed());
        ArrayNode tactics = node.putArray("tactics");
        for (MitreTactic tactic : rule.tactics()) {
            tactics.addObject().put("id", tactic.id()).put("name", tactic.name());
        }
        ArrayNode techniques = node.putArray("techniques");
        for (MitreTechnique technique : rule.techniques()) {
            techniques.addObject().put("id", technique.id()).put("name", technique.name());
        }
        rule.falsePositives().forEach(node.putArray("falsePositives")::add);
        rule.triageSteps().forEach(node.putArray("triageSteps")::add);
        return node;
    }
}
