package org.dcwatch.udfs.parse;

import java.nio.charset.StandardCharsets;
import org.dcwatch.udfs.event.SourceFormat;

/**
 * Turns one message of Entra ID audit records ({@code AuditLogs}) only into device registrations, skips and dead
 * letters: for a stream or an export that holds nothing else, a Graph {@code directoryAudit} listing say.
 *
 * <p>The message is framed, checked and bounded by the one message reader, {@link SignInParser}, and each of its
 * records read by the {@link AuditRecordReader}; a sign-in is here a {@link DeadLetterReason#NOT_AN_AUDIT_LOG} dead
 * letter. The job reads the mixed stream with {@link SignInParser} itself, which hands its audit records to the same
 * record reader.
 *
 * <p>Not thread-safe: it reuses buffers from record to record. Give each parallel task its own.
 */
public final class AuditLogParser {

    private final SignInParser reader;

    /** A parser that detects the format of every record and needs every record to name its tenant. */
    public AuditLogParser() {
        this(null, null, DeadLetter.DEFAULT_RAW_LIMIT, SignInParser.DEFAULT_MAX_MESSAGE_BYTES);
    }

    /**
     * @param forcedFormat the format every record must have, or null to detect it per record
     * @param tenantWhenAbsent the tenant of records that name none: Graph's directoryAudit does not, and whoever reads
     *     it from Graph knows which tenant it asked; null to make such records dead letters
     * @param rawLimit how many bytes of raw text a dead letter keeps
     * @param maxMessageBytes larger messages become one dead letter without being parsed
     */
    public AuditLogParser(SourceFormat forcedFormat, String tenantWhenAbsent, int rawLimit, int maxMessageBytes) {
        if (forcedFormat == SourceFormat.ECS) {
            throw new IllegalArgumentException("audit records are read as eventhub, loganalytics or graph, not ecs");
        }
        this.reader = SignInParser.auditOnly(
                forcedFormat,
                tenantWhenAbsent == null || tenantWhenAbsent.isBlank() ? null : tenantWhenAbsent,
                rawLimit,
                maxMessageBytes);
    }

    public AuditParseResult parse(String message) {
        return parse(message.getBytes(StandardCharsets.UTF_8));
    }

    public AuditParseResult parse(byte[] message) {
        AuditParseResult result = new AuditParseResult();
        parse(message, result);
        return result;
    }

    /** Parses one message, handing each device registration, skip and dead letter to {@code out} as it is found. */
    public void parse(byte[] message, AuditOutput out) {
        reader.parseAuditRecords(message, out);
    }
}
