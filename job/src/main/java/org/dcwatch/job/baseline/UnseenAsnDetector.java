package org.dcwatch.job.baseline;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.dcwatch.job.tuning.BroadcastTuning;
import org.dcwatch.job.tuning.RuleParameters;
import org.dcwatch.job.tuning.Tuning;
import org.dcwatch.job.tuning.TuningState;
import org.dcwatch.udfs.alert.Alert;
import org.dcwatch.udfs.alert.AlertIds;
import org.dcwatch.udfs.event.SignInSummary;
import org.dcwatch.udfs.rules.RuleCatalogue;

/**
 * The {@code unseen-asn} rule (seed 004, DESIGN.md 4): a successful device-code sign-in from an autonomous system the
 * user was not seen on in {@code [t − lookback, t − recentExclusion)} (30 days and 1 day by default, per tenant), and
 * that the tenant does not know (a {@code knownAsn} tuning record).
 *
 * <p>Keyed by {@link #baselineKey} ({@code tenantId|userKey}): two tenants never share a baseline. Every successful
 * sign-in with an ASN teaches the user's {@link AsnHistory}, whatever its protocol, whether late or not, and whether
 * the rule is on or off for the tenant, so that switching it on finds a baseline ready; late sign-ins and those of a
 * history bootstrap only teach ({@link UserSignIn#mayAlert()} false). The decision for a sign-in is taken before it is
 * learned.
 *
 * <p>State dies in event time: an ASN stops counting once it is older than the lookback, it is dropped when the
 * history is next written, and one cleanup timer a user, at the last sighting + lookback + recentExclusion, drops what
 * has expired and clears the state of a user who is gone. Flink's state TTL is only a safety net (see
 * {@link #historyDescriptor}). The operator's event time is the lower of its two inputs' watermarks: the tuning stream
 * must not hold it back (idleness, or a final watermark for a file), or no cleanup timer ever fires.
 */
public final class UnseenAsnDetector extends KeyedBroadcastProcessFunction<String, UserSignIn, String, Alert> {

    /** Longer than the default baseline (30 + 1 days), so that in normal running the event-time timer always wins. */
    public static final Duration DEFAULT_STATE_SAFETY_TTL =
            RuleParameters.DEFAULT_LOOKBACK.plus(RuleParameters.DEFAULT_RECENT_EXCLUSION).plusDays(7);

    /**
     * How finely the cleanup timer follows a user's last sighting. A day: the timer (and the state holding its time)
     * then moves at most once a day for a busy user, instead of with every hour of sign-ins; a baseline may outlive
     * its last ASN by up to a day, which costs nothing.
     */
    private static final long CLEANUP_GRANULARITY = Duration.ofDays(1).toMillis();

    private final BroadcastTuning tuning;
    private final Duration stateSafetyTtl;
    private transient ValueState<AsnHistory> history;

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
        ValueStateDescriptor<AsnHistory> descriptor =
                new ValueStateDescriptor<>("unseen-asn-history", TypeInformation.of(AsnHistory.class));
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(stateSafetyTtl)
                .useProcessingTime()
                .updateTtlOnCreateAndWrite()
                .neverReturnExpired()
                .cleanupFullSnapshot()
                // the heap backend's incremental cleanup visits entries on every state access: measured at 6% of the
                // job's time, for a safety net that full snapshots and the event-time timer already provide
                .disableCleanupInBackground()
                .build());
        return descriptor;
    }

    @Override
    public void open(OpenContext openContext) {
        history = getRuntimeContext().getState(historyDescriptor(stateSafetyTtl));
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
            SignInSummary signIn = input.deviceCode();
            long windowStart = signIn.eventTime() - parameters.lookback().toMillis();
            long windowEnd = signIn.eventTime() - parameters.recentExclusion().toMillis();
            if (!known.seenWithin(signIn.asn(), windowStart, windowEnd)
                    && !tuning(ctx).isKnownAsn(signIn.tenantId(), signIn.asn(), signIn.eventTime())) {
                out.collect(alert(signIn, known.countSeenWithin(windowStart, windowEnd), parameters));
            }
        }

        learn(known, input, parameters, ctx);
    }

    /**
     * Adds the sign-in's ASN to the user's history. A sighting that moves the ASN's span by less than an hour is not
     * written ({@link AsnHistory#SIGHTING_PRECISION}): a user signing in every few minutes from one ASN then costs a
     * state read, not a state write, and the spans stay exact to the hour, which a 30-day baseline does not notice.
     */
    private void learn(AsnHistory known, UserSignIn signIn, RuleParameters parameters, ReadOnlyContext ctx)
            throws Exception {
        long lookback = parameters.lookback().toMillis();
        long expiredBefore = expiredBefore(ctx.timerService().currentWatermark(), lookback);
        if (known.record(signIn.asn(), signIn.eventTime(), lookback, expiredBefore)) {
            scheduleCleanup(known, parameters, ctx);
            history.update(known);
        }
    }

    /** Drops the user's expired ASNs; clears the state when none are left, else waits for the last one to expire. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        AsnHistory known = history.value();
        if (known == null) return; // the safety-net TTL got there first
        RuleParameters parameters = tuning(ctx).parameters(RuleCatalogue.UNSEEN_ASN, tenantOf(ctx.getCurrentKey()));
        known.forgetLastSeenBefore(expiredBefore(timestamp, parameters.lookback().toMillis()));
        if (known.isEmpty()) {
            history.clear();
            return;
        }
        scheduleCleanup(known, parameters, ctx);
        history.update(known);
    }

    /**
     * Sign-ins with an ASN, of a known tenant and user: without them every anonymous sign-in of a tenant would share
     * one baseline. Only successful ones arrive ({@link org.dcwatch.job.detect.RouteSignIns}: the seed's
     * {@code ResultType == 0, isnotempty(AutonomousSystemNumber)}).
     */
    private static boolean teachesBaseline(UserSignIn signIn) {
        return signIn.asn() > 0 && signIn.tenantId() != null && signIn.userKey() != null;
    }

    /**
     * ASNs last seen before this are useless to every sign-in still to be decided: those are not behind the watermark,
     * and their baseline starts at most one lookback before it.
     */
    private static long expiredBefore(long watermark, long lookback) {
        return watermark < Long.MIN_VALUE + lookback ? Long.MIN_VALUE : watermark - lookback;
    }

    /**
     * Keeps the user's one cleanup timer at the first full day (UTC) after the last sighting + lookback +
     * recentExclusion. The day keeps a busy user from moving the timer with every sign-in, and being strictly after the
     * last sighting + lookback it always lies beyond the watermark and beyond a timer that is firing.
     */
    private static void scheduleCleanup(AsnHistory known, RuleParameters parameters, ReadOnlyContext ctx) {
        long due = known.latestSighting() + parameters.lookback().toMillis() + parameters.recentExclusion().toMillis();
        long cleanupTime = Math.floorDiv(due, CLEANUP_GRANULARITY) * CLEANUP_GRANULARITY + CLEANUP_GRANULARITY;
        if (cleanupTime == known.getCleanupTimer()) return;
        if (known.getCleanupTimer() != AsnHistory.NO_TIMER) {
            ctx.timerService().deleteEventTimeTimer(known.getCleanupTimer());
        }
        ctx.timerService().registerEventTimeTimer(cleanupTime);
        known.setCleanupTimer(cleanupTime);
    }

    private static Alert alert(SignInSummary signIn, int baselineAsns, RuleParameters parameters) {
        String alertId = AlertIds.of(RuleCatalogue.UNSEEN_ASN, signIn.tenantId(), signIn.userKey(), null, signIn.id());
        return new Alert(alertId, 0, RuleCatalogue.UNSEEN_ASN, parameters.severity(), parameters.riskScore(),
                signIn.tenantId(), signIn.userKey(), signIn.userPrincipalName(), signIn.userDisplayName(), null,
                signIn.eventTime(), signIn.eventTime(), summary(signIn.asn(), baselineAsns, parameters.lookback()),
                new SignInSummary[] {signIn});
    }

    /** "device-code sign-in from AS64500, not among the user's 3 ASNs of the last 30 days". */
    private static String summary(int asn, int baselineAsns, Duration lookback) {
        String period = "the last " + describe(lookback);
        if (baselineAsns == 0) return "device-code sign-in from AS" + asn + ", no ASN known for the user in " + period;
        return "device-code sign-in from AS" + asn + ", not among the user's " + baselineAsns
                + (baselineAsns == 1 ? " ASN of " : " ASNs of ") + period;
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
