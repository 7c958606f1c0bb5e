package org.dcwatch.job.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Locale;
import org.dcwatch.udfs.alert.VisibilityRecord;
import org.dcwatch.udfs.classify.UserAgentKind;
import org.dcwatch.udfs.event.SignInEvent;

/**
 * A visibility record as one JSON line: first the columns of the seed 003 hunt under the hunt's names, so that its
 * KQL, workbooks and analysts read the output as they read the hunt's results; then dcwatch's own fields in camelCase.
 *
 * <p>Every key is always present ({@code null} when unknown), so consumers see one schema. {@code IsCompliant} and
 * {@code IsManagedDevice} are the strings {@code "true"} and {@code "false"}, as the hunt's {@code tostring()} projects
 * them. {@code followedBy} is null until something followed the sign-in (a device registration of the same user):
 * then the record is written again under the same {@code signInId}, noting it, and a consumer keeps the later one.
 */
public final class VisibilityJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Lower-cased once, as the SQL function {@code classify_user_agent} writes them. */
    private static final String[] USER_AGENT_KIND_NAMES = userAgentKindNames();

    private VisibilityJson() {}

    public static String toJson(VisibilityRecord record) {
        ObjectNode node = MAPPER.createObjectNode()
                .put("TimeGenerated", Instant.ofEpochMilli(record.eventTime()).toString())
                .put("UserPrincipalName", record.userPrincipalName())
                .put("AuthenticationProtocol", record.authenticationProtocol())
                .put("ResultSignature", record.resultSignature())
                .put("IPAddress", record.ipAddress())
                .put("Country", record.country())
                .put("AppDisplayName", record.appDisplayName())
                .put("ResourceDisplayName", record.resourceDisplayName())
                .put("IsCompliant", huntBoolean(record.compliant()))
                .put("IsManagedDevice", huntBoolean(record.managed()))
                .put("RiskLevelDuringSignIn", record.riskLevelDuringSignIn())
                .put("RiskLevelAggregated", record.riskLevelAggregated())
                .put("UserAgent", record.userAgent())
                .put("signInId", record.signInId())
                .put("tenantId", record.tenantId())
                .put("userKey", record.userKey())
                .put("sessionId", record.sessionId())
                .put("correlationId", record.correlationId())
                .put("appId", record.appId())
                .put("originalTransferMethod", record.originalTransferMethod())
                // -1 is dcwatch's marker for "no status in the record", not an Entra code
                .put("errorCode", record.errorCode() == SignInEvent.UNKNOWN_ERROR_CODE ? null : record.errorCode())
                .put(
                        "userAgentKind",
                        USER_AGENT_KIND_NAMES[record.userAgentKind().ordinal()])
                .put("triageScore", record.score());
        ArrayNode reasons = node.putArray("triageReasons");
        for (String reason : record.reasons()) {
            reasons.add(reason);
        }
        node.put("severity", record.severity().jsonName());
        node.put("followedBy", record.followedBy());
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String huntBoolean(Boolean value) {
        return value == null ? null : value.toString();
    }

    private static String[] userAgentKindNames() {
        UserAgentKind[] kinds = UserAgentKind.values();
        String[] names = new String[kinds.length];
        for (UserAgentKind kind : kinds) {
            names[kind.ordinal()] = kind.name().toLowerCase(Locale.ROOT);
        }
        return names;
    }
}
