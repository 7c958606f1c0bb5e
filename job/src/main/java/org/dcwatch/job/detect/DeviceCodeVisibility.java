package org.dcwatch.job.detect;

import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.dcwatch.job.tuning.BroadcastTuning;
import org.dcwatch.job.tuning.RuleParameters;
import org.dcwatch.job.tuning.Tuning;
import org.dcwatch.job.tuning.TuningState;
import org.dcwatch.udfs.alert.VisibilityRecord;
import org.dcwatch.udfs.classify.TriageAssessment;
import org.dcwatch.udfs.classify.TriageScore;
import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.rules.RuleCatalogue;

/**
 * Rule {@code device-code-visibility} (seed 003): every device-code sign-in becomes a {@link VisibilityRecord} with a
 * triage score, raised to medium severity from the tenant's score threshold on, unless the tenant turned the rule off.
 *
 * <p>Input: deduplicated device-code sign-ins (the pipeline filters with
 * {@link org.dcwatch.udfs.classify.DeviceCodeFlow#isDeviceCode(SignInEvent)}), one record out for each. Not keyed: a
 * record depends on its sign-in and the tuning alone, so the operator keeps no state of its own beyond the broadcast
 * tuning, which is checkpointed with every parallel instance and survives restarts.
 */
public final class DeviceCodeVisibility extends BroadcastProcessFunction<SignInEvent, String, VisibilityRecord> {

    private static final long serialVersionUID = 1L;

    /** Counter of visibility records emitted. */
    public static final String RECORDS_METRIC = "visibilityRecords";

    private static final String RULE = RuleCatalogue.DEVICE_CODE_VISIBILITY;

    /** Tuning cannot name expected countries yet: with none, no country counts as unusual. */
    private static final Set<String> NO_EXPECTED_COUNTRIES = Set.of();

    private final BroadcastTuning tuning;
    private transient Counter visibilityRecords;

    public DeviceCodeVisibility(List<String> initialTuning) {
        this.tuning = new BroadcastTuning(initialTuning);
    }

    @Override
    public void open(OpenContext openContext) {
        visibilityRecords = getRuntimeContext().getMetricGroup().counter(RECORDS_METRIC);
        tuning.registerMetrics(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(SignInEvent signIn, ReadOnlyContext ctx, Collector<VisibilityRecord> out)
            throws Exception {
        RuleParameters parameters = tuning(ctx).parameters(RULE, signIn.tenantId());
        if (!parameters.enabled()) {
            return;
        }
        // Where a per-tenant tuning field of expected countries plugs in (e.g. parameters.expectedCountries()), once
        // TuningRecord and RuleParameters carry one.
        TriageAssessment assessment = TriageScore.assess(signIn, NO_EXPECTED_COUNTRIES);
        out.collect(VisibilityRecord.of(signIn, assessment, parameters.scoreThreshold()));
        visibilityRecords.inc();
    }

    @Override
    public void processBroadcastElement(String json, Context ctx, Collector<VisibilityRecord> out) throws Exception {
        tuning.update(ctx.getBroadcastState(TuningState.DESCRIPTOR), json); // records arrive already checked
    }

    private Tuning tuning(ReadOnlyContext ctx) throws Exception {
        return tuning.current(ctx.getBroadcastState(TuningState.DESCRIPTOR));
    }
}
