package org.dcwatch.job.detect;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.dcwatch.udfs.alert.Alert;
import org.dcwatch.udfs.event.SignInSummary;

/**
 * Passes a stateless rule's alerts on in event time, per suppression key: each waits for the watermark to pass its
 * sign-in, and those of one instant go in evidence order. Why: a stateless rule alerts on each sign-in as it arrives,
 * and on parallel tasks two sign-ins of one session arrive in either order, so the first alert — whose evidence fixes
 * the alert id — would depend on the interleaving. In event time a replay, a restore and any parallelism give the
 * same alerts, as the windowed rules do.
 *
 * <p>Alerts behind the watermark pass at once. State: the alerts waiting for the watermark, at most
 * {@value #MAX_WAITING} per key (a flood beyond it passes its earliest at once rather than refuse any), each instant's
 * cleared by its timer.
 */
public final class AlertsInEventTimeOrder extends KeyedProcessFunction<String, Alert, Alert> {

    static final int MAX_WAITING = 1_024;

    private transient MapState<Long, List<Alert>> waiting;
    private transient ValueState<Integer> waitingCount;

    @Override
    public void open(OpenContext openContext) {
        waiting = getRuntimeContext()
                .getMapState(
                        new MapStateDescriptor<>("waiting", Types.LONG, Types.LIST(TypeInformation.of(Alert.class))));
        waitingCount = getRuntimeContext().getState(new ValueStateDescriptor<>("waiting-count", Types.INT));
    }

    @Override
    public void processElement(Alert alert, Context ctx, Collector<Alert> out) throws Exception {
        long time = alert.lastEventTime();
        if (time <= ctx.timerService().currentWatermark()) {
            out.collect(alert);
            return;
        }
        int count = waitingCount.value() == null ? 0 : waitingCount.value();
        if (count >= MAX_WAITING) {
            long earliest = Long.MAX_VALUE;
            for (Long instant : waiting.keys()) earliest = Math.min(earliest, instant);
            ctx.timerService().deleteEventTimeTimer(earliest);
            count -= release(earliest, out);
        }
        List<Alert> atTime = waiting.get(time);
        if (atTime == null) {
            atTime = new ArrayList<>();
            ctx.timerService().registerEventTimeTimer(time);
        }
        atTime.add(alert);
        waiting.put(time, atTime);
        waitingCount.update(count + 1);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        int left = (waitingCount.value() == null ? 0 : waitingCount.value()) - release(timestamp, out);
        if (left > 0) waitingCount.update(left);
        else waitingCount.clear();
    }

    /** Emits the alerts waiting at {@code instant} in evidence order; returns how many. */
    private int release(long instant, Collector<Alert> out) throws Exception {
        List<Alert> atTime = waiting.get(instant);
        if (atTime == null) return 0;
        atTime.sort((a, b) -> SignInSummary.OLDEST_FIRST.compare(a.evidence()[0], b.evidence()[0]));
        atTime.forEach(out::collect);
        waiting.remove(instant);
        return atTime.size();
    }
}
