package org.dcwatch.job.tuning;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.dcwatch.udfs.parse.DeadLetter;
import org.dcwatch.udfs.parse.DeadLetterReason;
import org.dcwatch.udfs.rules.RuleCatalogue;

/**
 * Checks tuning updates once, before they are broadcast: a valid record goes on (normalized), a malformed one becomes
 * a dead letter here — once, rather than once per operator and parallel task — and the tuning in force stays as it
 * was.
 *
 * <p>One kind of valid record goes on with a dead letter beside it: the all-tenant record of a rule with a CEP pattern
 * that would change what the pattern was compiled from when the job started ({@link TuningRecord#PATTERN_FIELDS} of
 * {@code concurrent-interactive-noninteractive}, the window of the device-registration chain's rules). Its other fields (enabled, severity, suppression) are in force at
 * once; the pattern's when the job is next submitted, which reads the record again from the tuning topic (a
 * failover restarts the graph as it was compiled). The dead letter names them, so that nobody believes the rule
 * retuned; {@code tuningRecordsPartlyApplied} counts them. Records that leave the pattern as it runs (the start-up records delivered again by the topic, an older
 * version) pass without one.
 */
public final class CheckTuningRecords extends ProcessFunction<String, String> {

    /** Tuning records that cannot be applied, and those only partly in force. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("tuning-dead-letters", TypeInformation.of(DeadLetter.class));

    /**
     * The rules with CEP patterns, and the fields of their all-tenant records that the patterns are compiled from when
     * the job starts.
     */
    private static final Map<String, List<String>> COMPILED_FIELDS = Map.of(
            RuleCatalogue.CONCURRENT_INTERACTIVE_NONINTERACTIVE, TuningRecord.PATTERN_FIELDS,
            RuleCatalogue.DEVICE_CODE_DEVICE_REGISTRATION, List.of("window"),
            RuleCatalogue.DEVICE_REGISTRATION_PRT_USE, List.of("window"));

    private static final Map<String, Function<RuleParameters, Object>> FIELD_VALUES = Map.of(
            "window", RuleParameters::window,
            "minInteractive", RuleParameters::minInteractive,
            "minNonInteractive", RuleParameters::minNonInteractive,
            "minDistinctIps", RuleParameters::minDistinctIps,
            "minDistinctUserAgents", RuleParameters::minDistinctUserAgents);

    private static final long[] UNIT_MILLIS = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
    private static final String[] UNITS = {"d", "h", "m", "s"};

    /** By rule: what its pattern was compiled from. */
    private final Map<String, RuleParameters> compiled = new HashMap<>();

    /** By rule: the version of the start-up record its pattern was compiled from (-1: none). */
    private final Map<String, Long> compiledVersion = new HashMap<>();

    private transient Counter rejected;
    private transient Counter partlyApplied;

    /** Checks updates of a job without start-up tuning. */
    public CheckTuningRecords() {
        this(List.of());
    }

    /** @param initialTuning the job's start-up tuning, which its CEP patterns were compiled from */
    public CheckTuningRecords(List<String> initialTuning) {
        Tuning startUp = Tuning.merge(initialTuning, List.of());
        for (String rule : COMPILED_FIELDS.keySet()) {
            compiled.put(rule, startUp.parameters(rule, null));
            compiledVersion.put(rule, -1L);
        }
        for (String json : initialTuning) {
            try {
                TuningRecord record = TuningRecord.parse(json);
                String rule = compiledRule(record);
                if (rule != null) compiledVersion.merge(rule, record.version(), Math::max);
            } catch (InvalidTuningException e) {
                // left out of the tuning, the patterns' too
            }
        }
    }

    @Override
    public void open(OpenContext openContext) {
        rejected = getRuntimeContext().getMetricGroup().counter("tuningRecordsRejected");
        partlyApplied = getRuntimeContext().getMetricGroup().counter("tuningRecordsPartlyApplied");
    }

    @Override
    public void processElement(String json, Context ctx, Collector<String> out) {
        if (json.isBlank()) return;
        TuningRecord record;
        try {
            record = TuningRecord.parse(json);
        } catch (InvalidTuningException e) {
            rejected.inc();
            ctx.output(DEAD_LETTERS, deadLetter(json, e.getMessage()));
            return;
        }
        String deferred = deferredPatternFields(record);
        if (deferred != null) {
            partlyApplied.inc();
            ctx.output(DEAD_LETTERS, deadLetter(json, deferred));
        }
        out.collect(record.json());
    }

    /** Why the record's pattern fields wait for the next submission, or null if it leaves the pattern as it runs. */
    String deferredPatternFields(TuningRecord record) {
        String rule = compiledRule(record);
        // an older version than the start-up record never comes into force (the highest version wins)
        if (rule == null || record.version() < compiledVersion.get(rule)) return null;
        // the record replaces the start-up record of its key: what it leaves out falls back to the defaults
        RuleParameters would = Tuning.merge(List.of(record.json()), List.of()).parameters(rule, null);
        List<String> asked = new ArrayList<>();
        List<String> running = new ArrayList<>();
        for (String field : COMPILED_FIELDS.get(rule)) {
            compare(field, FIELD_VALUES.get(field), would, compiled.get(rule), asked, running);
        }
        if (asked.isEmpty()) return null;
        return String.join(", ", asked) + " of " + rule + (asked.size() == 1 ? " takes" : " take")
                + " effect when the job is next submitted, not now: " + TuningRecord.PATTERN_COMPILED_AT_START
                + ", and runs with "
                + String.join(", ", running) + " until then; the record's other fields are in force";
    }

    /** The rule whose pattern the record's fields are compiled into: an all-tenant rule record of one, else null. */
    private static String compiledRule(TuningRecord record) {
        for (String rule : COMPILED_FIELDS.keySet()) {
            if (record.key().equals(TuningRecord.RULE + "/" + TuningRecord.ALL_TENANTS + "/" + rule)) return rule;
        }
        return null;
    }

    private static void compare(
            String field,
            Function<RuleParameters, Object> value,
            RuleParameters would,
            RuleParameters pattern,
            List<String> asked,
            List<String> running) {
        Object wanted = value.apply(would);
        Object compiledValue = value.apply(pattern);
        if (!wanted.equals(compiledValue)) {
            asked.add("\"" + field + "\" " + text(wanted));
            running.add(text(compiledValue));
        }
    }

    /** A duration as the tuning records write it: 9m, 90s, 1d. */
    private static String text(Object value) {
        if (!(value instanceof Duration duration)) return String.valueOf(value);
        long millis = duration.toMillis();
        for (int i = 0; i < UNIT_MILLIS.length; i++) {
            if (millis % UNIT_MILLIS[i] == 0) return millis / UNIT_MILLIS[i] + UNITS[i];
        }
        return millis + "ms";
    }

    private static DeadLetter deadLetter(String json, String message) {
        byte[] raw = json.getBytes(StandardCharsets.UTF_8);
        String text =
                raw.length <= DeadLetter.DEFAULT_RAW_LIMIT ? json : json.substring(0, DeadLetter.DEFAULT_RAW_LIMIT / 4);
        return new DeadLetter(
                DeadLetterReason.INVALID_TUNING, message, DeadLetter.WHOLE_MESSAGE, text, raw.length, "tuning");
    }
}
