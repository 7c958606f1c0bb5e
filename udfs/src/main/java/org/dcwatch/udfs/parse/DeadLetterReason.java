package org.dcwatch.udfs.parse;

/**
 * Why a message, or one record in it, did not become a sign-in event or a device registration (or a tuning record did
 * not apply).
 */
public enum DeadLetterReason {
    EMPTY_MESSAGE("the message is empty or blank"),
    TOO_LARGE("the message is larger than the configured maximum"),
    INVALID_ENCODING("the message is not valid UTF-8"),
    MALFORMED_JSON("the message is not valid JSON"),
    TOO_DEEPLY_NESTED("the JSON nests deeper than any sign-in record does"),
    TRAILING_CONTENT("more JSON follows the first value of the message"),
    NOT_AN_OBJECT("the message is neither a JSON object nor an array of objects"),
    RECORDS_NOT_AN_ARRAY("the envelope's \"records\" is not an array"),
    RECORD_NOT_AN_OBJECT("an element of the records array is not a JSON object"),
    FORMAT_MISMATCH("the record is not in the format that was forced"),
    NO_TIME("the record has no createdDateTime (activityDateTime for an audit record) and no time"),
    UNPARSEABLE_TIME("the record's time is not a timestamp"),
    FUTURE_TIME("the record's event time is implausibly far ahead of its own ingestion time, of the stream or of the"
            + " clock; it would move event time for every tenant"),
    NO_CATEGORY("the record has no category and nothing that tells it"),
    NOT_A_SIGN_IN("the record's category is not a sign-in log"),
    NO_USER("a user sign-in without a user id or user principal name"),
    INVALID_FIELD("a field that must be a number is not one"),
    /** One dead letter for all those of a message beyond the ones written one by one; the detail counts them. */
    MORE_DEAD_LETTERS("the message held more dead letters than are written one by one; the detail counts the rest"),
    /** Not a sign-in at all: a line of the tuning stream that cannot be applied. */
    INVALID_TUNING("a tuning record that cannot be applied; the previous tuning stays in force"),
    // the audit log's (AuditRecordReader), after the others: the ordinals of existing reasons stay as they were
    NOT_AN_AUDIT_LOG("the audit record's category is not the audit log (AuditLogs)"),
    NO_OPERATION("an audit record without an operation name or activity display name"),
    NO_TENANT("a device registration without a tenant id"),
    NO_DEVICE("a device registration without a target device or without the device's object id");

    private final String description;

    DeadLetterReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
