package org.dcwatch.job.generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The ground truth of one injected scenario, written beside the data as one JSON line:
 *
 * <pre>{@code
 * {"scenarioId":"0003-phishing","kind":"phishing","malicious":true,"tenantId":"...","userId":"...",
 *  "userPrincipalName":"...","sessionId":"...","time":"2026-02-27T10:14:02Z","signInIds":["..."],
 *  "shouldFire":["session-multi-source",...],"description":"..."}
 * }</pre>
 *
 * {@code signInIds} are the sign-ins of the situation itself (not the user's history or context sign-ins around it):
 * an alert belongs to the label when its rule should fire, its tenant and user are the label's, and its evidence
 * holds one of these ids. {@code sessionId} is the session of those sign-ins (empty when they have none).
 */
public record ScenarioLabel(
        String scenarioId,
        String kind,
        boolean malicious,
        String tenantId,
        String userId,
        String userPrincipalName,
        String sessionId,
        Instant time,
        List<String> signInIds,
        List<String> shouldFire,
        String description) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public ScenarioLabel {
        signInIds = List.copyOf(signInIds);
        shouldFire = List.copyOf(shouldFire);
    }

    public String toJson() {
        ObjectNode node = MAPPER.createObjectNode()
                .put("scenarioId", scenarioId)
                .put("kind", kind)
                .put("malicious", malicious)
                .put("tenantId", tenantId)
                .put("userId", userId)
                .put("userPrincipalName", userPrincipalName)
                .put("sessionId", sessionId)
                .put("time", time.toString());
        signInIds.forEach(node.putArray("signInIds")::add);
        shouldFire.forEach(node.putArray("shouldFire")::add);
        node.put("description", description);
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a label line; a line that is not one is an {@link IllegalArgumentException} saying what is missing. */
    public static ScenarioLabel fromJson(String json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        return new ScenarioLabel(
                text(node, "scenarioId"),
                text(node, "kind"),
                node.path("malicious").asBoolean(),
                text(node, "tenantId"),
                text(node, "userId"),
                node.path("userPrincipalName").asText(""),
                node.path("sessionId").asText(""),
                Instant.parse(text(node, "time")),
                strings(node, "signInIds"),
                strings(node, "shouldFire"),
                node.path("description").asText(""));
    }

    /** Every label of a labels file; blank lines are skipped, a bad line is reported with its number. */
    public static List<ScenarioLabel> read(Path file) throws IOException {
        List<ScenarioLabel> labels = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            try {
                labels.add(fromJson(lines.get(i)));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return labels;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new IllegalArgumentException("\"" + field + "\" is missing");
        }
        return value.asText();
    }

    private static List<String> strings(JsonNode node, String field) {
        JsonNode array = node.get(field);
        if (array == null || !array.isArray()) throw new IllegalArgumentException("\"" + field + "\" is not an array");
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
