package org.dcwatch.job.chain;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Admits to the chain's CEP patterns ({@link DeviceRegistrationChain}), per tenant and user, a bounded number of steps,
 * so that a flood costs CEP linear work. Why: each admitted device-code sign-in starts a partial match that every later
 * step of the user is tried on, for an hour; an attacker who holds the phished refresh token makes as many
 * non-interactive device-code sign-ins as they like, and a busy CEP operator holds back the checkpoint barriers, hence
 * the alerts, of every tenant.
 *
 * <p>Event time is cut into slots of an eighth of the window. In each slot and for each kind of step, the first
 * {@value #SLOT_BUDGET} steps of a user are admitted; the rest are counted ({@code deviceChainStepsOverBudget}) and
 * dropped. A flood cannot hide a chain: any admitted device-code sign-in of the slot begins it as well as a dropped
 * one, any admitted registration continues it, and a Primary Refresh Token from the attacker's device continues that
 * by its device id or, should a decoy registration be the one matched, by the device being unmanaged. What thinning
 * costs is precision at the edge:
 * a step that follows a dropped device-code sign-in by almost the window may follow the slot's admitted ones by a little
 * more than it (at most a slot: the window is then in effect seven eighths of its length for a flooded user). Users
 * without a flood are passed whole.
 *
 * <p>Steps behind the watermark pass untouched, for CEP to count as late. State: a count per slot and kind not yet
 * passed by the watermark, each slot's counts cleared by an event-time timer at its end.
 */
public final class AdmitToDeviceChain extends KeyedProcessFunction<String, DeviceChainEvent, DeviceChainEvent> {

    /** Stable: the counts are in checkpoints. */
    public static final String UID = "device-chain-admission";

    public static final String NAME = "device-registration chain: admit to CEP";

    static final int SLOTS_PER_WINDOW = 8;
    /** Steps of one kind admitted per slot and user at most. */
    static final int SLOT_BUDGET = 8;

    private static final int KINDS = DeviceChainEvent.Step.values().length;

    private final long slotMillis;

    /** (slot × kinds + kind) → steps admitted. */
    private transient MapState<Long, Integer> admitted;

    private transient Counter overBudget;

    /** @param window the chain's window, as the patterns are compiled with */
    public AdmitToDeviceChain(Duration window) {
        this.slotMillis = Math.max(1, window.toMillis() / SLOTS_PER_WINDOW);
    }

    @Override
    public void open(OpenContext openContext) {
        admitted = getRuntimeContext().getMapState(new MapStateDescriptor<>("admitted", Types.LONG, Types.INT));
        overBudget = getRuntimeContext().getMetricGroup().counter("deviceChainStepsOverBudget");
    }

    @Override
    public void processElement(DeviceChainEvent step, Context ctx, Collector<DeviceChainEvent> out) throws Exception {
        if (step.eventTime() <= ctx.timerService().currentWatermark()) {
            out.collect(step); // late: CEP counts it
            return;
        }
        long slot = Math.floorDiv(step.eventTime(), slotMillis);
        long key = slot * KINDS + step.step().ordinal();
        Integer count = admitted.get(key);
        if (count != null && count >= SLOT_BUDGET) {
            overBudget.inc();
            return;
        }
        admitted.put(key, count == null ? 1 : count + 1);
        // one timer per slot end, however many steps: Flink keeps one timer per key and time
        ctx.timerService().registerEventTimeTimer(slotEnd(slot));
        out.collect(step);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<DeviceChainEvent> out) throws Exception {
        long slot = Math.floorDiv(timestamp, slotMillis) - 1;
        for (int kind = 0; kind < KINDS; kind++) admitted.remove(slot * KINDS + kind);
    }

    private long slotEnd(long slot) {
        return (slot + 1) * slotMillis;
    }
}
