package org.dcwatch.job.alert;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.dcwatch.job.tuning.BroadcastTuning;
import org.dcwatch.job.tuning.RuleParameters;
import org.dcwatch.job.tuning.Tuning;
import org.dcwatch.job.tuning.TuningState;
import org.dcwatch.udfs.alert.Alert;
import org.dcwatch.udfs.alert.AlertSummaries;
import org.dcwatch.udfs.event.DeviceRegistrationEvent;
import org.dcwatch.udfs.event.SignInSummary;
import org.dcwatch.udfs.rules.RuleCatalogue;
import org.dcwatch.udfs.rules.RuleDefinition;

/**
 * The last step before the sinks: applies the tenant's tuning to every alert and keeps one alert per rule, tenant, user
 * and session per suppression window (docs/design.md, Alerts). Keyed by {@link Alert#suppressionKey()}, connected with
 * the tuning broadcast ({@link TuningState}).
 *
 * <p>Each alert, in this order:
 *
 * <ol>
 *   <li>is dropped when the tenant turned the rule off ({@link RuleParameters#enabled()}; metric {@code alertsDisabled});
 *   <li>is dropped when an allowlist silences it (metric {@code alertsAllowlisted});
 *   <li>gets the tenant's severity and risk score;
 *   <li>meets suppression. The first alert of a key opens a window of {@link RuleParameters#suppression()} in event
 *       time, measured from its last event time, and is emitted as it is (revision 0; metric {@code alerts} in the
 *       group {@code rule=<rule id>}). A later alert of the key within the window that shows sign-ins the emitted alert
 *       does not is emitted as an update of it: the same alert id, the next revision, the evidence of both and the
 *       time span of both (metric {@code alertsExtended}). A later alert that shows nothing new is dropped (metric
 *       {@code alertsSuppressed}); so is a replayed alert after a restart, because the window is checkpointed state.
 * </ol>
 *
 * <p>Evidence is kept and emitted oldest first (ties by sign-in id) and holds at most {@value #MAX_EVIDENCE} sign-ins:
 * the first sign-in of every source (IP, user agent, interactive or not), so that a second burst from a new IP is
 * shown however long the first one polled, then the oldest of the rest, because the first sign-ins show how the flow
 * began. The summary is made anew from the evidence shown ({@link AlertSummaries}), so a revision never carries the
 * counts of an earlier one; an alert whose evidence was cut says so at the end of it. Once the evidence is full, only
 * an older sign-in or one from a new source can still change it, so a long-running attack does not produce an update
 * per poll.
 *
 * <p>The window is not prolonged by updates: an attack still going on after it ends opens a new alert (a new id,
 * revision 0), so that a consumer sees it again rather than a revision it may have closed. An alert whose last event
 * time is at or after the window's end opens that new window even if the watermark has not yet passed the end.
 *
 * <p>Late alerts: {@code unseen-asn} alerts on sign-ins up to the tenant's recentExclusion behind its watermark, and
 * such an alert must meet the window its event time falls in. So that window's state is kept until the watermark has
 * passed its end by recentExclusion, not just its end; otherwise whether the second of two late alerts a minute apart
 * extends the first or opens an alert of its own would depend on when a watermark happened to reach this operator
 * between them. Whether an alert opens a new window is still decided by event time alone.
 *
 * <p>Wiring: this operator's event time is the smaller watermark of its two inputs, so the tuning broadcast must not
 * hold it back (a tuning source without watermarks would keep every window open forever): give the tuning stream a
 * strategy that marks it idle or emits {@code Long.MAX_VALUE} watermarks.
 */
public final class AlertSuppressor extends KeyedBroadcastProcessFunction<String, Alert, String, Alert> {

    /** Most sign-ins an alert shows: bounds the alert documents and this operator's state. */
    public static final int MAX_EVIDENCE = 50;

    static final String EVIDENCE_LIMITED =
            " (evidence limited to " + MAX_EVIDENCE + " sign-ins: the first of each source, then the oldest)";

    /** Serialized by Flink's POJO serializer for records, evidence included: never Kryo (checked by a test). */
    static final TypeInformation<SuppressionWindow> WINDOW_TYPE = TypeInformation.of(SuppressionWindow.class);

    private static final SignInSummary[] NO_SIGN_INS = new SignInSummary[0];
    private static final DeviceRegistrationEvent[] NO_REGISTRATIONS = new DeviceRegistrationEvent[0];

    /** The most device registrations an alert shows: the first ones, which began the chain. */
    static final int MAX_REGISTRATIONS = 10;

    private final BroadcastTuning tuning;

    /** The alert this key emitted in its current window; cleared by an event-time timer after the window's end. */
    private transient ValueState<SuppressionWindow> window;

    private transient Counter alertsDisabled;
    private transient Counter alertsAllowlisted;
    private transient Counter alertsExtended;
    private transient Counter alertsSuppressed;
    private transient Map<String, Counter> alertsByRule;

    /** @param initialTuning the records of the --tuning file, already checked */
    public AlertSuppressor(List<String> initialTuning) {
        this.tuning = new BroadcastTuning(initialTuning);
    }

    /**
     * What a key remembers of the alert it emitted in the current window: enough to recognize a repeat and to emit an
     * update with the same id and the evidence of both.
     *
     * @param windowEnd event time at which the window closes; its state is cleared then, or later for late alerts
     * @param evidence the evidence of the latest emitted revision, oldest first, at most {@value #MAX_EVIDENCE}
     * @param registrations the device registrations it shows, oldest first (never null: state written before the field
     *     existed restores it empty)
     */
    public record SuppressionWindow(
            String alertId,
            int revision,
            long firstEventTime,
            long lastEventTime,
            long windowEnd,
            SignInSummary[] evidence,
            DeviceRegistrationEvent[] registrations) {

        public SuppressionWindow {
            if (registrations == null) registrations = NO_REGISTRATIONS;
        }

        static SuppressionWindow of(Alert emitted, long windowEnd) {
            return new SuppressionWindow(
                    emitted.alertId(),
                    emitted.revision(),
                    emitted.firstEventTime(),
                    emitted.lastEventTime(),
                    windowEnd,
                    emitted.evidence(),
                    emitted.registrations());
        }
    }

    @Override
    public void open(OpenContext openContext) {
        window = getRuntimeContext().getState(new ValueStateDescriptor<>("suppression-window", WINDOW_TYPE));
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        alertsDisabled = metrics.counter("alertsDisabled");
        alertsAllowlisted = metrics.counter("alertsAllowlisted");
        alertsExtended = metrics.counter("alertsExtended");
        alertsSuppressed = metrics.counter("alertsSuppressed");
        tuning.registerMetrics(metrics);
        // registered up front, so that a dashboard shows every rule, at zero until it fires
        alertsByRule = new HashMap<>();
        for (RuleDefinition rule : RuleCatalogue.all()) {
            alertsByRule.put(rule.id(), metrics.addGroup("rule", rule.id()).counter("alerts"));
        }
    }

    @Override
    public void processBroadcastElement(String json, Context ctx, Collector<Alert> out) throws Exception {
        tuning.update(ctx.getBroadcastState(TuningState.DESCRIPTOR), json); // records arrive already checked
    }

    @Override
    public void processElement(Alert alert, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
        Tuning current = tuning(ctx);
        RuleParameters parameters = current.parameters(alert.ruleId(), alert.tenantId());
        if (!parameters.enabled()) {
            alertsDisabled.inc();
            return;
        }
        if (current.silencingAllowlist(alert) != null) {
            alertsAllowlisted.inc();
            return;
        }
        Alert tuned = alert.withSeverity(parameters.severity(), parameters.riskScore());
        SuppressionWindow open = window.value();
        if (open == null || tuned.lastEventTime() >= open.windowEnd()) {
            if (open != null) {
                // if the tenant's recentExclusion changed since, this misses, and onTimer tells the old timer apart
                ctx.timerService().deleteEventTimeTimer(open.windowEnd() + keptFor(alert.ruleId(), parameters));
            }
            emitFirst(tuned, parameters, ctx, out);
        } else {
            emitUpdateIfNew(open, tuned, out);
        }
    }

    /** Clears the window once it is kept no longer ({@link #keptFor}). */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        SuppressionWindow open = window.value();
        if (open == null) return;
        String key = ctx.getCurrentKey(); // rule|tenant|user|session: rule ids and tenant GUIDs hold no '|'
        int ruleEnd = key.indexOf('|');
        String ruleId = key.substring(0, ruleEnd);
        String tenantId = key.substring(ruleEnd + 1, key.indexOf('|', ruleEnd + 1));
        long closesAt = open.windowEnd() + keptFor(ruleId, tuning(ctx).parameters(ruleId, tenantId));
        if (timestamp < closesAt) {
            // a replaced window's timer, or the recentExclusion grew: the window stays until its own time
            ctx.timerService().registerEventTimeTimer(closesAt);
            return;
        }
        window.clear();
    }

    /**
     * How long past its end a window is kept for alerts that arrive late: the recentExclusion for unseen-asn, which
     * judges late sign-ins up to that far behind its watermark; nothing for the other rules, which see no late
     * sign-in.
     */
    private static long keptFor(String ruleId, RuleParameters parameters) {
        return RuleCatalogue.UNSEEN_ASN.equals(ruleId)
                ? parameters.recentExclusion().toMillis()
                : 0;
    }

    private void emitFirst(Alert alert, RuleParameters parameters, ReadOnlyContext ctx, Collector<Alert> out)
            throws Exception {
        Alert first = shown(
                alert,
                alert.alertId(),
                alert.revision(),
                alert.firstEventTime(),
                alert.lastEventTime(),
                union(NO_SIGN_INS, alert.evidence()),
                union(NO_REGISTRATIONS, alert.registrations()));
        long windowEnd = alert.lastEventTime() + parameters.suppression().toMillis();
        window.update(SuppressionWindow.of(first, windowEnd));
        ctx.timerService().registerEventTimeTimer(windowEnd + keptFor(alert.ruleId(), parameters));
        alertsByRule.get(first.ruleId()).inc();
        out.collect(first);
    }

    private void emitUpdateIfNew(SuppressionWindow open, Alert alert, Collector<Alert> out) throws Exception {
        SignInSummary[] union = union(open.evidence(), alert.evidence());
        DeviceRegistrationEvent[] registrations = union(open.registrations(), alert.registrations());
        if (showsOnly(shownOf(union), open.evidence()) && registrations.length == open.registrations().length) {
            alertsSuppressed.inc();
            return;
        }
        Alert update = shown(
                alert,
                open.alertId(),
                open.revision() + 1,
                Math.min(open.firstEventTime(), alert.firstEventTime()),
                Math.max(open.lastEventTime(), alert.lastEventTime()),
                union,
                registrations);
        window.update(SuppressionWindow.of(update, open.windowEnd()));
        alertsExtended.inc();
        out.collect(update);
    }

    private Tuning tuning(ReadOnlyContext ctx) throws Exception {
        return tuning.current(ctx.getBroadcastState(TuningState.DESCRIPTOR));
    }

    /** Both evidence lists, each sign-in once (the first copy seen wins), oldest first. */
    private static SignInSummary[] union(SignInSummary[] kept, SignInSummary[] added) {
        Map<String, SignInSummary> byId = new LinkedHashMap<>();
        for (SignInSummary[] evidence : List.of(kept, added)) {
            for (SignInSummary signIn : evidence) {
                byId.putIfAbsent(signIn.id(), signIn);
            }
        }
        SignInSummary[] union = byId.values().toArray(SignInSummary[]::new);
        Arrays.sort(union, SignInSummary.OLDEST_FIRST);
        return union;
    }

    /**
     * Both lists of registrations, each once (the first copy seen wins), oldest first. Few: a chain alert shows the one
     * registration of its match, and an update adds the registration of the next.
     */
    private static DeviceRegistrationEvent[] union(DeviceRegistrationEvent[] kept, DeviceRegistrationEvent[] added) {
        if (added.length == 0) return kept;
        Map<String, DeviceRegistrationEvent> byId = new LinkedHashMap<>();
        for (DeviceRegistrationEvent[] registrations : List.of(kept, added)) {
            for (DeviceRegistrationEvent registration : registrations) {
                if (byId.size() < MAX_REGISTRATIONS) byId.putIfAbsent(registration.id(), registration);
            }
        }
        DeviceRegistrationEvent[] union = byId.values().toArray(DeviceRegistrationEvent[]::new);
        Arrays.sort(union, Comparator.comparingLong(DeviceRegistrationEvent::eventTime));
        return union;
    }

    /** Whether the sign-ins are exactly those the emitted revision shows. */
    private static boolean showsOnly(SignInSummary[] signIns, SignInSummary[] emitted) {
        if (signIns.length != emitted.length) return false;
        for (int i = 0; i < signIns.length; i++) {
            if (!Objects.equals(signIns[i].id(), emitted[i].id())) return false;
        }
        return true;
    }

    /**
     * The evidence an alert shows of these sign-ins, oldest first: all of them up to {@value #MAX_EVIDENCE}, else the
     * first of each source and then the oldest of the rest.
     */
    static SignInSummary[] shownOf(SignInSummary[] oldestFirst) {
        if (oldestFirst.length <= MAX_EVIDENCE) return oldestFirst;
        boolean[] shown = new boolean[oldestFirst.length];
        int count = 0;
        Set<String> sources = new HashSet<>();
        for (int i = 0; i < oldestFirst.length && count < MAX_EVIDENCE; i++) {
            SignInSummary signIn = oldestFirst[i];
            if (sources.add(signIn.ipAddress() + '\n' + signIn.userAgent() + '\n' + signIn.interactive())) {
                shown[i] = true;
                count++;
            }
        }
        for (int i = 0; i < oldestFirst.length && count < MAX_EVIDENCE; i++) {
            if (!shown[i]) {
                shown[i] = true;
                count++;
            }
        }
        SignInSummary[] evidence = new SignInSummary[count];
        for (int i = 0, next = 0; i < oldestFirst.length; i++) {
            if (shown[i]) evidence[next++] = oldestFirst[i];
        }
        return evidence;
    }

    /**
     * The document to emit: the latest alert's rule, user and severity, under the given id and revision, showing
     * {@link #shownOf} the sign-ins, and the summary of what it shows.
     */
    private static Alert shown(
            Alert latest,
            String alertId,
            int revision,
            long firstEventTime,
            long lastEventTime,
            SignInSummary[] signInsOldestFirst,
            DeviceRegistrationEvent[] registrations) {
        SignInSummary[] evidence = shownOf(signInsOldestFirst);
        String summary = AlertSummaries.of(latest.ruleId(), evidence, latest.summary());
        return new Alert(
                alertId,
                revision,
                latest.ruleId(),
                latest.severity(),
                latest.riskScore(),
                latest.tenantId(),
                latest.userKey(),
                latest.userPrincipalName(),
                latest.userDisplayName(),
                latest.sessionId(),
                firstEventTime,
                lastEventTime,
                evidence.length < signInsOldestFirst.length ? summary + EVIDENCE_LIMITED : summary,
                evidence,
                registrations);
    }
}
