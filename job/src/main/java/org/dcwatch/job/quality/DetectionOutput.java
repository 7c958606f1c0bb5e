package org.dcwatch.job.quality;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dcwatch.udfs.rules.RuleCatalogue;
import org.dcwatch.udfs.rules.Severity;

/**
 * What a run of the job reported, as the quality report needs it: one {@link Detection} per alert (its revisions
 * merged: same alert id, evidence united) and per visibility record raised above informational, the ids of the
 * sign-ins that went to the late output, and the number of dead letters. Read from the job's JSON-lines outputs, so
 * that the report works the same on a run it started and on the files of an earlier {@code dcwatch run}.
 */
public record DetectionOutput(List<Detection> detections, Set<String> lateSignInIds, long deadLetters) {

    /**
     * One thing a rule reported about one user.
     *
     * @param id the alert id, or {@code visibility:<sign-in id>} for a raised visibility record
     * @param signInIds the evidence: the sign-ins that made the rule fire
     */
    public record Detection(
            String id,
            String ruleId,
            String tenantId,
            String userKey,
            String userPrincipalName,
            Set<String> signInIds,
            String summary) {

        public Detection {
            signInIds = Set.copyOf(signInIds);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public DetectionOutput {
        detections = List.copyOf(detections);
        lateSignInIds = Set.copyOf(lateSignInIds);
    }

    /**
     * @param alertLines the alert output ({@code AlertJson}), every revision of every alert
     * @param visibilityLines the visibility output ({@code VisibilityJson}); only raised records count
     * @param lateLines the late output ({@code SignInEventJson})
     */
    public static DetectionOutput fromJsonLines(
            List<String> alertLines, List<String> visibilityLines, List<String> lateLines, long deadLetters) {
        Map<String, Detection> alerts = new LinkedHashMap<>();
        for (String line : alertLines) {
            JsonNode alert = parse(line);
            Set<String> evidence = new LinkedHashSet<>();
            alert.path("evidence")
                    .forEach(signIn -> evidence.add(signIn.path("signInId").asText()));
            String id = alert.path("alertId").asText();
            Detection earlier = alerts.get(id);
            if (earlier != null) evidence.addAll(earlier.signInIds());
            alerts.put(
                    id,
                    new Detection(
                            id,
                            alert.path("rule").path("id").asText(),
                            text(alert, "tenantId"),
                            text(alert.path("user"), "key"),
                            text(alert.path("user"), "userPrincipalName"),
                            evidence,
                            alert.path("summary").asText()));
        }
        List<Detection> detections = new ArrayList<>(alerts.values());
        for (String line : visibilityLines) {
            JsonNode record = parse(line);
            if (Severity.fromJsonName(record.path("severity").asText()) == Severity.INFORMATIONAL) continue;
            String signInId = record.path("signInId").asText();
            detections.add(new Detection(
                    "visibility:" + signInId,
                    RuleCatalogue.DEVICE_CODE_VISIBILITY,
                    text(record, "tenantId"),
                    text(record, "userKey"),
                    text(record, "UserPrincipalName"),
                    Set.of(signInId),
                    "triage score " + record.path("triageScore").asInt()));
        }
        Set<String> late = new HashSet<>();
        for (String line : lateLines) late.add(parse(line).path("id").asText());
        return new DetectionOutput(detections, late, deadLetters);
    }

    private static JsonNode parse(String line) {
        try {
            return MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON line of dcwatch's output: " + e.getOriginalMessage());
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
