package org.dcwatch.job.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Alert documents as read from a topic, described as {@code DetectionJobITCase.describe} describes alerts. */
public final class AlertDocuments {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AlertDocuments() {}

    /** "rule user revision [evidence ids]" of each document, sorted by rule, user and revision. */
    public static List<String> describe(List<String> documents) {
        List<JsonNode> alerts = new ArrayList<>();
        for (String document : documents) alerts.add(parse(document));
        return alerts.stream()
                .sorted(Comparator.comparing(
                                (JsonNode a) -> a.path("rule").path("id").asText())
                        .thenComparing(
                                a -> a.path("user").path("userPrincipalName").asText())
                        .thenComparingInt(a -> a.path("revision").asInt()))
                .map(a -> a.path("rule").path("id").asText() + " "
                        + a.path("user").path("userPrincipalName").asText() + " r"
                        + a.path("revision").asInt() + " " + evidenceIds(a))
                .toList();
    }

    /** The alert id of a document, for a consumer's de-duplication. */
    static String alertIdAndRevision(String document) {
        JsonNode alert = parse(document);
        return alert.path("alertId").asText() + "/" + alert.path("revision").asInt();
    }

    static JsonNode parse(String document) {
        try {
            return MAPPER.readTree(document);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> evidenceIds(JsonNode alert) {
        List<String> ids = new ArrayList<>();
        alert.path("evidence").forEach(signIn -> ids.add(signIn.path("signInId").asText()));
        return ids;
    }
}
