package org.dcwatch.job.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Pattern;
import org.dcwatch.udfs.alert.Alert;
import org.dcwatch.udfs.event.DeviceRegistrationEvent;
import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.event.SignInSummary;
import org.dcwatch.udfs.event.TextBounds;
import org.dcwatch.udfs.rules.RuleCatalogue;
import org.dcwatch.udfs.rules.RuleDefinition;

/**
 * An alert as one JSON line (docs/design.md, Alerts): everything a consumer needs to route, de-duplicate and triage it
 * without looking anything up.
 *
 * <pre>{@code
 * {"alertId", "revision",
 *  "rule": {"id", "name", "version", "severity", "riskScore", "tactics": [{"id","name"}], "techniques": [{"id","name"}]},
 *  "tenantId",
 *  "user": {"key", "id", "userPrincipalName", "accountName", "accountUpnSuffix", "displayName"},
 *  "sessionId", "firstEventTime", "lastEventTime", "detectionTime", "summary",
 *  "evidence": [{"signInId", "time", "category", "ipAddress", "asn", "userAgent", "appId", "appDisplayName",
 *                "country", "authenticationProtocol", "originalTransferMethod", "errorCode", "incomingTokenType",
 *                "deviceId", "deviceManaged", "deviceCompliant"}],
 *  "deviceRegistrations": [{"auditId", "time", "operationName", "initiatedByUserPrincipalName", "deviceObjectId",
 *                "deviceId", "deviceDisplayName", "deviceOs", "deviceOsVersion", "deviceTrustType", "userAgent",
 *                "correlationId", "result"}],
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
 *   <li>Every key is always present; an unknown value is null: an unknown ASN ({@link SignInEvent#NO_ASN}) and an
 *       unknown error code ({@link SignInEvent#UNKNOWN_ERROR_CODE}) included. An ASN is its unsigned number, up to
 *       4294967295.
 *   <li>A document has at most {@link #MAX_DOCUMENT_BYTES} bytes of UTF-8, far below the 1 MB a Kafka producer sends
 *       by default: a larger one would fail the alert sink at every checkpoint, and with it every tenant's alerts.
 *       Every text is bounded as the parser bounds it ({@link TextBounds}: the value's start, then
 *       {@code …[truncated, N chars]}), whatever state the alert comes from; and a document still too large keeps
 *       only the first evidence sign-ins that fit (they fix the alert id), its summary saying how many of how many.
 * </ul>
 */
public final class AlertJson {

    /**
     * The most bytes of one document. With every text bounded, the document of one evidence sign-in needs a small
     * fraction of it even when each character is escaped to six bytes, so that dropping evidence always makes one fit.
     */
    public static final int MAX_DOCUMENT_BYTES = 256 * 1024;

    /** The bound of a summary: the rules write it from counts, so only a corrupt one comes near. */
    private static final int MAX_SUMMARY = TextBounds.MAX_USER_AGENT;

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
        return String.format(
                "%s  %-7s %-38s %-24s %s%s",
                ConsoleText.oneLine(alert.path("lastEventTime").asText()),
                ConsoleText.oneLine(alert.path("rule").path("severity").asText()),
                ConsoleText.oneLine(alert.path("rule").path("id").asText()),
                ConsoleText.oneLine(
                        user.path("userPrincipalName").asText(user.path("key").asText())),
                ConsoleText.oneLine(alert.path("summary").asText()),
                revision == 0
                        ? ""
                        : " (update " + revision + " of alert "
                                + ConsoleText.oneLine(
                                        alert.path("alertId").asText().substring(0, 8)) + ")");
    }

    /** @param detectionTimeMillis when dcwatch raised or updated the alert, epoch millis */
    public static String toJson(Alert alert, long detectionTimeMillis) {
        SignInSummary[] signIns = alert.evidence();
        ObjectNode document = document(alert, detectionTimeMillis, signIns.length);
        String json = write(document);
        if (fits(json)) return json;
        // too large: keep the first evidence sign-ins, each as written above, as far as they fit with the rest
        ArrayNode evidence = (ArrayNode) document.get("evidence");
        int[] sizes = new int[evidence.size()];
        for (int i = 0; i < sizes.length; i++) sizes[i] = utf8Length(write(evidence.get(i))) + 1; // and a comma
        evidence.removeAll();
        document.put("summary", shortenedSummary(alert, sizes.length, sizes.length));
        int room = MAX_DOCUMENT_BYTES - utf8Length(write(document));
        int kept = 0;
        while (kept < sizes.length && sizes[kept] <= room) room -= sizes[kept++];
        // the count kept has at most the digits of the count measured above, so the summary still fits
        document = document(alert, detectionTimeMillis, kept);
        document.put("summary", shortenedSummary(alert, kept, sizes.length));
        return write(document);
    }

    /** The document with the first {@code evidenceCount} evidence sign-ins. */
    private static ObjectNode document(Alert alert, long detectionTimeMillis, int evidenceCount) {
        RuleDefinition definition = RuleCatalogue.get(alert.ruleId());
        ObjectNode rule = RuleJson.toJson(MAPPER, definition)
                .put("severity", alert.severity().jsonName())
                .put("riskScore", alert.riskScore());
        rule.remove(List.of("description", "seed"));

        ObjectNode document =
                MAPPER.createObjectNode().put("alertId", text(alert.alertId())).put("revision", alert.revision());
        document.set("rule", rule);
        document.put("tenantId", text(alert.tenantId()));
        document.set("user", user(alert));
        document.put("sessionId", text(alert.sessionId()))
                .put("firstEventTime", utc(alert.firstEventTime()))
                .put("lastEventTime", utc(alert.lastEventTime()))
                .put("detectionTime", utc(detectionTimeMillis))
                .put("summary", TextBounds.bound(alert.summary(), MAX_SUMMARY));
        ArrayNode evidence = document.putArray("evidence");
        SignInSummary[] signIns = alert.evidence();
        for (int i = 0; i < evidenceCount; i++) {
            evidence.add(evidence(signIns[i]));
        }
        ArrayNode registrations = document.putArray("deviceRegistrations");
        for (DeviceRegistrationEvent registration : alert.registrations()) {
            registrations.add(registration(registration));
        }
        // the catalogue's guidance for the analyst, at the top level where a ticket template finds it
        document.set("triageSteps", rule.remove("triageSteps"));
        document.set("falsePositives", rule.remove("falsePositives"));
        return document;
    }

    private static String shortenedSummary(Alert alert, int kept, int of) {
        return TextBounds.bound(alert.summary(), MAX_SUMMARY) + " (evidence shortened to the first " + kept + " of "
                + of + " sign-ins to fit " + MAX_DOCUMENT_BYTES / 1024 + " KiB)";
    }

    private static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean fits(String json) {
        // a character is at most three bytes of UTF-8 (a surrogate pair, two characters, four)
        return json.length() <= MAX_DOCUMENT_BYTES / 3 || utf8Length(json) <= MAX_DOCUMENT_BYTES;
    }

    static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** A text of the alert, bounded as the parser bounds one (an alert restored from older state may hold more). */
    private static String text(String value) {
        return TextBounds.bound(value, TextBounds.MAX_TEXT);
    }

    private static ObjectNode user(Alert alert) {
        String upn = text(alert.userPrincipalName());
        String[] upnParts = upn == null ? new String[0] : upn.split("@", -1);
        return MAPPER.createObjectNode()
                .put("key", text(alert.userKey()))
                .put(
                        "id",
                        alert.userKey() != null
                                        && OBJECT_ID.matcher(alert.userKey()).matches()
                                ? alert.userKey()
                                : null)
                .put("userPrincipalName", upn)
                .put("accountName", part(upnParts, 0))
                .put("accountUpnSuffix", part(upnParts, 1))
                .put("displayName", text(alert.userDisplayName()));
    }

    private static ObjectNode evidence(SignInSummary signIn) {
        return MAPPER.createObjectNode()
                .put("signInId", text(signIn.id()))
                .put("time", utc(signIn.eventTime()))
                .put("category", signIn.category())
                .put("ipAddress", text(signIn.ipAddress()))
                .put("asn", signIn.asn() == SignInEvent.NO_ASN ? null : Integer.toUnsignedLong(signIn.asn()))
                .put("userAgent", TextBounds.bound(signIn.userAgent(), TextBounds.MAX_USER_AGENT))
                .put("appId", text(signIn.appId()))
                .put("appDisplayName", text(signIn.appDisplayName()))
                .put("country", text(signIn.country()))
                .put("authenticationProtocol", text(signIn.authenticationProtocol()))
                .put("originalTransferMethod", text(signIn.originalTransferMethod()))
                .put("errorCode", signIn.errorCode() == SignInEvent.UNKNOWN_ERROR_CODE ? null : signIn.errorCode())
                .put("incomingTokenType", text(signIn.incomingTokenType()))
                .put("deviceId", text(signIn.deviceId()))
                .put("deviceManaged", signIn.deviceManaged())
                .put("deviceCompliant", signIn.deviceCompliant());
    }

    private static ObjectNode registration(DeviceRegistrationEvent registration) {
        return MAPPER.createObjectNode()
                .put("auditId", text(registration.id()))
                .put("time", utc(registration.eventTime()))
                .put("operationName", text(registration.operationName()))
                .put("initiatedByUserPrincipalName", text(registration.initiatedByUserPrincipalName()))
                .put("deviceObjectId", text(registration.deviceObjectId()))
                .put("deviceId", text(registration.deviceId()))
                .put("deviceDisplayName", text(registration.deviceDisplayName()))
                .put("deviceOs", text(registration.deviceOs()))
                .put("deviceOsVersion", text(registration.deviceOsVersion()))
                .put("deviceTrustType", text(registration.deviceTrustType()))
                .put("userAgent", TextBounds.bound(registration.userAgent(), TextBounds.MAX_USER_AGENT))
                .put("correlationId", text(registration.correlationId()))
                .put("result", text(registration.result()));
    }

    /** Part {@code index} of the UPN split at '@', as Kusto's {@code split(...)[index]}; null when absent or empty. */
    private static String part(String[] parts, int index) {
        return index < parts.length && !parts[index].isEmpty() ? parts[index] : null;
    }

    private static String utc(long epochMillis) {
        return UTC_MILLIS.format(Instant.ofEpochMilli(epochMillis));
    }
}
