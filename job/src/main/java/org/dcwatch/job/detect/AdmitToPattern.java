package org.dcwatch.job.detect;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.dcwatch.job.tuning.RuleParameters;
import org.dcwatch.udfs.classify.DeviceCodeFlow;
import org.dcwatch.udfs.event.SignInSummary;

/**
 * Admits to {@link ConcurrentSignInPattern}, per session (keyed by {@link SessionKey}), a bounded number of sign-ins,
 * so that a flood costs CEP linear work. Why: CEP starts a partial match at every interactive sign-in and tries every
 * later sign-in on each, so a session of n sign-ins in one window costs it n² (BENCHMARKS.md, the flood benchmark),
 * and the busy operator holds back the checkpoint barriers, hence the alerts, of every tenant.
 *
 * <p>Event time is cut into slots of an eighth of the pattern's window. In each slot a session's sign-ins are
 * admitted in event time (each waits for the watermark, as CEP's own input does, so that the admission is the same
 * however Kafka partitions interleave), until
 * <ul>
 *   <li>its source — IP and user agent, the two things the pattern counts — has {@code minInteractive} interactive
 *       sign-ins admitted in the slot (or {@code minNonInteractive} non-interactive ones since the slot's last
 *       admitted interactive one): a further one of the same kind and source adds nothing to a match that those do
 *       not (counted, {@code patternRepeatsNotAdmitted}), or
 *   <li>the slot holds {@value #SLOT_BUDGET} admitted sign-ins of its kind (or the kind's threshold, if higher):
 *       {@code patternSignInsOverBudget}. Interactive and non-interactive sign-ins have separate budgets, so that a
 *       poller rotating its IP on every request cannot crowd out the victim's interactive sign-in.
 * </ul>
 * So CEP gets at most about 8 × {@value #SLOT_BUDGET} sign-ins of each kind per window and session, whatever the
 * flood, and a flood cannot hide a match from the pattern: a single-source flood takes only its source's quota, the
 * victim's browser and the attacker's poller are other sources, and a budget filled by many sources is itself
 * sign-ins from many sources, which the pattern reports. What thinning costs is precision at the window's edges: a
 * refused sign-in is stood in for by its source's admitted ones of the same slot, up to a slot earlier (for a token
 * use: no earlier than the interactive sign-in before it in the slot, or the next slot's first). In a session that
 * repeats a source more often than that, the pattern is sure to match sign-ins at most three quarters of the window
 * apart; sessions that do not are passed whole, and keep the exact window. A flood that fills a slot's budget with
 * many sources before the code entry holds the token use back to the next slot.
 *
 * <p>Sign-ins that neither stage of the pattern accepts (without the device-code transfer method) are not passed on;
 * sign-ins behind the watermark are, untouched, for CEP to send to its late output. State: per session, the sign-ins
 * waiting for the watermark (at most {@value #MAX_PENDING}, each judged by a timer at its time) and a count per
 * admitted source and kind of each slot not yet passed by the watermark (the out-of-orderness, a few slots), each
 * slot cleared by an event-time timer at its end.
 */
public final class AdmitToPattern extends KeyedProcessFunction<String, SignInSummary, SignInSummary> {

    /** Stable: the counts are in checkpoints. */
    public static final String UID = "concurrent-interactive-noninteractive-admission";

    public static final String NAME = "concurrent-interactive-noninteractive: admit to CEP";

    /** Slots per window: the more, the closer to the window a flooded session's match is found, and the more admitted. */
    static final int SLOTS_PER_WINDOW = 8;
    /** Sign-ins of one kind admitted per slot at most (or the kind's threshold, if higher). */
    static final int SLOT_BUDGET = 8;
    /**
     * Sign-ins of one session waiting for the watermark at most. Beyond it the earliest waiting are judged at once, so
     * only a flood of more than this many within the out-of-orderness makes the admission depend on the order of
     * arrival; no sign-in is refused for it.
     */
    static final int MAX_PENDING = 1_024;

    private final long slotMillis;
    private final int interactiveQuota;
    private final int nonInteractiveQuota;

    private transient MapState<String, Integer> admitted;
    /** Sign-ins not yet passed by the watermark, by event time: admitted in event time, when their timer fires. */
    private transient MapState<Long, List<SignInSummary>> pending;

    private transient ValueState<Integer> pendingCount;
    private transient Counter repeats;
    private transient Counter overBudget;

    /** @param parameters the pattern's, as {@link ConcurrentSignInPattern#pattern} compiles them */
    public AdmitToPattern(RuleParameters parameters) {
        Duration window = ConcurrentSignInPattern.inclusive(parameters.window());
        this.slotMillis = Math.max(1, window.toMillis() / SLOTS_PER_WINDOW);
        this.interactiveQuota = Math.max(1, parameters.minInteractive());
        this.nonInteractiveQuota = Math.max(1, parameters.minNonInteractive());
    }

    @Override
    public void open(OpenContext openContext) {
        // slot, kind and source -> sign-ins admitted; slot and kind -> sign-ins admitted (see key())
        admitted = getRuntimeContext().getMapState(new MapStateDescriptor<>("admitted", Types.STRING, Types.INT));
        pending = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>(
                        "pending", Types.LONG, Types.LIST(TypeInformation.of(SignInSummary.class))));
        pendingCount = getRuntimeContext().getState(new ValueStateDescriptor<>("pending-count", Types.INT));
        repeats = getRuntimeContext().getMetricGroup().counter("patternRepeatsNotAdmitted");
        overBudget = getRuntimeContext().getMetricGroup().counter("patternSignInsOverBudget");
    }

    @Override
    public void processElement(SignInSummary signIn, Context ctx, Collector<SignInSummary> out) throws Exception {
        long eventTime = signIn.eventTime();
        if (eventTime <= ctx.timerService().currentWatermark()) {
            out.collect(signIn); // late: CEP counts it and sends it to its late output
            return;
        }
        if (!DeviceCodeFlow.isDeviceCodeTransfer(signIn.originalTransferMethod())) return;
        int waiting = pendingCount.value() == null ? 0 : pendingCount.value();
        if (waiting >= MAX_PENDING) {
            // a flood faster than the watermark moves: admit the earliest waiting now rather than refuse this one
            long earliest = Long.MAX_VALUE;
            for (Long instant : pending.keys()) earliest = Math.min(earliest, instant);
            if (earliest != slotEnd(Math.floorDiv(earliest, slotMillis))) {
                ctx.timerService().deleteEventTimeTimer(earliest); // not a slot's end: that timer clears its counts
            }
            release(earliest, ctx.timerService(), out);
            waiting = pendingCount.value() == null ? 0 : pendingCount.value();
        }
        List<SignInSummary> atThatTime = pending.get(eventTime);
        if (atThatTime == null) {
            atThatTime = new ArrayList<>();
            ctx.timerService().registerEventTimeTimer(eventTime);
        }
        atThatTime.add(signIn);
        pending.put(eventTime, atThatTime);
        pendingCount.update(waiting + 1);
    }

    /**
     * Admits the sign-ins of this instant, in evidence order, then forgets the counts of slots that have ended. Taking
     * them in event time, not as they arrive, makes the admission the same however the partitions interleave.
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SignInSummary> out) throws Exception {
        release(timestamp, ctx.timerService(), out);
        // a slot's counts go at its end's timer, which admitting to the slot set: other instants have none to clear
        if (timestamp != slotEnd(Math.floorDiv(timestamp, slotMillis))) return;
        List<String> passed = new ArrayList<>();
        for (String key : admitted.keys()) {
            if (slotEnd(Long.parseLong(key.substring(0, key.indexOf('|')))) <= timestamp) passed.add(key);
        }
        for (String key : passed) admitted.remove(key);
    }

    /** Admits or refuses the sign-ins waiting at this instant, in evidence order. */
    private void release(long instant, TimerService timers, Collector<SignInSummary> out) throws Exception {
        List<SignInSummary> due = pending.get(instant);
        if (due == null) return;
        pending.remove(instant);
        int waiting = pendingCount.value() - due.size();
        if (waiting == 0) {
            pendingCount.clear();
        } else {
            pendingCount.update(waiting);
        }
        due.sort(SignInSummary.OLDEST_FIRST);
        for (SignInSummary signIn : due) {
            if (admit(signIn, timers)) out.collect(signIn);
        }
    }

    private boolean admit(SignInSummary signIn, TimerService timers) throws Exception {
        long slot = Math.floorDiv(signIn.eventTime(), slotMillis);
        boolean interactive = signIn.interactive();
        String kindKey = key(slot, interactive);
        int ofKind = count(kindKey);
        // A non-interactive sign-in completes a match only after the interactive ones: a source's token uses count
        // afresh after each interactive sign-in admitted to the slot, so that polls before the code entry do not
        // stand in for the token use after it.
        String sourceKey = interactive
                ? key(slot, true, signIn.ipAddress(), signIn.userAgent())
                : key(slot, false, signIn.ipAddress(), signIn.userAgent()) + count(key(slot, true));
        int ofSource = count(sourceKey);
        if (ofSource >= (interactive ? interactiveQuota : nonInteractiveQuota)) {
            repeats.inc();
            return false;
        }
        if (ofKind >= Math.max(SLOT_BUDGET, interactive ? interactiveQuota : nonInteractiveQuota)) {
            overBudget.inc();
            return false;
        }
        admitted.put(sourceKey, ofSource + 1);
        admitted.put(kindKey, ofKind + 1);
        // once the watermark passes the slot's end, every sign-in of the slot still to come is late
        timers.registerEventTimeTimer(slotEnd(slot));
        return true;
    }

    /** The counts kept for the current key (tests). */
    int countsKept() throws Exception {
        int counts = 0;
        for (String ignored : admitted.keys()) counts++;
        return counts;
    }

    private int count(String key) throws Exception {
        Integer count = admitted.get(key);
        return count == null ? 0 : count;
    }

    /** The last millisecond of the slot. */
    private long slotEnd(long slot) {
        return (slot + 1) * slotMillis - 1;
    }

    private static String key(long slot, boolean interactive) {
        return slot + (interactive ? "|i" : "|n");
    }

    /** Slot, kind and source; each text length-prefixed, so that no IP and user agent share a key with others. */
    static String key(long slot, boolean interactive, String ip, String userAgent) {
        return key(slot, interactive) + '|' + field(ip) + field(userAgent);
    }

    private static String field(String value) {
        return value == null ? "-|" : value.length() + ":" + value + "|";
    }
}
