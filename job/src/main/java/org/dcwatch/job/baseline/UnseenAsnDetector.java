package org.dcwatch.job.baseline;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
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
import org.dcwatch.udfs.alert.AlertIds;
import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.event.SignInSummary;
import org.dcwatch.udfs.rules.RuleCatalogue;

/**
 * The {@code unseen-asn} rule (seed 004; docs/design.md, Rules): a successful device-code sign-in from an autonomous
 * system the user was not seen on in {@code [t − lookback, t − recentExclusion)} (30 days and 1 day by default, per
 * tenant), and that the tenant does not know (a {@code knownAsn} tuning record).
 *
 * <p>Keyed by {@link #baselineKey} ({@code tenantId|userKey}): two tenants never share a baseline. Every successful
 * sign-in with an ASN teaches the user's {@link AsnHistory}, whatever its protocol, whether late or not, and whether
 * the rule is on or off for the tenant, so that switching it on finds a baseline ready; sign-ins of a history bootstrap
 * and those that are not device-code sign-ins only teach ({@link UserSignIn#mayAlert()} false). The decision for a
 * sign-in is taken before it is learned.
 *
 * <p>Late sign-ins: the rule needs no window, and the seed, a query over the last day, would alert on a device-code
 * sign-in that Entra delivered hours late. So a late one ({@link UserSignIn#late()}) is judged like any other, against
 * the baseline as it stands, if it is at most the tenant's recentExclusion behind this operator's watermark; a later one
 * only teaches (metric {@code lateSignInsNotJudged}). Sightings after a sign-in cannot make its ASN seen (a gap longer
 * than the lookback starts a new span, so a span that a later sighting extends past the sign-in already reached into
 * its window), and ASNs are kept for recentExclusion beyond the lookback, so the baseline it meets is the one it would
 * have met on time — short of a hundred newer ASNs having pushed one out.
 *
 * <p>Copies: Azure re-publishes records, and this input is not de-duplicated. A copy of a sign-in that was alerted on
 * would raise the same alert again, with the same id and revision 0; on time the suppression window, still open,
 * drops it, but a copy arriving late can find that window closed. The user's {@link AlertedSignIns} remember what was
 * alerted on, and a copy of it, on time or late, raises nothing (metric {@code copiesDropped}).
 *
 * <p>State dies in event time: an ASN stops counting once it is older than the lookback, it is dropped (recentExclusion
 * later, for the late sign-ins) when the history is next written, and one cleanup timer a user, at the last sighting +
 * lookback + recentExclusion, drops what has expired and clears the state of a user who is gone, alerted sign-ins
 * included. Flink's state TTL is only a safety net (see {@link #historyDescriptor}). The operator's event time is the
 * lower of its two inputs' watermarks: the tuning stream must not hold it back (idleness, or a final watermark for a
 * file), or no cleanup timer ever fires.
 */
public final class UnseenAsnDetector extends KeyedBroadcastProcessFunction<String, UserSignIn, String, Alert> {

    /** Longer than the default baseline (30 + 1 days), so that in normal running the event-time timer always wins. */
    public static final Duration DEFAULT_STATE_SAFETY_TTL = RuleParameters.DEFAULT_LOOKBACK
            .plus(RuleParameters.DEFAULT_RECENT_EXCLUSION)
            .plusDays(7);

    /**
     * How finely the cleanup timer follows a user's last sighting. A day: the timer (and the state holding its time)
     * then moves at most once a day for a busy user, instead of with every hour of sign-ins; a baseline may outlive
     * its last ASN by up to a day, which costs nothing.
     */
    private static final long CLEANUP_GRANULARITY = Duration.ofDays(1).toMillis();

    private final BroadcastTuning tuning;
    private final Duration stateSafetyTtl;
    private transient ValueState<AsnHistory> history;
    private transient ValueState<AlertedSignIns> alerted;
    private transient Counter lateSignInsNotJudged;
    private transient Counter copiesDropped;

    /** @param initialTuning the --tuning file's records, checked at start-up */
    public UnseenAsnDetector(List<String> initialTuning) {
        this(initialTuning, DEFAULT_STATE_SAFETY_TTL);
    }

    /**
     * @param stateSafetyTtl the processing-time TTL of the state: raise it above lookback + recentExclusion + a week
     *     when a tenant is tuned to a longer baseline than the default
     */
    public UnseenAsnDetector(List<String> initialTuning, Duration stateSafetyTtl) {
        this.tuning = new BroadcastTuning(initialTuning);
        this.stateSafetyTtl = stateSafetyTtl;
    }

    /** The key of the user's baseline: the tenant and the user, since object ids and UPNs are only unique in a tenant. */
    public static String baselineKey(UserSignIn input) {
        return input.tenantId() + '|' + input.userKey();
    }

    /**
     * The user's ASN history. The event-time cleanup timer is what removes it; the TTL here only bounds the state of
     * users whose timer never fires, e.g. behind a watermark that stalls. It cannot be the mechanism: it runs on
     * processing time, so a replay of 30 days of history in an hour would expire nothing, and a restore after a long
     * stop would expire baselines that are current in event time; and its duration is fixed when the job starts, while
     * the lookback is tuned per tenant at run time. Written state refreshes it; expired state is never returned and is
     * dropped from full snapshots.
     */
    public static ValueStateDescriptor<AsnHistory> historyDescriptor(Duration stateSafetyTtl) {
        return withSafetyTtl(
                new ValueStateDescriptor<>("unseen-asn-history", TypeInformation.of(AsnHistory.class)), stateSafetyTtl);
    }

    /**
     * The sign-ins the user was alerted on: state of its own, so that a savepoint taken before it existed restores
     * (it starts empty). Cleared with the history, with the same safety net.
     */
    public static ValueStateDescriptor<AlertedSignIns> alertedDescriptor(Duration stateSafetyTtl) {
        return withSafetyTtl(
                new ValueStateDescriptor<>("unseen-asn-alerted", TypeInformation.of(AlertedSignIns.class)),
                stateSafetyTtl);
    }

    private static <T> ValueStateDescriptor<T> withSafetyTtl(
            ValueStateDescriptor<T> descriptor, Duration stateSafetyTtl) {
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(stateSafetyTtl)
                .useProcessingTime()
                .updateTtlOnCreateAndWrite()
                .neverReturnExpired()
                .cleanupFullSnapshot()
                // the heap backend's incremental cleanup visits entries on every state access, a cost on the hot path
                // for a safety net that full snapshots and the event-time timer already provide
                .disableCleanupInBackground()
                .build());
        return descriptor;
    }

    @Override
    public void open(OpenContext openContext) {
        history = getRuntimeContext().getState(historyDescriptor(stateSafetyTtl));
        alerted = getRuntimeContext().getState(alertedDescriptor(stateSafetyTtl));
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        lateSignInsNotJudged = metrics.counter("lateSignInsNotJudged");
        copiesDropped = metrics.counter("copiesDropped");
        tuning.registerMetrics(metrics);
    }

    @Override
    public void processBroadcastElement(String json, Context ctx, Collector<Alert> out) throws Exception {
        tuning.update(ctx.getBroadcastState(TuningState.DESCRIPTOR), json); // records arrive already checked
    }

    @Override
    public void processElement(UserSignIn input, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
        if (!teachesBaseline(input)) return;
        RuleParameters parameters = tuning(ctx).parameters(RuleCatalogue.UNSEEN_ASN, input.tenantId());
        AsnHistory known = history.value();
        if (known == null) known = new AsnHistory();

        if (input.mayAlert() && parameters.enabled()) {
            decide(input, known, parameters, ctx, out);
        }

        learn(known, input, parameters, ctx);
    }

    /** Alerts on the sign-in if its ASN is new to the user and to the tenant, unless it is too late or a copy. */
    private void decide(
            UserSignIn input, AsnHistory known, RuleParameters parameters, ReadOnlyContext ctx, Collector<Alert> out)
            throws Exception {
        SignInSummary signIn = input.deviceCode();
        long judgedFrom = judgedFrom(ctx.timerService().currentWatermark(), parameters);
        if (input.late() && signIn.eventTime() < judgedFrom) {
            lateSignInsNotJudged.inc();
            return;
        }
        long windowStart = signIn.eventTime() - parameters.lookback().toMillis();
        long windowEnd = signIn.eventTime() - parameters.recentExclusion().toMillis();
        if (known.seenWithin(signIn.asn(), windowStart, windowEnd)
                || tuning(ctx).isKnownAsn(signIn.tenantId(), signIn.asn(), signIn.eventTime())) {
            return;
        }
        AlertedSignIns before = alerted.value();
        if (before == null) before = AlertedSignIns.NONE;
        if (before.contains(signIn.id())) {
            copiesDropped.inc();
            return;
        }
        out.collect(alert(signIn, known.countSeenWithin(windowStart, windowEnd), parameters));
        alerted.update(before.withoutBefore(judgedFrom).with(signIn.id(), signIn.eventTime()));
    }

    /**
     * Adds the sign-in's ASN to the user's history. A sighting that moves the ASN's span by less than an hour is not
     * written ({@link AsnHistory#SIGHTING_PRECISION}): a user signing in every few minutes from one ASN then costs a
     * state read, not a state write, and the spans stay exact to the hour, which a 30-day baseline does not notice.
     */
    private void learn(AsnHistory known, UserSignIn signIn, RuleParameters parameters, ReadOnlyContext ctx)
            throws Exception {
        long lookback = parameters.lookback().toMillis();
        long watermark = ctx.timerService().currentWatermark();
        if (known.record(signIn.asn(), signIn.eventTime(), lookback, expiredBefore(watermark, parameters))) {
            if (scheduleCleanup(known, parameters, ctx)) {
                // at most once a day: a busy user's timer keeps moving and never fires
                forgetAlertedBefore(judgedFrom(watermark, parameters));
            }
            history.update(known);
        }
    }

    /**
     * Drops the user's expired ASNs and alerted sign-ins; clears the state when no ASN is left, else waits for the last
     * one to expire.
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        AsnHistory known = history.value();
        if (known == null) { // the safety-net TTL got there first
            alerted.clear();
            return;
        }
        RuleParameters parameters = tuning(ctx).parameters(RuleCatalogue.UNSEEN_ASN, tenantOf(ctx.getCurrentKey()));
        known.forgetLastSeenBefore(expiredBefore(timestamp, parameters));
        if (known.isEmpty()) {
            history.clear();
            alerted.clear();
            return;
        }
        forgetAlertedBefore(judgedFrom(timestamp, parameters));
        scheduleCleanup(known, parameters, ctx);
        history.update(known);
    }

    /** Drops the alerted sign-ins timed before the cutoff, whose copies would not be judged any more. */
    private void forgetAlertedBefore(long cutoff) throws Exception {
        AlertedSignIns before = alerted.value();
        if (before == null) return;
        AlertedSignIns after = before.withoutBefore(cutoff);
        if (after.isEmpty()) {
            alerted.clear();
        } else if (after != before) {
            alerted.update(after);
        }
    }

    /**
     * Sign-ins with an ASN, of a known tenant and user: without them every anonymous sign-in of a tenant would share
     * one baseline. Only successful ones arrive ({@link org.dcwatch.job.detect.RouteSignIns}: the seed's
     * {@code ResultType == 0, isnotempty(AutonomousSystemNumber)}).
     */
    private static boolean teachesBaseline(UserSignIn signIn) {
        return signIn.asn() != SignInEvent.NO_ASN && signIn.tenantId() != null && signIn.userKey() != null;
    }

    /**
     * Sign-ins timed before this are not judged any more: they arrived more than recentExclusion behind the watermark,
     * later than the seed's query over that last stretch would still have seen them.
     */
    private static long judgedFrom(long watermark, RuleParameters parameters) {
        return minus(watermark, parameters.recentExclusion().toMillis());
    }

    /**
     * ASNs last seen before this are useless to every sign-in still to be decided: those are at most recentExclusion
     * behind the watermark ({@link #judgedFrom}), and their baseline starts at most one lookback before them.
     */
    private static long expiredBefore(long watermark, RuleParameters parameters) {
        return minus(judgedFrom(watermark, parameters), parameters.lookback().toMillis());
    }

    /** The instant so long before; the earliest one for a watermark that has not started. */
    private static long minus(long instant, long millis) {
        return instant < Long.MIN_VALUE + millis ? Long.MIN_VALUE : instant - millis;
    }

    /**
     * Keeps the user's one cleanup timer at the first full day (UTC) after the last sighting + lookback +
     * recentExclusion, when the last ASN has expired ({@link #expiredBefore}). The day keeps a busy user from moving the
     * timer with every sign-in, and being strictly after that instant it always lies beyond the watermark and beyond a
     * timer that is firing. Returns whether the timer moved.
     */
    private static boolean scheduleCleanup(AsnHistory known, RuleParameters parameters, ReadOnlyContext ctx) {
        long due = known.latestSighting()
                + parameters.lookback().toMillis()
                + parameters.recentExclusion().toMillis();
        long cleanupTime = Math.floorDiv(due, CLEANUP_GRANULARITY) * CLEANUP_GRANULARITY + CLEANUP_GRANULARITY;
        if (cleanupTime == known.getCleanupTimer()) return false;
        if (known.getCleanupTimer() != AsnHistory.NO_TIMER) {
            ctx.timerService().deleteEventTimeTimer(known.getCleanupTimer());
        }
        ctx.timerService().registerEventTimeTimer(cleanupTime);
        known.setCleanupTimer(cleanupTime);
        return true;
    }

    private static Alert alert(SignInSummary signIn, int baselineAsns, RuleParameters parameters) {
        String alertId = AlertIds.of(RuleCatalogue.UNSEEN_ASN, signIn.tenantId(), signIn.userKey(), null, signIn.id());
        return new Alert(
                alertId,
                0,
                RuleCatalogue.UNSEEN_ASN,
                parameters.severity(),
                parameters.riskScore(),
                signIn.tenantId(),
                signIn.userKey(),
                signIn.userPrincipalName(),
                signIn.userDisplayName(),
                null,
                signIn.eventTime(),
                signIn.eventTime(),
                summary(signIn.asn(), baselineAsns, parameters.lookback()),
                new SignInSummary[] {signIn});
    }

    /** "device-code sign-in from AS64500, not among the user's 3 ASNs of the last 30 days". */
    private static String summary(int asn, int baselineAsns, Duration lookback) {
        String period = "the last " + describe(lookback);
        String from = "device-code sign-in from AS" + Integer.toUnsignedString(asn);
        if (baselineAsns == 0) return from + ", no ASN known for the user in " + period;
        return from + ", not among the user's " + baselineAsns + (baselineAsns == 1 ? " ASN of " : " ASNs of ")
                + period;
    }

    private static String describe(Duration duration) {
        if (duration.toDays() > 0 && duration.equals(Duration.ofDays(duration.toDays()))) {
            return plural(duration.toDays(), "day");
        }
        if (duration.toHours() > 0 && duration.equals(Duration.ofHours(duration.toHours()))) {
            return plural(duration.toHours(), "hour");
        }
        return plural(duration.toMinutes(), "minute");
    }

    private static String plural(long amount, String unit) {
        return amount + " " + unit + (amount == 1 ? "" : "s");
    }

    /** The tenant part of a {@link #baselineKey}: tenant ids are GUIDs, they hold no {@code |}. */
    private static String tenantOf(String baselineKey) {
        return baselineKey.substring(0, baselineKey.indexOf('|'));
    }

    private Tuning tuning(ReadOnlyContext ctx) throws Exception {
        return tuning.current(ctx.getBroadcastState(TuningState.DESCRIPTOR));
    }
}
