package org.dcwatch.job.tuning;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dcwatch.udfs.alert.Alert;

/**
 * The tuning in force: rule parameters, allowlists and tenant-known ASNs, read from the current tuning records.
 *
 * <p>An operator builds one from its broadcast state after each update and after a restore, and keeps it in a
 * transient field: records are few and change rarely, events are many. Immutable once built.
 */
public final class Tuning {

    private static final Duration KNOWN_ASN_DEFAULT_LIFETIME = Duration.ofDays(30);
    private static final String UNREADABLE = "its parameters could not be read";

    /** rule id -> tenant ("*" first) -> the record's body. */
    private final Map<String, Map<String, JsonNode>> ruleOverrides = new HashMap<>();
    /** tenant ("*" included) -> ASN -> expiry, epoch millis. */
    private final Map<String, Map<Long, Long>> knownAsns = new HashMap<>();

    private final List<Allowlist> allowlists = new ArrayList<>();
    /** rule -> tenant (or null) -> parameters, worked out once: asked for with every sign-in, without a new string. */
    private final Map<String, Map<String, RuleParameters>> parameterCache = new HashMap<>();

    /** The records kept but not in force, each with why. */
    private final List<String> notApplied = new ArrayList<>();

    private Tuning(Collection<TuningRecord> records, List<String> unreadable) {
        notApplied.addAll(unreadable);
        for (TuningRecord record : records) {
            if (record.deleted()) continue;
            try {
                add(record);
            } catch (InvalidTuningException | RuntimeException e) {
                // one record must not take the others down, nor fail the operator after every restart
                notApplied.add(record.key() + ": " + e.getMessage());
            }
        }
        leaveOutContradictions();
    }

    /**
     * Leaves out the rule records that contradict what they are layered over. Each record passed the check alone, but
     * two can combine into a contradiction (an all-tenant {@code minDistinctIps: 0} under a tenant's
     * {@code minDistinctUserAgents: 0}, a {@code recentExclusion} beyond the other record's {@code lookback}).
     * Checked here, once per update, rather than where parameters are asked for with every event: the tenant keeps
     * the parameters of every tenant (or the defaults), and the record is logged and counted as not in force.
     */
    private void leaveOutContradictions() {
        for (Map.Entry<String, Map<String, JsonNode>> rule : ruleOverrides.entrySet()) {
            Map<String, JsonNode> byTenant = rule.getValue();
            RuleParameters defaults = RuleParameters.defaults(rule.getKey());
            RuleParameters allTenants = layered(defaults, byTenant.get(TuningRecord.ALL_TENANTS));
            String contradiction = allTenants == null ? UNREADABLE : allTenants.contradiction();
            if (contradiction != null) {
                byTenant.remove(TuningRecord.ALL_TENANTS);
                notApplied.add(
                        ruleKey(rule.getKey(), TuningRecord.ALL_TENANTS) + ": with the defaults, " + contradiction);
                allTenants = defaults;
            }
            for (var tenants = byTenant.entrySet().iterator(); tenants.hasNext(); ) {
                Map.Entry<String, JsonNode> tenant = tenants.next();
                if (tenant.getKey().equals(TuningRecord.ALL_TENANTS)) continue;
                RuleParameters tenantParameters = layered(allTenants, tenant.getValue());
                contradiction = tenantParameters == null ? UNREADABLE : tenantParameters.contradiction();
                if (contradiction != null) {
                    tenants.remove();
                    notApplied.add(ruleKey(rule.getKey(), tenant.getKey()) + ": with the record for every tenant, "
                            + contradiction);
                }
            }
        }
    }

    private static String ruleKey(String rule, String tenant) {
        return TuningRecord.RULE + "/" + tenant + "/" + rule;
    }

    /** The parameters layered, or null if they cannot be read (never: add() read every record in force). */
    private static RuleParameters layered(RuleParameters base, JsonNode overrides) {
        try {
            return apply(base, overrides);
        } catch (InvalidTuningException | RuntimeException e) {
            return null; // the constructor runs in operators: leave the record out rather than fail them
        }
    }

    /** Puts a record in force, or throws before changing anything. */
    private void add(TuningRecord record) throws InvalidTuningException {
        JsonNode body = record.body();
        switch (record.type()) {
            case TuningRecord.RULE -> {
                String rule = TuningRecord.text(body, "rule");
                // parameters are layered lazily, on a rule's first use: read them once now, where a failure costs
                // this record only
                apply(RuleParameters.defaults(rule), body);
                ruleOverrides.computeIfAbsent(rule, r -> new HashMap<>()).put(record.tenant(), body);
            }
            case TuningRecord.ALLOWLIST -> allowlists.add(Allowlist.of(record));
            case TuningRecord.KNOWN_ASN -> {
                long expiry = knownAsnExpiry(body);
                knownAsns
                        .computeIfAbsent(record.tenant(), tenant -> new HashMap<>())
                        .put(body.get("asn").asLong(), expiry);
            }
            default -> throw new InvalidTuningException("unknown type " + record.type());
        }
    }

    /** No records: every rule on its defaults, nothing allowlisted, no known ASNs. */
    public static Tuning defaults() {
        return merge(List.of(), List.of());
    }

    /**
     * The tuning of the given records, later ones over earlier ones with the same key where their version is not
     * lower. The records were checked when they arrived ({@link TuningRecord#parse}); one that no longer passes the
     * check (kept in state by an earlier version of dcwatch) or cannot be applied is left out, and the rest are in
     * force: see {@link #notApplied()}.
     */
    public static Tuning merge(Collection<String> initial, Collection<String> updates) {
        Map<String, TuningRecord> current = new LinkedHashMap<>();
        List<String> unreadable = new ArrayList<>();
        for (Collection<String> source : List.of(initial, updates)) {
            for (String json : source) {
                TuningRecord record;
                try {
                    record = TuningRecord.parse(json);
                } catch (InvalidTuningException | RuntimeException e) {
                    unreadable.add(excerpt(json) + ": " + e.getMessage());
                    continue;
                }
                TuningRecord existing = current.get(record.key());
                if (existing == null || record.version() >= existing.version()) {
                    current.put(record.key(), record);
                }
            }
        }
        return new Tuning(current.values(), unreadable);
    }

    /** The records given that are not in force, each named (by key, or by its start) with the reason. */
    public List<String> notApplied() {
        return List.copyOf(notApplied);
    }

    /** The parameters of a rule for a tenant: the defaults, then the records for all tenants, then the tenant's. */
    public RuleParameters parameters(String ruleId, String tenantId) {
        Map<String, RuleParameters> byTenant = parameterCache.computeIfAbsent(ruleId, rule -> new HashMap<>());
        RuleParameters known = byTenant.get(tenantId);
        if (known != null) return known;
        RuleParameters parameters = RuleParameters.defaults(ruleId);
        Map<String, JsonNode> overrides = ruleOverrides.getOrDefault(ruleId, Map.of());
        try {
            parameters = apply(parameters, overrides.get(TuningRecord.ALL_TENANTS));
            if (tenantId != null) parameters = apply(parameters, overrides.get(lower(tenantId)));
        } catch (InvalidTuningException e) {
            throw new IllegalStateException("every rule record in force was read when the tuning was built", e);
        }
        byTenant.put(tenantId, parameters);
        return parameters;
    }

    /** Whether the tenant (or every tenant) knows the ASN at the event's time. */
    public boolean isKnownAsn(String tenantId, int asn, long eventTime) {
        return isKnownAsn(knownAsns.get(TuningRecord.ALL_TENANTS), asn, eventTime)
                || (tenantId != null && isKnownAsn(knownAsns.get(lower(tenantId)), asn, eventTime));
    }

    /** The first allowlist that silences the alert, or null. */
    public Allowlist silencingAllowlist(Alert alert) {
        for (Allowlist allowlist : allowlists) {
            if (allowlist.silences(alert)) return allowlist;
        }
        return null;
    }

    private static boolean isKnownAsn(Map<Long, Long> asns, int asn, long eventTime) {
        if (asns == null) return false;
        Long expiry = asns.get(Integer.toUnsignedLong(asn)); // ASNs are unsigned
        return expiry != null && eventTime < expiry;
    }

    private static long knownAsnExpiry(JsonNode body) throws InvalidTuningException {
        if (body.has("expires")) return TuningRecord.instant(body, "expires").toEpochMilli();
        return TuningRecord.instant(body, "since")
                .plus(KNOWN_ASN_DEFAULT_LIFETIME)
                .toEpochMilli();
    }

    private static RuleParameters apply(RuleParameters base, JsonNode overrides) throws InvalidTuningException {
        if (overrides == null) return base;
        return new RuleParameters(
                overrides.has("enabled") ? overrides.get("enabled").asBoolean() : base.enabled(),
                overrides.has("window") ? TuningRecord.duration(overrides, "window") : base.window(),
                intOr(overrides, "minEvents", base.minEvents()),
                intOr(overrides, "minDeviceCodeProtocolEvents", base.minDeviceCodeProtocolEvents()),
                intOr(overrides, "minInteractive", base.minInteractive()),
                intOr(overrides, "minNonInteractive", base.minNonInteractive()),
                intOr(overrides, "minDistinctIps", base.minDistinctIps()),
                intOr(overrides, "minDistinctUserAgents", base.minDistinctUserAgents()),
                overrides.has("lookback") ? TuningRecord.duration(overrides, "lookback") : base.lookback(),
                overrides.has("recentExclusion")
                        ? TuningRecord.duration(overrides, "recentExclusion")
                        : base.recentExclusion(),
                overrides.has("severity") ? TuningRecord.severity(overrides) : base.severity(),
                intOr(overrides, "riskScore", base.riskScore()),
                overrides.has("suppression") ? TuningRecord.duration(overrides, "suppression") : base.suppression(),
                intOr(overrides, "scoreThreshold", base.scoreThreshold()));
    }

    /** Records hold tenant ids in lower case (TuningRecord); a sign-in's is as Entra wrote it. */
    private static String lower(String tenantId) {
        return tenantId.toLowerCase(Locale.ROOT); // the same string when it is in lower case already
    }

    private static String excerpt(String json) {
        return json.length() <= 80 ? json : json.substring(0, 80) + "...";
    }

    private static int intOr(JsonNode node, String field, int fallback) {
        return node.has(field) ? node.get(field).asInt() : fallback;
    }
}
