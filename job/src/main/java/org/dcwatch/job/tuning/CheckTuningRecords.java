package org.dcwatch.job.tuning;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * <p>One kind of valid record goes on with a dead letter beside it: the all-tenant record of
 * {@code concurrent-interactive-noninteractive} that would change what its CEP pattern was compiled from when the job
 * started ({@link TuningRecord#PATTERN_FIELDS}). Its other fields (enabled, severity, suppression) are in force at
 * once; the pattern's when the job is next submitted, which reads the record again from the tuning topic (a
 * failover restarts the graph as it was compiled). The dead letter names them, so that nobody believes the rule
 * retuned; {@code tuningRecordsPartlyApplied} counts them. Records that leave the pattern as it runs (the start-up records delivered again by the topic, an older
 * version) pass without one.
 */
public final class CheckTuningRecords extends ProcessFunction<String, String> {

    /** Tuning records that cannot be applied, and those only partly in force. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("tuning-dead-letters", TypeInformation.of(DeadLetter.class));

    private static final String PATTERN_RULE = RuleCatalogue.CONCURRENT_INTERACTIVE_NONINTERACTIVE;
    private static final String PATTERN_KEY = TuningRecord.RULE + "/" + TuningRecord.ALL_TENANTS + "/" + PATTERN_RULE;

    private static final long[] UNIT_MILLIS = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
    private static final String[] UNITS = {"d", "h", "m", "s"};

    /** What the pattern was compiled from, and the version of the start-up record it was compiled from (-1: none). */
    private final RuleParameters pattern;

    private final long patternVersion;

    private transient Counter rejected;
    private transient Counter partlyApplied;

    /** Checks updates of a job without start-up tuning. */
    public CheckTuningRecords() {
        this(List.of());
    }

    /** @param initialTuning the job's start-up tuning, which its CEP pattern was compiled from */
    public CheckTuningRecords(List<String> initialTuning) {
        this.pattern = Tuning.merge(initialTuning, List.of()).parameters(PATTERN_RULE, null);
        long version = -1;
        for (String json : initialTuning) {
            try {
                TuningRecord record = TuningRecord.parse(json);
                if (record.key().equals(PATTERN_KEY)) version = Math.max(version, record.version());
            } catch (InvalidTuningException e) {
                // left out of the tuning, the pattern's too
            }
        }
        this.patternVersion = version;
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
        // an older version than the start-up record never comes into force (the highest version wins)
        if (!record.key().equals(PATTERN_KEY) || record.version() < patternVersion) return null;
        // the record replaces the start-up record of its key: what it leaves out falls back to the defaults
        RuleParameters would = Tuning.merge(List.of(record.json()), List.of()).parameters(PATTERN_RULE, null);
        List<String> asked = new ArrayList<>();
        List<String> running = new ArrayList<>();
        compare("window", RuleParameters::window, would, asked, running);
        compare("minInteractive", RuleParameters::minInteractive, would, asked, running);
        compare("minNonInteractive", RuleParameters::minNonInteractive, would, asked, running);
        compare("minDistinctIps", RuleParameters::minDistinctIps, would, asked, running);
        compare("minDistinctUserAgents", RuleParameters::minDistinctUserAgents, would, asked, running);
        if (asked.isEmpty()) return null;
        return String.join(", ", asked) + " of " + PATTERN_RULE + (asked.size() == 1 ? " takes" : " take")
                + " effect when the job is next submitted, not now: " + TuningRecord.PATTERN_COMPILED_AT_START
                + ", and runs with "
                + String.join(", ", running) + " until then; the record's other fields are in force";
    }

    private void compare(
            String field,
            Function<RuleParameters, Object> value,
            RuleParameters would,
            List<String> asked,
            List<String> running) {
        Object wanted = value.apply(would);
        Object compiled = value.apply(pattern);
        if (!wanted.equals(compiled)) {
            asked.add("\"" + field + "\" " + text(wanted));
            running.add(text(compiled));
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
