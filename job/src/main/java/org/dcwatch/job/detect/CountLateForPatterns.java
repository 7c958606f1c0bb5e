package org.dcwatch.job.detect;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.dcwatch.udfs.event.SignInSummary;

/**
 * Counts sign-ins that CEP found behind its watermark ({@code lateForPatterns}). Late sign-ins are already sent to the
 * late output before the rules, so this stays at 0 unless watermarks regress between operators; it exists so that
 * CEP never drops an event without a trace.
 */
public final class CountLateForPatterns extends ProcessFunction<SignInSummary, Void> {

    private transient Counter late;

    @Override
    public void open(OpenContext openContext) {
        late = getRuntimeContext().getMetricGroup().counter("lateForPatterns");
    }

    @Override
    public void processElement(SignInSummary signIn, Context ctx, Collector<Void> out) {
        late.inc();
    }
}
