package org.dcwatch.udfs.parse;

import java.time.Instant;
import java.util.Locale;
import org.dcwatch.udfs.event.IpAddresses;
import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.event.SourceFormat;
import org.dcwatch.udfs.event.TextBounds;

/**
 * The values kept from one record while it is read, and the rules that turn them into a {@link SignInEvent}.
 *
 * <p>Reused from record to record (call {@link #clear}). Values of the sign-in itself (Event Hub {@code properties})
 * win over the same names on the envelope around it. Within one level the last value wins, an empty or null one too
 * (the field is then absent): Jackson, jq and the SIEMs that read the same logs keep the last of a key given twice, and
 * a record forged with duplicate keys must read here as it reads there.
 */
final class RecordFields {

    private static final Field[] FIELDS = Field.values();
    /** What a {@link SignInHeader} needs, and what deciding whether a record is a sign-in reads. */
    private static final long HEADER_FIELDS = bits(
            Field.CREATED_TIME,
            Field.TIME,
            Field.CATEGORY,
            Field.SIGN_IN_EVENT_TYPE,
            Field.IS_INTERACTIVE,
            Field.USER_ID,
            Field.USER_PRINCIPAL_NAME,
            Field.ASN,
            Field.ERROR_CODE,
            Field.RESULT_TYPE,
            Field.AAD_TENANT_ID,
            Field.TENANT_ID,
            Field.RESOURCE_TENANT_ID,
            Field.HOME_TENANT_ID,
            Field.AUTHENTICATION_PROTOCOL,
            Field.ORIGINAL_TRANSFER_METHOD,
            Field.INCOMING_TOKEN_TYPE);

    /**
     * The longest value kept of each field ({@link TextBounds}): every text that an event carries on is bounded here,
     * where both the header and the full read pass, so that the two agree (a cut UPN keys the same user in both).
     * Times, numbers and flags are only parsed, never carried, and stay whole: a failure quotes a bounded excerpt.
     */
    private static final int[] MAX_LENGTH = maxLengths();

    /** How the id of a record without {@code id} begins ({@link DerivedIds}). */
    static final String DERIVED_ID_PREFIX = DerivedIds.PREFIX;

    private final String[] envelope = new String[FIELDS.length];
    private final String[] record = new String[FIELDS.length];
    /** Which entries of the two tables this record has set: clearing is two stores, not two array fills. */
    private long envelopeSet;

    private long recordSet;

    /** Keep only the {@link #HEADER_FIELDS}: the others are still read and checked by the scanner, not decoded. */
    boolean headerOnly;

    boolean sawProperties;
    boolean sawElastic;
    boolean sawPascalCase;
    /** A key we know whose value had the wrong JSON type, to explain a record that then fails. */
    String shapeProblem;

    /**
     * How far createdDateTime may be after the record's own time, in milliseconds; the parser sets it for each message
     * (Long.MAX_VALUE when re-reading a record it accepted already).
     */
    long maxTimeAhead = SignInParser.DEFAULT_MAX_TIME_AHEAD.toMillis();
    /** The latest event time the caller accepts for this message; Long.MAX_VALUE for any. */
    long notAfter = Long.MAX_VALUE;

    private final DerivedIds derivedIds = new DerivedIds();

    /** Why {@link #build} returned null. */
    DeadLetterReason failure;

    String failureDetail;
    /** The record's event time once known, so that a dead letter says it (and validate shows it). */
    private long timedAt = EntraTime.NOT_A_TIME;

    // what check() found, for build() and buildHeader()
    private SourceFormat format;
    private long ingestTime;
    private String category;
    private int asn;
    private int errorCode;

    static {
        if (FIELDS.length > Long.SIZE) throw new AssertionError("RecordFields tracks at most 64 fields in a long");
    }

    void clear() {
        envelopeSet = 0;
        recordSet = 0;
        sawProperties = false;
        sawElastic = false;
        sawPascalCase = false;
        shapeProblem = null;
        failure = null;
        failureDetail = null;
        timedAt = EntraTime.NOT_A_TIME;
    }

    /** Keeps the value, in place of an earlier one at this level; an empty or null value leaves the field absent. */
    void put(boolean recordLevel, Field field, String value) {
        long bit = 1L << field.ordinal();
        if (value == null || value.isEmpty()) {
            if (recordLevel) {
                recordSet &= ~bit;
            } else {
                envelopeSet &= ~bit;
            }
        } else if (recordLevel) {
            recordSet |= bit;
            record[field.ordinal()] = bounded(field, value);
        } else {
            envelopeSet |= bit;
            envelope[field.ordinal()] = bounded(field, value);
        }
    }

    /** False for what a header does not keep: such a value need not be decoded. */
    boolean wants(Field field) {
        return !headerOnly || (HEADER_FIELDS & (1L << field.ordinal())) != 0;
    }

    String get(Field field) {
        long bit = 1L << field.ordinal();
        if ((recordSet & bit) != 0) return record[field.ordinal()];
        return (envelopeSet & bit) != 0 ? envelope[field.ordinal()] : null;
    }

    SourceFormat detectedFormat() {
        if (sawElastic) return SourceFormat.ECS;
        if (sawProperties) return SourceFormat.EVENTHUB;
        if (sawPascalCase) return SourceFormat.LOGANALYTICS;
        return SourceFormat.GRAPH;
    }

    /**
     * The event of the record at {@code message[start..end)}, or null with {@link #failure} and {@link #failureDetail}
     * set.
     */
    SignInEvent build(SourceFormat forcedFormat, byte[] message, int start, int end) {
        if (!check(forcedFormat)) return null;
        boolean interactive = SignInEvent.INTERACTIVE.equals(category)
                || (!SignInEvent.NON_INTERACTIVE.equals(category)
                        && "true".equalsIgnoreCase(get(Field.IS_INTERACTIVE)));
        String displayName = get(Field.USER_DISPLAY_NAME);
        String id = get(Field.ID);
        return new SignInEvent(
                id != null && !id.isBlank() ? id : derivedIds.of(message, start, end),
                tenantId(),
                timedAt,
                ingestTime,
                category,
                interactive,
                get(Field.USER_ID),
                get(Field.USER_PRINCIPAL_NAME),
                displayName != null ? displayName : get(Field.IDENTITY),
                get(Field.SESSION_ID),
                get(Field.CORRELATION_ID),
                get(Field.APP_ID),
                get(Field.APP_DISPLAY_NAME),
                resourceId(),
                get(Field.RESOURCE_DISPLAY_NAME),
                // one text per address: the rules count sources by comparing it
                IpAddresses.canonical(firstOf(Field.IP_ADDRESS, Field.CALLER_IP_ADDRESS)),
                asn,
                get(Field.USER_AGENT),
                get(Field.AUTHENTICATION_PROTOCOL),
                get(Field.ORIGINAL_TRANSFER_METHOD),
                get(Field.INCOMING_TOKEN_TYPE),
                errorCode,
                get(Field.AUTHENTICATION_REQUIREMENT),
                get(Field.DEVICE_ID),
                get(Field.DEVICE_OS),
                get(Field.DEVICE_BROWSER),
                bool(get(Field.DEVICE_COMPLIANT)),
                bool(get(Field.DEVICE_MANAGED)),
                get(Field.DEVICE_TRUST_TYPE),
                firstOf(Field.COUNTRY, Field.LOCATION_CODE),
                get(Field.CITY),
                get(Field.RISK_LEVEL_DURING_SIGN_IN),
                get(Field.RISK_LEVEL_AGGREGATED),
                get(Field.RISK_STATE),
                get(Field.SIGN_IN_SESSION_STATUS),
                format);
    }

    /**
     * The header of record {@code index}, at {@code message[start..end)}, or null with {@link #failure} and
     * {@link #failureDetail} set: the same checks, and so the same failures, as {@link #build}.
     */
    SignInHeader buildHeader(SourceFormat forcedFormat, byte[] message, int start, int end, int index) {
        if (!check(forcedFormat)) return null;
        return new SignInHeader(
                message,
                start,
                end,
                index,
                format,
                timedAt,
                category,
                tenantId(),
                SignInEvent.userKey(get(Field.USER_ID), get(Field.USER_PRINCIPAL_NAME)),
                asn,
                errorCode,
                get(Field.AUTHENTICATION_PROTOCOL),
                get(Field.ORIGINAL_TRANSFER_METHOD),
                get(Field.INCOMING_TOKEN_TYPE));
    }

    /**
     * Whether the record is a sign-in: its format, time, category, user and numbers; false with {@link #failure} and
     * {@link #failureDetail} set. What it reads are {@link #HEADER_FIELDS}, and what it finds is kept for the builders.
     */
    private boolean check(SourceFormat forcedFormat) {
        format = detectedFormat();
        if (forcedFormat != null && forcedFormat != format) {
            return fail(
                    DeadLetterReason.FORMAT_MISMATCH,
                    "forced format " + forcedFormat.cliName() + " but the record looks like " + format.cliName());
        }

        String createdText = get(Field.CREATED_TIME);
        String timeText = get(Field.TIME);
        long created = EntraTime.parseMillis(createdText);
        long ingest = EntraTime.parseMillis(timeText);
        long eventTime = created != EntraTime.NOT_A_TIME ? created : ingest;
        if (eventTime == EntraTime.NOT_A_TIME) {
            if (createdText == null && timeText == null) {
                return fail(DeadLetterReason.NO_TIME, "neither createdDateTime nor time is present");
            }
            return fail(
                    DeadLetterReason.UNPARSEABLE_TIME,
                    "createdDateTime=" + quote(createdText) + ", time=" + quote(timeText));
        }
        // Azure writes time when it logs the sign-in, at or after createdDateTime: far ahead of it, createdDateTime is
        // a
        // wrong clock or a misread unit, and one such record would carry the watermark, and every tenant's windows,
        // into the future. The subtraction first, as it is all a normal record pays; it overflows only when one of
        // the two is NOT_A_TIME, which the other two tests then catch.
        if (created - ingest > maxTimeAhead && created != EntraTime.NOT_A_TIME && ingest != EntraTime.NOT_A_TIME) {
            return fail(
                    DeadLetterReason.FUTURE_TIME,
                    "createdDateTime " + Instant.ofEpochMilli(created) + " is "
                            + span(created - ingest) + " ahead of time " + Instant.ofEpochMilli(ingest) + " (at most "
                            + span(maxTimeAhead) + " allowed)");
        }
        if (eventTime > notAfter) {
            return fail(
                    DeadLetterReason.FUTURE_TIME,
                    (created != EntraTime.NOT_A_TIME ? "createdDateTime " : "time ")
                            + Instant.ofEpochMilli(eventTime) + " is after " + Instant.ofEpochMilli(notAfter)
                            + ", the latest time this stream makes plausible");
        }
        timedAt = eventTime;
        ingestTime = ingest == EntraTime.NOT_A_TIME ? 0L : ingest;

        category = category();
        if (category == null) {
            return fail(
                    DeadLetterReason.NO_CATEGORY, "no category, Type or signInEventTypes, and no isInteractive flag");
        }
        if (!isSignInCategory(category)) {
            return fail(DeadLetterReason.NOT_A_SIGN_IN, "category " + quote(category));
        }
        if (SignInEvent.isUserCategory(category)
                && get(Field.USER_ID) == null
                && get(Field.USER_PRINCIPAL_NAME) == null) {
            return fail(DeadLetterReason.NO_USER, category + " record without userId or userPrincipalName");
        }

        // an ASN that is absent or no ASN only blinds unseen-asn for this sign-in: the other rules still need it
        asn = asn(get(Field.ASN));
        try {
            errorCode = errorCode();
        } catch (NumberFormatException e) {
            return fail(DeadLetterReason.INVALID_FIELD, e.getMessage());
        }
        return true;
    }

    private String tenantId() {
        return firstOf(Field.AAD_TENANT_ID, Field.TENANT_ID, Field.RESOURCE_TENANT_ID, Field.HOME_TENANT_ID);
    }

    private boolean fail(DeadLetterReason reason, String detail) {
        failure = reason;
        StringBuilder text = new StringBuilder(detail);
        if (shapeProblem != null) text.append("; ").append(shapeProblem);
        if (timedAt != EntraTime.NOT_A_TIME) text.append("; event time ").append(Instant.ofEpochMilli(timedAt));
        failureDetail = text.toString();
        return false;
    }

    /** A positive duration as its non-zero units, "365d 6h", "5m" or "2s 500ms", for a dead letter's detail. */
    static String span(long millis) {
        long[] units = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
        String[] names = {"d", "h", "m", "s", "ms"};
        StringBuilder text = new StringBuilder();
        long rest = millis;
        for (int i = 0; i < units.length; i++) {
            long count = rest / units[i];
            rest %= units[i];
            if (count != 0) text.append(text.isEmpty() ? "" : " ").append(count).append(names[i]);
        }
        return text.isEmpty() ? "0ms" : text.toString();
    }

    private static String bounded(Field field, String value) {
        int limit = MAX_LENGTH[field.ordinal()];
        return value.length() <= limit ? value : TextBounds.bound(value, limit);
    }

    private static int[] maxLengths() {
        int[] limits = new int[FIELDS.length];
        for (Field field : FIELDS) {
            limits[field.ordinal()] = switch (field) {
                case USER_AGENT -> TextBounds.MAX_USER_AGENT;
                case CREATED_TIME,
                        TIME,
                        ASN,
                        ERROR_CODE,
                        RESULT_TYPE,
                        IS_INTERACTIVE,
                        DEVICE_COMPLIANT,
                        DEVICE_MANAGED -> Integer.MAX_VALUE;
                default -> TextBounds.MAX_TEXT;
            };
        }
        return limits;
    }

    private static long bits(Field... fields) {
        long bits = 0;
        for (Field field : fields) bits |= 1L << field.ordinal();
        return bits;
    }

    private static boolean isSignInCategory(String category) {
        return SignInEvent.isUserCategory(category)
                || category.toLowerCase(Locale.ROOT).contains("signin");
    }

    /** The category by its canonical Event Hub name; Log Analytics' table names and Graph's event types map onto it. */
    private String category() {
        String category = get(Field.CATEGORY);
        // the two categories of nearly every record, as Event Hubs spells them, without lower-casing them first
        if (SignInEvent.NON_INTERACTIVE.equals(category)) return SignInEvent.NON_INTERACTIVE;
        if (SignInEvent.INTERACTIVE.equals(category)) return SignInEvent.INTERACTIVE;
        if (category != null) {
            return switch (category.toLowerCase(Locale.ROOT)) {
                case "signinlogs" -> SignInEvent.INTERACTIVE;
                case "noninteractiveusersigninlogs", "aadnoninteractiveusersigninlogs" -> SignInEvent.NON_INTERACTIVE;
                case "serviceprincipalsigninlogs", "aadserviceprincipalsigninlogs" -> SignInEvent.SERVICE_PRINCIPAL;
                case "managedidentitysigninlogs", "aadmanagedidentitysigninlogs" -> SignInEvent.MANAGED_IDENTITY;
                default -> category;
            };
        }
        String eventType = get(Field.SIGN_IN_EVENT_TYPE);
        if (eventType != null) {
            return switch (eventType.toLowerCase(Locale.ROOT)) {
                case "interactiveuser" -> SignInEvent.INTERACTIVE;
                case "noninteractiveuser" -> SignInEvent.NON_INTERACTIVE;
                case "serviceprincipal" -> SignInEvent.SERVICE_PRINCIPAL;
                case "managedidentity" -> SignInEvent.MANAGED_IDENTITY;
                default -> eventType + "SignIn";
            };
        }
        String interactive = get(Field.IS_INTERACTIVE);
        if (interactive != null && (get(Field.USER_ID) != null || get(Field.USER_PRINCIPAL_NAME) != null)) {
            return "true".equalsIgnoreCase(interactive) ? SignInEvent.INTERACTIVE : SignInEvent.NON_INTERACTIVE;
        }
        return null;
    }

    private int errorCode() {
        String status = get(Field.ERROR_CODE);
        if (status != null) {
            return parseInt(status, "status.errorCode");
        }
        String resultType = get(Field.RESULT_TYPE);
        return resultType == null ? SignInEvent.UNKNOWN_ERROR_CODE : parseInt(resultType, "resultType");
    }

    /** Log Analytics and Graph name the resource application ResourceIdentity / resourceId; an ARM path is not it. */
    private String resourceId() {
        String identity = get(Field.RESOURCE_IDENTITY);
        if (identity != null) return identity;
        String id = get(Field.RESOURCE_ID);
        return id == null || id.startsWith("/") ? null : id;
    }

    private String firstOf(Field... fields) {
        for (Field field : fields) {
            String value = get(field);
            if (value != null) return value;
        }
        return null;
    }

    /**
     * The ASN as the bits of a 32-bit unsigned number (ASNs run to 4294967295, past an int), or {@link SignInEvent#NO_ASN}
     * for anything that is not 1..4294967295 ("unknown", negative, 0, too large, not a number): such a record is still
     * a sign-in, whose ASN is unknown. Digits after an optional "AS", and a whole number written with a fraction.
     */
    static int asn(String text) {
        if (text == null) return SignInEvent.NO_ASN;
        int from = text.regionMatches(true, 0, "AS", 0, 2) ? 2 : 0;
        int plain = plainNumber(text, from);
        if (plain >= 0) return plain;
        String digits = text.substring(from).strip();
        int point = digits.indexOf('.');
        if (point >= 0) {
            for (int i = point + 1; i < digits.length(); i++) {
                if (digits.charAt(i) != '0') return SignInEvent.NO_ASN;
            }
            digits = digits.substring(0, point);
        }
        if (digits.isEmpty() || digits.length() > 10) return SignInEvent.NO_ASN;
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            char ch = digits.charAt(i);
            if (ch < '0' || ch > '9') return SignInEvent.NO_ASN;
            value = value * 10 + (ch - '0');
        }
        return value > 0xFFFF_FFFFL ? SignInEvent.NO_ASN : (int) value;
    }

    private static int parseInt(String text, String name) {
        int plain = plainNumber(text, 0);
        if (plain >= 0) return plain;
        String trimmed = text.strip();
        try {
            if (trimmed.indexOf('.') >= 0) {
                double value = Double.parseDouble(trimmed);
                if (value == Math.rint(value) && Math.abs(value) <= Integer.MAX_VALUE) return (int) value;
                throw new NumberFormatException();
            }
            return Integer.parseInt(trimmed);
        } catch (NumberFormatException e) {
            throw new NumberFormatException(name + " is not a whole number: " + quote(text));
        }
    }

    /**
     * The text from {@code from} on as a number if it is one to nine ASCII digits and nothing else (what nearly every
     * record has), else -1 for {@link #parseInt} to read or explain.
     */
    private static int plainNumber(String text, int from) {
        int length = text.length();
        if (length <= from || length - from > 9) return -1;
        int value = 0;
        for (int i = from; i < length; i++) {
            char ch = text.charAt(i);
            if (ch < '0' || ch > '9') return -1;
            value = value * 10 + (ch - '0');
        }
        return value;
    }

    private static Boolean bool(String text) {
        if (text == null) return null;
        if ("true".equalsIgnoreCase(text)) return Boolean.TRUE;
        if ("false".equalsIgnoreCase(text)) return Boolean.FALSE;
        return null;
    }

    private static String quote(String text) {
        if (text == null) return "absent";
        String shown = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        return '"' + shown + '"';
    }
}
