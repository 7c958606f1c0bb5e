package org.dcwatch.job.tuning;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.dcwatch.job.config.ConfigurationException;
import org.dcwatch.job.config.Durations;
import org.dcwatch.udfs.classify.TriageScore;
import org.dcwatch.udfs.rules.RuleCatalogue;
import org.dcwatch.udfs.rules.Severity;

/**
 * One line of the tenant baseline and tuning stream (docs/tuning.md), parsed and checked.
 *
 * <p>Three types: {@code rule} (parameters of one rule), {@code allowlist} (sign-ins a rule must not alert on) and
 * {@code knownAsn} (an autonomous system the tenant knows: corporate egress, VPN, cloud desktops). Each has a key;
 * of several records with one key the highest {@code version} wins, and {@code "deleted": true} removes the key.
 *
 * @param key {@code type/tenant/name}, e.g. {@code allowlist/*&#47;azure-cli-admins}
 * @param json the record as it arrived: what broadcast state keeps, so that the state's format is this documented one
 */
public record TuningRecord(
        String key, String type, String tenant, long version, boolean deleted, JsonNode body, String json) {

    public static final String RULE = "rule";
    public static final String ALLOWLIST = "allowlist";
    public static final String KNOWN_ASN = "knownAsn";
    /** The tenant of records that apply to every tenant. */
    public static final String ALL_TENANTS = "*";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final java.time.Duration MAX_DURATION = java.time.Duration.ofDays(3650);
    // Instants a record may name. Operators hold them as epoch milliseconds, which end in the year 292,278,994 while
    // ISO-8601 goes on to 1,000,000,000; no allowlist or known ASN needs a date outside these years.
    private static final Instant EARLIEST_INSTANT = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant END_OF_LATEST_YEAR = Instant.parse("+10000-01-01T00:00:00Z");

    private static final Pattern GUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /**
     * Shortest prefixes of an allowlist's ranges. A /8 is the largest block an organisation holds in IPv4 (and the
     * private 10.0.0.0/8), a /32 what a registry allocates to a provider or a large organisation in IPv6; anything
     * broader reaches into other organisations' addresses, and a /0 silences every sign-in of its family.
     */
    static final int MIN_IPV4_PREFIX = 8;

    static final int MIN_IPV6_PREFIX = 32;
    /**
     * Fewest letters and digits in a user-agent pattern: one of stars and punctuation ({@code *}, {@code *\/*})
     * names no client and would match the attacker's poller as well as any tool.
     */
    static final int MIN_PATTERN_LETTERS_OR_DIGITS = 3;

    /** The longest an allowlist is in force. */
    static final java.time.Duration ALLOWLIST_LIFETIME = java.time.Duration.ofDays(90);

    /** Most sign-ins a count of a session rule may ask for: as many as a session keeps. */
    static final int MAX_COUNT = 50;

    private static final java.time.Duration MIN_WINDOW = java.time.Duration.ofMinutes(1);
    private static final java.time.Duration MAX_WINDOW = java.time.Duration.ofDays(1);

    /**
     * The parameters of {@code concurrent-interactive-noninteractive} that its CEP pattern is compiled from when the job
     * starts (ConcurrentSignInPattern): one pattern for every tenant, from the start-up tuning's all-tenant record.
     * A tenant's record cannot set them; an all-tenant record that arrives while the job runs sets them only from
     * the job's next submission ({@link CheckTuningRecords} says so). The rule's other parameters are live. A rule
     * record names one rule ("*" is for allowlists only), so session-multi-source's parameters of the same names are
     * untouched.
     */
    public static final List<String> PATTERN_FIELDS =
            List.of("window", "minInteractive", "minNonInteractive", "minDistinctIps", "minDistinctUserAgents");

    /** Why the pattern's parameters are not live, for the messages that refuse or defer them. */
    static final String PATTERN_COMPILED_AT_START = "the rule's CEP pattern is compiled when the job starts, for"
            + " every tenant, from the all-tenant (\"tenant\": \"*\") record of the start-up tuning (--tuning, and"
            + " on Kafka the tuning topic as it stands then)";

    /**
     * What a rule record for {@code device-code-broker-client} may set: the rule has no thresholds or windows, and a
     * field it would ignore must not let a tenant believe the rule tuned.
     */
    static final Set<String> BROKER_CLIENT_FIELDS =
            Set.of("rule", "enabled", "severity", "riskScore", "suppression", "comment");

    /**
     * What a rule record of a device-registration chain rule may set: no thresholds, and a window (all-tenant only: it is
     * compiled into the chain's CEP patterns when the job starts, as {@link #PATTERN_FIELDS} are).
     */
    static final Set<String> DEVICE_CHAIN_FIELDS =
            Set.of("rule", "enabled", "window", "severity", "riskScore", "suppression", "comment");

    /** What a rule of fewer parameters than the session rules may set, and what it lacks, for the refusal's message. */
    private record FieldsOfRule(Set<String> fields, String lacks) {}

    private static final FieldsOfRule DEVICE_CHAIN = new FieldsOfRule(
            DEVICE_CHAIN_FIELDS, "thresholds: its record may set enabled, window, severity, riskScore and suppression");

    /** The rules whose records may set only some of {@link #RULE_FIELDS}: a field they would ignore is refused. */
    private static final Map<String, FieldsOfRule> FIELDS_OF_RULE = Map.of(
            RuleCatalogue.DEVICE_CODE_BROKER_CLIENT,
            new FieldsOfRule(
                    BROKER_CLIENT_FIELDS,
                    "thresholds or windows: its record may set enabled, severity, riskScore and suppression"),
            RuleCatalogue.DEVICE_CODE_DEVICE_REGISTRATION,
            DEVICE_CHAIN,
            RuleCatalogue.DEVICE_REGISTRATION_PRT_USE,
            DEVICE_CHAIN);

    /**
     * The rules whose allowlists must name users or CIDRs: their evidence is mostly the victim's own browser, which
     * passes every user-agent pattern, and the attacker picks the app; only who signed in, or from where, tells an
     * enrolment from a phish. An all-rules allowlist of app ids and user agents does not silence them ({@link
     * Allowlist}).
     */
    public static final Set<String> ALLOWLISTED_BY_WHO_OR_WHERE = Set.of(
            RuleCatalogue.DEVICE_CODE_BROKER_CLIENT,
            RuleCatalogue.DEVICE_CODE_DEVICE_REGISTRATION,
            RuleCatalogue.DEVICE_REGISTRATION_PRT_USE);

    /**
     * The chain's shortest window: Microsoft reports devices registered within ten minutes of the phish, and a shorter
     * window would let a tuning record silence the rule without turning it off.
     */
    private static final java.time.Duration MIN_CHAIN_WINDOW = java.time.Duration.ofMinutes(10);

    private static final Set<String> COMMON = Set.of("type", "tenant", "version", "deleted");
    private static final Set<String> RULE_FIELDS = Set.of(
            "rule",
            "enabled",
            "window",
            "minEvents",
            "minDeviceCodeProtocolEvents",
            "minInteractive",
            "minNonInteractive",
            "minDistinctIps",
            "minDistinctUserAgents",
            "lookback",
            "recentExclusion",
            "severity",
            "riskScore",
            "suppression",
            "scoreThreshold",
            "comment");
    private static final Set<String> ALLOWLIST_FIELDS = Set.of(
            "id",
            "rule",
            "appIds",
            "userAgentPatterns",
            "users",
            "cidrs",
            "reason",
            "owner",
            "since",
            "expires",
            "comment");
    private static final Set<String> KNOWN_ASN_FIELDS = Set.of("asn", "name", "since", "expires", "comment");

    /** Parses and checks one record; the exception's message says what to fix. */
    public static TuningRecord parse(String json) throws InvalidTuningException {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidTuningException("not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) throw new InvalidTuningException("a tuning record is a JSON object");
        String type = text(node, "type");
        if (type == null) throw new InvalidTuningException("\"type\" is required: rule, allowlist or knownAsn");
        String tenant = node.has("tenant") ? tenant(node) : ALL_TENANTS;
        long version = node.has("version") ? wholeNumber(node, "version", 0, Long.MAX_VALUE) : 0;
        if (node.has("deleted") && !node.get("deleted").isBoolean()) {
            throw new InvalidTuningException("\"deleted\" must be true or false");
        }
        boolean deleted = node.path("deleted").asBoolean(false);
        String name = switch (type) {
            case RULE -> checkRule(node, tenant);
            case ALLOWLIST -> checkAllowlist(node, deleted);
            case KNOWN_ASN -> checkKnownAsn(node, deleted);
            default -> throw new InvalidTuningException("unknown type '" + type + "': use rule, allowlist or knownAsn");
        };
        return new TuningRecord(
                type + "/" + tenant + "/" + name, type, tenant, version, deleted, node, node.toString());
    }

    /**
     * The record's tenant in lower case. Entra writes tenant ids as GUIDs, and a GUID's case carries no meaning: a
     * record for "7F1E..." must tune the tenant whose sign-ins say "7f1e...". Anything else is refused, as it could
     * only ever tune no tenant.
     */
    private static String tenant(JsonNode node) throws InvalidTuningException {
        String tenant = text(node, "tenant");
        if (tenant != null
                && (tenant.equals(ALL_TENANTS) || GUID.matcher(tenant).matches())) {
            return tenant.toLowerCase(Locale.ROOT);
        }
        throw new InvalidTuningException("\"tenant\" must be a tenant id (a GUID such as "
                + "7f1e5a0c-3b7d-4c61-9a55-2f0e6d1c9b10) or \"*\" for every tenant");
    }

    private static String checkRule(JsonNode node, String tenant) throws InvalidTuningException {
        onlyKnownFields(node, RULE_FIELDS);
        String rule = ruleId(node, false);
        if (rule.equals(RuleCatalogue.CONCURRENT_INTERACTIVE_NONINTERACTIVE) && !tenant.equals(ALL_TENANTS)) {
            for (String field : PATTERN_FIELDS) {
                if (node.has(field)) {
                    // accepted, it would be ignored: the tenant would believe the rule tuned
                    throw new InvalidTuningException("\"" + field + "\" of " + rule + " cannot be set for one tenant: "
                            + PATTERN_COMPILED_AT_START + "; a tenant's record may set enabled, severity, riskScore"
                            + " and suppression");
                }
            }
        }
        FieldsOfRule fieldsOfRule = FIELDS_OF_RULE.get(rule);
        if (fieldsOfRule != null) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String field = names.next();
                if (!fieldsOfRule.fields().contains(field) && !COMMON.contains(field)) {
                    throw new InvalidTuningException(
                            "\"" + field + "\" does not apply to " + rule + ", which has no " + fieldsOfRule.lacks());
                }
            }
        }
        if (RuleParameters.isDeviceChain(rule)) {
            if (node.has("window") && !tenant.equals(ALL_TENANTS)) {
                throw new InvalidTuningException("\"window\" of " + rule + " cannot be set for one tenant: the"
                        + " device-registration chain's CEP patterns are compiled when the job starts, for every"
                        + " tenant, from the all-tenant (\"tenant\": \"*\") record of the start-up tuning");
            }
            if (node.has("window") && duration(node, "window").compareTo(MIN_CHAIN_WINDOW) < 0) {
                throw new InvalidTuningException("\"window\" of " + rule + " must be from 10m to 1d, such as 1h:"
                        + " devices are registered within minutes of the phish, and a shorter window would miss them");
            }
        }
        if (node.has("enabled") && !node.get("enabled").isBoolean()) {
            throw new InvalidTuningException("\"enabled\" must be true or false");
        }
        for (String field : new String[] {"window", "lookback", "recentExclusion", "suppression"}) {
            if (node.has(field)) duration(node, field);
        }
        // a window too short to hold a device code flow's sign-ins would turn the session rules off unseen
        if (node.has("window")
                && (duration(node, "window").compareTo(MIN_WINDOW) < 0
                        || duration(node, "window").compareTo(MAX_WINDOW) > 0)) {
            throw new InvalidTuningException("\"window\" must be from 1m to 1d, such as 9m");
        }
        // Counts beyond what a session keeps (the session rule judges at most 64 sign-ins, an alert shows 50)
        // could never be reached: the rule would be off without counting as disabled.
        for (String field : new String[] {"minEvents", "minInteractive", "minNonInteractive"}) {
            if (node.has(field)) wholeNumber(node, field, 1, MAX_COUNT);
        }
        for (String field : new String[] {"minDeviceCodeProtocolEvents", "minDistinctIps", "minDistinctUserAgents"}) {
            if (node.has(field)) wholeNumber(node, field, 0, MAX_COUNT);
        }
        if (node.has("scoreThreshold")) wholeNumber(node, "scoreThreshold", 0, TriageScore.MAX_SCORE);
        if (node.has("riskScore")) wholeNumber(node, "riskScore", 0, 100);
        if (node.has("severity")) severity(node);
        // what the record sets must agree with itself; with the records it is layered over, Tuning checks it again
        String contradiction = RuleParameters.contradiction(
                node.has("minDistinctIps") ? node.get("minDistinctIps").asInt() : 1,
                node.has("minDistinctUserAgents")
                        ? node.get("minDistinctUserAgents").asInt()
                        : 1,
                node.has("lookback") ? duration(node, "lookback") : MAX_DURATION,
                node.has("recentExclusion") ? duration(node, "recentExclusion") : java.time.Duration.ZERO);
        if (contradiction != null) throw new InvalidTuningException(contradiction);
        return rule;
    }

    private static String checkAllowlist(JsonNode node, boolean deleted) throws InvalidTuningException {
        onlyKnownFields(node, ALLOWLIST_FIELDS);
        String id = text(node, "id");
        if (id == null) throw new InvalidTuningException("an allowlist needs an \"id\"");
        if (deleted) return id;
        ruleId(node, true);
        int criteria = 0;
        // addresses the ranges cover, per family: many ranges each within the bound must not add up to everything
        BigInteger ipv4Addresses = BigInteger.ZERO;
        BigInteger ipv6Addresses = BigInteger.ZERO;
        for (String field : new String[] {"appIds", "userAgentPatterns", "users", "cidrs"}) {
            if (node.has(field)) {
                JsonNode list = node.get(field);
                if (!list.isArray() || list.isEmpty()) {
                    throw new InvalidTuningException("\"" + field + "\" must be a non-empty array of strings");
                }
                for (JsonNode item : list) {
                    if (!item.isTextual() || item.asText().isBlank()) {
                        throw new InvalidTuningException("\"" + field + "\" must be a non-empty array of strings");
                    }
                    if (field.equals("cidrs")) {
                        Cidr cidr;
                        try {
                            cidr = Cidr.parse(item.asText());
                        } catch (IllegalArgumentException e) {
                            throw new InvalidTuningException("\"cidrs\": " + e.getMessage());
                        }
                        int shortest = cidr.isIpv4() ? MIN_IPV4_PREFIX : MIN_IPV6_PREFIX;
                        if (cidr.prefixLength() < shortest) {
                            throw new InvalidTuningException("\"cidrs\": '"
                                    + item.asText().strip() + "' is too broad: an " + (cidr.isIpv4() ? "IPv4" : "IPv6")
                                    + " range needs a prefix of at least /" + shortest);
                        }
                        BigInteger addresses =
                                BigInteger.ONE.shiftLeft((cidr.isIpv4() ? 32 : 128) - cidr.prefixLength());
                        if (cidr.isIpv4()) {
                            ipv4Addresses = ipv4Addresses.add(addresses);
                        } else {
                            ipv6Addresses = ipv6Addresses.add(addresses);
                        }
                        if (ipv4Addresses.compareTo(BigInteger.ONE.shiftLeft(32 - MIN_IPV4_PREFIX)) > 0
                                || ipv6Addresses.compareTo(BigInteger.ONE.shiftLeft(128 - MIN_IPV6_PREFIX)) > 0) {
                            throw new InvalidTuningException(
                                    "\"cidrs\": the ranges together cover more addresses than one /"
                                            + (cidr.isIpv4()
                                                    ? MIN_IPV4_PREFIX + " of IPv4"
                                                    : MIN_IPV6_PREFIX + " of IPv6")
                                            + ": list only the organisation's own ranges");
                        }
                    } else if (field.equals("userAgentPatterns")) {
                        String pattern = item.asText().strip();
                        try {
                            UserAgentGlob.compile(pattern);
                        } catch (IllegalArgumentException e) {
                            throw new InvalidTuningException("\"userAgentPatterns\": " + e.getMessage());
                        }
                        if (pattern.codePoints()
                                        .filter(Character::isLetterOrDigit)
                                        .count()
                                < MIN_PATTERN_LETTERS_OR_DIGITS) {
                            throw new InvalidTuningException("\"userAgentPatterns\": '" + pattern + "' would match any "
                                    + "client: a pattern needs at least " + MIN_PATTERN_LETTERS_OR_DIGITS
                                    + " letters or digits of the client's user agent, such as AZURECLI/*");
                        }
                    }
                }
                criteria++;
            }
        }
        if (criteria == 0) {
            throw new InvalidTuningException(
                    "an allowlist needs at least one of appIds, userAgentPatterns, users, cidrs");
        }
        // The client of a device code flow picks its app id and its user agent, the attacker's poller too: either one
        // alone would let anyone who uses that app, or sends such a user agent, phish unseen. Together they describe
        // a tool (Azure CLI's app with Azure CLI's client), and users and IP ranges are not the client's to choose.
        if (!node.has("users") && !node.has("cidrs") && node.has("appIds") != node.has("userAgentPatterns")) {
            String named = node.has("appIds") ? "appIds" : "userAgentPatterns";
            String other = node.has("appIds") ? "userAgentPatterns" : "appIds";
            throw new InvalidTuningException("an allowlist of \"" + named + "\" alone would silence any client that "
                    + "claims them, an attacker's too: add \"" + other + "\", \"users\" or \"cidrs\"");
        }
        // see ALLOWLISTED_BY_WHO_OR_WHERE
        String allowlisted = text(node, "rule");
        if (allowlisted != null
                && ALLOWLISTED_BY_WHO_OR_WHERE.contains(allowlisted)
                && !node.has("users")
                && !node.has("cidrs")) {
            throw new InvalidTuningException("an allowlist for " + allowlisted + " needs"
                    + " \"users\" or \"cidrs\" (such as the onboarding subnet): its alerts are about the app the"
                    + " attacker picks, and the victim's browser matches any user-agent pattern");
        }
        if (text(node, "reason") == null || text(node, "owner") == null) {
            throw new InvalidTuningException(
                    "an allowlist needs a \"reason\" and an \"owner\", so that it can be reviewed");
        }
        allowlistLifetime(node);
        return id;
    }

    /**
     * When an allowlist is in force, {@code [since, expires)} in event time: at most {@link #ALLOWLIST_LIFETIME}, so
     * that an allowlist nobody renews (its reason gone, or written by someone who should not have) ends on its own.
     * Taken from the record alone, never from when it arrived, so that a replay silences what the live run silenced.
     * A record gives {@code since} (it then expires the maximum later), {@code expires} (it is then in force the
     * maximum before), or both.
     *
     * @return {since, expires}, epoch milliseconds
     */
    static long[] allowlistLifetime(JsonNode node) throws InvalidTuningException {
        if (!node.has("since") && !node.has("expires")) {
            throw new InvalidTuningException("an allowlist needs \"since\" (it then expires "
                    + ALLOWLIST_LIFETIME.toDays() + " days later) or \"expires\", as an ISO-8601 instant");
        }
        Instant since = node.has("since") ? instant(node, "since") : null;
        Instant expires = node.has("expires") ? instant(node, "expires") : null;
        if (since == null) since = expires.minus(ALLOWLIST_LIFETIME);
        if (expires == null) expires = since.plus(ALLOWLIST_LIFETIME);
        if (!expires.isAfter(since)) throw new InvalidTuningException("\"expires\" must be after \"since\"");
        if (expires.isAfter(since.plus(ALLOWLIST_LIFETIME))) {
            throw new InvalidTuningException("\"expires\" must be at most " + ALLOWLIST_LIFETIME.toDays()
                    + " days after \"since\": renew an allowlist with a new record and version when it ends");
        }
        return new long[] {since.toEpochMilli(), expires.toEpochMilli()};
    }

    private static String checkKnownAsn(JsonNode node, boolean deleted) throws InvalidTuningException {
        onlyKnownFields(node, KNOWN_ASN_FIELDS);
        // ASNs are 32-bit unsigned (RFC 6793); the event keeps the number's bits in an int
        long asn = wholeNumber(node, "asn", 1, 0xFFFF_FFFFL);
        if (!deleted) {
            if (!node.has("expires") && !node.has("since")) {
                throw new InvalidTuningException(
                        "a knownAsn needs \"expires\", or \"since\" (it then expires 30 days later), as an ISO-8601 instant");
            }
            if (node.has("since")) instant(node, "since");
            if (node.has("expires")) instant(node, "expires");
        }
        return Long.toString(asn);
    }

    private static void onlyKnownFields(JsonNode node, Set<String> allowed) throws InvalidTuningException {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name) && !COMMON.contains(name)) {
                throw new InvalidTuningException("unknown field \"" + name + "\" for type "
                        + node.get("type").asText());
            }
        }
    }

    private static String ruleId(JsonNode node, boolean allRulesAllowed) throws InvalidTuningException {
        String rule = text(node, "rule");
        if (rule == null) throw new InvalidTuningException("\"rule\" is required");
        if (allRulesAllowed && rule.equals("*")) return rule;
        try {
            RuleCatalogue.get(rule);
        } catch (IllegalArgumentException e) {
            throw new InvalidTuningException("\"rule\": " + e.getMessage());
        }
        return rule;
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank()
                ? value.asText().strip()
                : null;
    }

    static long wholeNumber(JsonNode node, String field, long min, long max) throws InvalidTuningException {
        JsonNode value = node.get(field);
        if (value == null
                || !value.canConvertToLong()
                || !value.isIntegralNumber()
                || value.asLong() < min
                || value.asLong() > max) {
            throw new InvalidTuningException("\"" + field + "\" must be a whole number from " + min + " to " + max);
        }
        return value.asLong();
    }

    static java.time.Duration duration(JsonNode node, String field) throws InvalidTuningException {
        String text = text(node, field);
        if (text == null)
            throw new InvalidTuningException("\"" + field + "\" must be a duration such as 9m, 1h or 30d");
        java.time.Duration duration;
        try {
            duration = Durations.parse("\"" + field + "\"", text);
        } catch (ConfigurationException e) {
            throw new InvalidTuningException(e.getMessage());
        }
        // a record is kept in checkpointed state: one that breaks an operator would break it after every restart
        if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
            throw new InvalidTuningException(
                    "\"" + field + "\" must be a positive duration up to 3650d such as 9m, 1h or 30d");
        }
        return duration;
    }

    static Instant instant(JsonNode node, String field) throws InvalidTuningException {
        String text = text(node, field);
        Instant instant;
        try {
            instant = Instant.parse(text == null ? "" : text);
        } catch (DateTimeParseException e) {
            throw new InvalidTuningException(
                    "\"" + field + "\" must be an ISO-8601 instant such as 2026-12-31T00:00:00Z");
        }
        // a record is kept in checkpointed state: one that breaks an operator would break it after every restart
        if (instant.isBefore(EARLIEST_INSTANT) || !instant.isBefore(END_OF_LATEST_YEAR)) {
            throw new InvalidTuningException(
                    "\"" + field + "\" must be an instant in the years 2000 to 9999 such as 2026-12-31T00:00:00Z");
        }
        return instant;
    }

    static Severity severity(JsonNode node) throws InvalidTuningException {
        try {
            return Severity.fromJsonName(text(node, "severity"));
        } catch (IllegalArgumentException e) {
            throw new InvalidTuningException("\"severity\": " + e.getMessage());
        }
    }
}
