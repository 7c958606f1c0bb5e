package org.dcwatch.job.detect;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
import org.dcwatch.udfs.alert.AlertSummaries;
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
 * watermark has passed T, so every on-time sign-in up to T is buffered, and the window [T - window, T] is evaluated:
 * sign-ins at most {@code window} apart belong together, 9 minutes 0.000 s apart included (the CEP rule draws the same
 * boundary).
 *
 * <p>What is reported: the first window that fires alerts. A later window that fires alerts again only if it holds a
 * sign-in newer than the last one reported from a source (IP and user agent) that the window's reported sign-ins do
 * not show: a second burst from a new IP, or a python poller after an administrator's allowlisted Azure CLI login in
 * the same session. The suppression downstream merges such an alert into the one it extends, and applies allowlists
 * to the whole evidence, so what an allowlist silenced does not silence what came after. More polls from a source
 * already reported add nothing and raise nothing.
 *
 * <p>Bounds: at most {@link SessionSample#CAPACITY} sign-ins per session, chosen so that a flood cannot push out the
 * sign-ins that make a window fire ({@link SessionSample}), and a timer only for each kept sign-in (the timer of a
 * sign-in given up is deleted): work per sign-in is one pass over the sample, so a flood costs linear time. State
 * dies with the session: sign-ins older than the newest window's start are dropped when a timer fires, and when the
 * newest sign-in has been evaluated a last timer one window later empties the buffer and clears the key.
 * Parameters are read from the tuning per tenant at every sign-in and timer: a disabled rule buffers nothing, emits
 * nothing and clears what it had.
 *
 * <p>The operator's event time is the lower of its two inputs' watermarks: the tuning stream must not hold it back,
 * so the job gives that stream a watermark at the end of time (or marks it idle), else no timer ever fires.
 */
public final class SessionMultiSourceDetector
        extends KeyedBroadcastProcessFunction<String, SignInSummary, String, Alert> {

    private static final String RULE = RuleCatalogue.SESSION_MULTI_SOURCE;

    private final BroadcastTuning tuning;

    /** The session's device-code-flow sign-ins, oldest first: a {@link SessionSample}. */
    private transient ListState<SignInSummary> signIns;
    /** Event time of the newest sign-in reported in an alert: what is at or before it was reported. */
    private transient ValueState<Long> alertedUntil;

    public SessionMultiSourceDetector(List<String> initialTuning) {
        this.tuning = new BroadcastTuning(initialTuning);
    }

    @Override
    public void open(OpenContext openContext) {
        signIns = getRuntimeContext()
                .getListState(new ListStateDescriptor<>("session-sign-ins", TypeInformation.of(SignInSummary.class)));
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
        SignInSummary givenUp = SessionSample.add(buffered, signIn);
        signIns.update(buffered);
        if (givenUp != signIn) {
            ctx.timerService().registerEventTimeTimer(signIn.eventTime());
        }
        if (givenUp != null && givenUp != signIn && noneAt(buffered, givenUp.eventTime())) {
            // its window is judged by the timers of the sign-ins kept around it; the cleanup timer, if it is the
            // same instant, is set again by the next timer that finds no sign-in waiting
            ctx.timerService().deleteEventTimeTimer(givenUp.eventTime());
        }
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
        if (fires(window, parameters) && showsAnUnreportedSource(window, alertedUntil.value())) {
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
            ctx.timerService()
                    .registerEventTimeTimer(newest + parameters.window().toMillis() + 1);
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
                        AlertSummaries.distinctIps(window), AlertSummaries.distinctUserAgents(window));
    }

    /**
     * Whether the window holds a sign-in after the last one reported from a source that the window's reported sign-ins
     * do not show. A window of which nothing was reported yet always does.
     */
    private static boolean showsAnUnreportedSource(List<SignInSummary> window, Long reportedUntil) {
        if (reportedUntil == null) return true;
        Set<String> reported = new HashSet<>();
        for (SignInSummary signIn : window) {
            if (signIn.eventTime() <= reportedUntil) reported.add(source(signIn));
        }
        for (SignInSummary signIn : window) {
            if (signIn.eventTime() > reportedUntil && !reported.contains(source(signIn))) return true;
        }
        return false;
    }

    private static String source(SignInSummary signIn) {
        return signIn.ipAddress() + '\n' + signIn.userAgent();
    }

    private static boolean noneAt(List<SignInSummary> buffered, long eventTime) {
        for (SignInSummary signIn : buffered) {
            if (signIn.eventTime() == eventTime) return false;
        }
        return true;
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
