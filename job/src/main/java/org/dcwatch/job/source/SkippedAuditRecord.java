package org.dcwatch.job.source;

/**
 * An audit record of the stream that is not a device registration: not an error (the audit log holds every directory
 * change), but counted, so that no record is lost without a trace.
 *
 * @param category the audit category ("Device", "UserManagement"...), or null when the record has none
 * @param operationName the operation, bounded by the parser
 */
public record SkippedAuditRecord(String category, String operationName) {}
