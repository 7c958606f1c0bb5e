package org.dcwatch.job.detect;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Counts events that CEP found behind its watermark ({@code lateForPatterns}), so that CEP never drops one without a
 * trace. Late sign-ins are already sent to the late output before the rules, so for them this stays at 0 unless
 * watermarks regress between operators; a device registration is late here when the audit log arrives later than the
 * out-of-orderness allows.
 *
 * @param <T> what the pattern reads
 */
public final class CountLateForPatterns<T> extends ProcessFunction<T, Void> {

    private transient Counter late;

    @Override
    public void open(OpenContext openContext) {
        late = getRuntimeContext().getMetricGroup().counter("lateForPatterns");
    }

    @Override
    public void processElement(T event, Context ctx, Collector<Void> out) {
        late.inc();
    }
}
