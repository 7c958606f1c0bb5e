package org.dcwatch.job.detect;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.dcwatch.job.tuning.BroadcastTuning;
import org.dcwatch.job.tuning.RuleParameters;
import org.dcwatch.job.tuning.TuningState;
import org.dcwatch.udfs.alert.Alert;
import org.dcwatch.udfs.classify.DeviceCodeFlow;
import org.dcwatch.udfs.event.SignInSummary;
import org.dcwatch.udfs.rules.RuleCatalogue;

/**
 * Rule {@code session-multi-source} (seed 000): one session of a device-code flow used from two places at once, as
 * when the victim enters a phished code in a browser while the attacker's client polls for the tokens.
 *
 * <p>Keyed by {@link SessionKey}. Only sign-ins whose original transfer method is the device-code flow count, as in
 * the seed. A window of {@link RuleParameters#window()} of event time fires when it holds at least
 * {@code minEvents} of them, at least {@code minDeviceCodeProtocolEvents} with authentication protocol
 * {@code deviceCode}, and {@linkplain RuleParameters#multipleSources multiple sources} (sign-ins without an IP or a
 * user agent add none).
 *
 * <p>Event time: each sign-in is buffered and an event-time timer is set at its time. When the timer for T fires the
 * watermark has passed T, so every on-time sign-in up to T is buffered, and the window [T - window, T] is evaluated.
 * Alerts never share evidence: a window that reaches back to a sign-in already reported does not alert again, so one
 * burst gives one alert. Later sign-ins of the same activity are the downstream suppression's to merge.
 *
 * <p>State dies with the session: sign-ins older than the newest window's start are dropped when a timer fires, and
 * when the newest sign-in has been evaluated a last timer one window later empties the buffer and clears the key.
 * Parameters are read from the tuning per tenant at every sign-in and timer: a disabled rule buffers nothing, emits
 * nothing and clears what it had.
 *
 * <p>The operator's event time is the lower of its two inputs' watermarks: the tuning stream must not hold it back,
 * so the job gives that stream a watermark at the end of time (or marks it idle), else no timer ever fires.
 */
public final class SessionMultiSourceDetector
        extends KeyedBroadcastProcessFunction<String, SignInSummary, String, Alert> {

    /**
     * At most this many sign-ins are buffered per session, the most recent by event time: a legitimate device-code
     * session has a handful, and the bound keeps a runaway poller from growing one key without limit. A session with
     * more sign-ins than that in one window is judged on its newest ones.
     */
    static final int MAX_BUFFERED_SIGN_INS = 50;

    private static final String RULE = RuleCatalogue.SESSION_MULTI_SOURCE;

    private final BroadcastTuning tuning;

    /** The session's device-code-flow sign-ins, oldest first, at most {@link #MAX_BUFFERED_SIGN_INS}. */
    private transient ListState<SignInSummary> signIns;
    /** Event time of the newest sign-in already reported in an alert: windows reaching back to it stay quiet. */
    private transient ValueState<Long> alertedUntil;

    public SessionMultiSourceDetector(List<String> initialTuning) {
        this.tuning = new BroadcastTuning(initialTuning);
    }

    @Override
    public void open(OpenContext openContext) {
        signIns = getRuntimeContext().getListState(
                new ListStateDescriptor<>("session-sign-ins", TypeInformation.of(SignInSummary.class)));
        alertedUntil = getRuntimeContext().getState(new ValueStateDescriptor<>("alerted-until", Types.LONG));
        tuning.registerMetrics(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processBroadcastElement(String json, Context ctx, Collector<Alert> out) throws Exception {
        tuning.update(ctx.getBroadcastState(TuningState.DESCRIPTOR), json); // records arrive already checked
    }

    @Override
    public void processElement(SignInSummary signIn, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
        if (!DeviceCodeFlow.isDeviceCodeTransfer(signIn.originalTransferMethod())
                || !parameters(ctx, signIn.tenantId()).enabled()) {
            return;
        }
        List<SignInSummary> buffered = buffered();
        int at = buffered.size();
        while (at > 0 && SessionEvidence.OLDEST_FIRST.compare(buffered.get(at - 1), signIn) > 0) {
            at--;
        }
        buffered.add(at, signIn);
        if (buffered.size() > MAX_BUFFERED_SIGN_INS && buffered.remove(0) == signIn) {
            return; // older than everything kept: it would only ever be evicted evidence
        }
        signIns.update(buffered);
        ctx.timerService().registerEventTimeTimer(signIn.eventTime());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        List<SignInSummary> buffered = buffered();
        if (buffered.isEmpty()) {
            forget();
            return;
        }
        RuleParameters parameters = parameters(ctx, buffered.get(0).tenantId());
        if (!parameters.enabled()) {
            forget(); // timers still pending fire on an empty buffer and do nothing
            return;
        }
        long windowStart = timestamp - parameters.window().toMillis();
        List<SignInSummary> window = new ArrayList<>();
        for (SignInSummary signIn : buffered) {
            if (signIn.eventTime() >= windowStart && signIn.eventTime() <= timestamp) window.add(signIn);
        }
        Long reportedUntil = alertedUntil.value();
        if ((reportedUntil == null || reportedUntil < windowStart) && fires(window, parameters)) {
            Alert alert = SessionEvidence.of(window).alert(RULE, parameters);
            out.collect(alert);
            alertedUntil.update(alert.lastEventTime());
        }

        // no later window starts before this one: what is older is never needed again
        if (buffered.removeIf(signIn -> signIn.eventTime() < windowStart)) {
            if (buffered.isEmpty()) {
                forget();
                return;
            }
            signIns.update(buffered);
        }
        long newest = buffered.get(buffered.size() - 1).eventTime();
        if (newest <= timestamp) {
            // no sign-in awaits its timer: this one, a window after the newest, ends the session's state
            ctx.timerService().registerEventTimeTimer(newest + parameters.window().toMillis() + 1);
        }
    }

    private static boolean fires(List<SignInSummary> window, RuleParameters parameters) {
        if (window.isEmpty() || window.size() < parameters.minEvents()) return false;
        int deviceCodeProtocol = 0;
        for (SignInSummary signIn : window) {
            if (DeviceCodeFlow.isDeviceCodeProtocol(signIn.authenticationProtocol())) deviceCodeProtocol++;
        }
        return deviceCodeProtocol >= parameters.minDeviceCodeProtocolEvents()
                && parameters.multipleSources(
                        SessionEvidence.distinctIps(window), SessionEvidence.distinctUserAgents(window));
    }

    private List<SignInSummary> buffered() throws Exception {
        List<SignInSummary> buffered = new ArrayList<>();
        Iterable<SignInSummary> stored = signIns.get();
        if (stored != null) stored.forEach(buffered::add);
        return buffered;
    }

    private void forget() {
        signIns.clear();
        alertedUntil.clear();
    }

    private RuleParameters parameters(ReadOnlyContext ctx, String tenantId) throws Exception {
        return tuning.current(ctx.getBroadcastState(TuningState.DESCRIPTOR)).parameters(RULE, tenantId);
    }
}
