package org.dcwatch.job.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Pattern;
import org.dcwatch.udfs.alert.Alert;
import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.event.SignInSummary;
import org.dcwatch.udfs.rules.RuleCatalogue;
import org.dcwatch.udfs.rules.RuleDefinition;

/**
 * An alert as one JSON line (DESIGN.md 7): everything a consumer needs to route, de-duplicate and triage it without
 * looking anything up.
 *
 * <pre>{@code
 * {"alertId", "revision",
 *  "rule": {"id", "name", "version", "severity", "riskScore", "tactics": [{"id","name"}], "techniques": [{"id","name"}]},
 *  "tenantId",
 *  "user": {"key", "id", "userPrincipalName", "accountName", "accountUpnSuffix", "displayName"},
 *  "sessionId", "firstEventTime", "lastEventTime", "detectionTime", "summary",
 *  "evidence": [{"signInId", "time", "category", "ipAddress", "asn", "userAgent", "appId", "appDisplayName",
 *                "country", "authenticationProtocol", "originalTransferMethod", "errorCode"}],
 *  "triageSteps": [...], "falsePositives": [...]}
 * }</pre>
 *
 * <ul>
 *   <li>{@code alertId} and {@code revision} de-duplicate: an update of an alert keeps its id and raises the revision,
 *       so a consumer (or a compacted topic keyed by the id) keeps the highest revision.
 *   <li>{@code rule.severity} and {@code rule.riskScore} are the alert's, after the tenant's tuning, not the catalogue's
 *       defaults. The rule's description and seed stay in the catalogue ({@code rules --json}).
 *   <li>{@code user.key} is what dcwatch keys on (the Entra object id, else the lower-cased UPN); {@code user.id} is
 *       that key when it is an object id (GUID-shaped), else null. {@code accountName} and {@code accountUpnSuffix}
 *       split the UPN at {@code @} as the Sentinel seed's entity mapping does ({@code split(UPN, "@")[0]} and
 *       {@code [1]}); the suffix is null when the UPN has no {@code @}.
 *   <li>Times are ISO-8601 UTC with milliseconds ({@code 2026-01-21T10:00:00.000Z}).
 *   <li>Every key is always present; an unknown value is null: an unknown ASN (0) and an unknown error code
 *       ({@link SignInEvent#UNKNOWN_ERROR_CODE}) included.
 * </ul>
 */
public final class AlertJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final DateTimeFormatter UTC_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);

    private static final Pattern OBJECT_ID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private AlertJson() {}

    /**
     * An alert document as one line for people: the event time of its last evidence, severity, rule, user and summary;
     * an update says of which alert. What {@code run} prints, and {@code deploy/local/alerts}.
     */
    public static String summaryLine(JsonNode alert) {
        int revision = alert.path("revision").asInt();
        JsonNode user = alert.path("user");
        // every field is escaped: a document read back from a topic may hold anything
        return String.format("%s  %-7s %-38s %-24s %s%s",
                ConsoleText.oneLine(alert.path("lastEventTime").asText()),
                ConsoleText.oneLine(alert.path("rule").path("severity").asText()),
                ConsoleText.oneLine(alert.path("rule").path("id").asText()),
                ConsoleText.oneLine(user.path("userPrincipalName").asText(user.path("key").asText())),
                ConsoleText.oneLine(alert.path("summary").asText()),
                revision == 0 ? "" : " (update " + revision + " of alert "
                        + ConsoleText.oneLine(alert.path("alertId").asText().substring(0, 8)) + ")");
    }

    /** @param detectionTimeMillis when dcwatch raised or updated the alert, epoch millis */
    public static String toJson(Alert alert, long detectionTimeMillis) {
        RuleDefinition definition = RuleCatalogue.get(alert.ruleId());
        ObjectNode rule = RuleJson.toJson(MAPPER, definition)
                .put("severity", alert.severity().jsonName())
                .put("riskScore", alert.riskScore());
        rule.remove(List.of("description", "seed"));

        ObjectNode document = MAPPER.createObjectNode()
                .put("alertId", alert.alertId())
                .put("revision", alert.revision());
        document.set("rule", rule);
        document.put("tenantId", alert.tenantId());
        document.set("user", user(alert));
        document.put("sessionId", alert.sessionId())
                .put("firstEventTime", utc(alert.firstEventTime()))
                .put("lastEventTime", utc(alert.lastEventTime()))
                .put("detectionTime", utc(detectionTimeMillis))
                .put("summary", alert.summary());
        ArrayNode evidence = document.putArray("evidence");
        for (SignInSummary signIn : alert.evidence()) {
            evidence.add(evidence(signIn));
        }
        // the catalogue's guidance for the analyst, at the top level where a ticket template finds it
        document.set("triageSteps", rule.remove("triageSteps"));
        document.set("falsePositives", rule.remove("falsePositives"));
        try {
            return MAPPER.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode user(Alert alert) {
        String upn = alert.userPrincipalName();
        String[] upnParts = upn == null ? new String[0] : upn.split("@", -1);
        return MAPPER.createObjectNode()
                .put("key", alert.userKey())
                .put("id", alert.userKey() != null && OBJECT_ID.matcher(alert.userKey()).matches() ? alert.userKey() : null)
                .put("userPrincipalName", upn)
                .put("accountName", part(upnParts, 0))
                .put("accountUpnSuffix", part(upnParts, 1))
                .put("displayName", alert.userDisplayName());
    }

    private static ObjectNode evidence(SignInSummary signIn) {
        return MAPPER.createObjectNode()
                .put("signInId", signIn.id())
                .put("time", utc(signIn.eventTime()))
                .put("category", signIn.category())
                .put("ipAddress", signIn.ipAddress())
                .put("asn", signIn.asn() == 0 ? null : signIn.asn())
                .put("userAgent", signIn.userAgent())
                .put("appId", signIn.appId())
                .put("appDisplayName", signIn.appDisplayName())
                .put("country", signIn.country())
                .put("authenticationProtocol", signIn.authenticationProtocol())
                .put("originalTransferMethod", signIn.originalTransferMethod())
                .put("errorCode", signIn.errorCode() == SignInEvent.UNKNOWN_ERROR_CODE ? null : signIn.errorCode());
    }

    /** Part {@code index} of the UPN split at '@', as Kusto's {@code split(...)[index]}; null when absent or empty. */
    private static String part(String[] parts, int index) {
        return index < parts.length && !parts[index].isEmpty() ? parts[index] : null;
    }

    private static String utc(long epochMillis) {
        return UTC_MILLIS.format(Instant.ofEpochMilli(epochMillis));
    }
}
