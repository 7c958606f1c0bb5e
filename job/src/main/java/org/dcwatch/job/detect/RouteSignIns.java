package org.dcwatch.job.detect;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.dcwatch.job.baseline.UserSignIn;
import org.dcwatch.job.config.JobSettings;
import org.dcwatch.udfs.classify.DeviceCodeFlow;
import org.dcwatch.udfs.classify.PrimaryRefreshToken;
import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.event.SourceFormat;
import org.dcwatch.udfs.parse.DeadLetter;
import org.dcwatch.udfs.parse.SignInHeader;
import org.dcwatch.udfs.parse.SignInParser;

/**
 * Sends each sign-in where it is needed, and nowhere else:
 *
 * <ul>
 *   <li>main output: on-time device-code sign-ins — the input of every rule (a small share of the stream, so the rules'
 *       state and the de-duplication stay small);
 *   <li>{@link #BASELINE}: every successful user sign-in with an ASN, on time or late — what the per-user
 *       ASN history learns from. Device-code ones carry what the unseen-ASN rule needs to alert on them, late ones
 *       too, marked late: that rule needs no window, and decides itself how late is too late;
 *   <li>{@link #LATE}: sign-ins behind the watermark, which no other rule sees;
 *   <li>{@link #PRIMARY_REFRESH_TOKEN}: successful on-time user sign-ins that present a Primary Refresh Token, where a
 *       device-registration chain ends (each is also learned by the baseline).
 * </ul>
 *
 * Service-principal and managed-identity sign-ins are parsed but no rule uses them; they are counted
 * ({@code signInsNotOfUsers}) and go no further. A successful user sign-in whose ASN is unknown (absent, "unknown", out
 * of 1..4294967295) still goes to the session rules and visibility; only unseen-asn is blind to it, and it is counted
 * ({@code signInsWithoutAsn}). A user sign-in without a tenant id goes to the rules too, but not to the baseline,
 * which is per tenant and user: every tenant's users would share one null tenant there (counted,
 * {@code signInsWithoutTenant}).
 *
 * <p>History: sign-ins timed before {@link JobSettings#learnOnlyBefore()} belong to the history of a
 * {@code run --history} bootstrap. They teach the baseline and go nowhere else — no rule, no visibility record, not
 * reported as late (behind the history's own watermark they are history all the same) — and are counted
 * ({@code historySignIns}). The line is drawn on event time, because the history and the live topic meet there: the
 * topic is read from the instant the history export ends, and a sign-in before it is in the export (a copy of one in
 * the topic's first minutes teaches the baseline twice, which changes nothing).
 *
 * <p>Sign-ins arrive as {@link SignInHeader}s ({@link org.dcwatch.job.source.ParseSignIns}): enough to route them and
 * to teach the baseline. Those that go to the rules or to the late output are read in full from their record here.
 */
public final class RouteSignIns extends ProcessFunction<SignInHeader, SignInEvent> {

    /**
     * Sign-ins behind the watermark: reported, learned by the baseline, given to no rule but unseen-asn (which needs no
     * window, and judges late device-code sign-ins from the baseline output).
     */
    public static final OutputTag<SignInEvent> LATE = new OutputTag<>("late", TypeInformation.of(SignInEvent.class));

    /** Successful on-time user sign-ins with a tenant that present a Primary Refresh Token, not device-code ones. */
    public static final OutputTag<SignInEvent> PRIMARY_REFRESH_TOKEN =
            new OutputTag<>("primary-refresh-token", TypeInformation.of(SignInEvent.class));

    /** Successful user sign-ins with an ASN, on time or late: what the per-user ASN baseline learns from. */
    public static final OutputTag<UserSignIn> BASELINE =
            new OutputTag<>("baseline", TypeInformation.of(UserSignIn.class));

    private final long learnOnlyBefore;
    private final SourceFormat format;

    private transient Counter late;
    private transient Counter notOfUsers;
    private transient Counter history;
    private transient Counter withoutAsn;
    private transient Counter withoutTenant;
    private transient volatile long watermark = Long.MIN_VALUE;

    private transient SignInParser parser;

    /**
     * @param learnOnlyBefore see {@link JobSettings#learnOnlyBefore()}
     * @param format the format the parser was forced to, or null (see {@link JobSettings#format()})
     */
    public RouteSignIns(long learnOnlyBefore, SourceFormat format) {
        this.learnOnlyBefore = learnOnlyBefore;
        this.format = format;
    }

    @Override
    public void open(OpenContext openContext) {
        // reads records the source task's parser has checked already: their size was checked there too
        parser = new SignInParser(format, DeadLetter.DEFAULT_RAW_LIMIT, Integer.MAX_VALUE);
        late = getRuntimeContext().getMetricGroup().counter("lateSignIns");
        notOfUsers = getRuntimeContext().getMetricGroup().counter("signInsNotOfUsers");
        history = getRuntimeContext().getMetricGroup().counter("historySignIns");
        withoutAsn = getRuntimeContext().getMetricGroup().counter("signInsWithoutAsn");
        withoutTenant = getRuntimeContext().getMetricGroup().counter("signInsWithoutTenant");
        // how far event time trails the wall clock: Entra's delivery delay plus the job's own backlog
        getRuntimeContext()
                .getMetricGroup()
                .<Long, Gauge<Long>>gauge(
                        "eventTimeLagMillis",
                        () -> watermark == Long.MIN_VALUE ? 0L : System.currentTimeMillis() - watermark);
    }

    @Override
    public void processElement(SignInHeader signIn, Context ctx, Collector<SignInEvent> out) {
        watermark = ctx.timerService().currentWatermark();
        boolean fromHistory = signIn.eventTime() < learnOnlyBefore;
        boolean isLate = !fromHistory && signIn.eventTime() < watermark;
        boolean userSignIn = signIn.isUserSignIn() && signIn.userKey() != null;
        boolean deviceCode = userSignIn
                && !fromHistory
                && DeviceCodeFlow.isDeviceCode(signIn.authenticationProtocol(), signIn.originalTransferMethod());
        // the one decision of which sign-ins the rules see; the unseen-ASN rule may alert on the same ones, and on the
        // late ones besides
        boolean forTheRules = deviceCode && !isLate;
        boolean hasTenant = signIn.tenantId() != null;
        boolean tokenUse = userSignIn
                && !deviceCode
                && !fromHistory
                && !isLate
                && hasTenant
                && signIn.isSuccess()
                && PrimaryRefreshToken.isPresented(signIn.incomingTokenType());
        SignInEvent whole = isLate || forTheRules || tokenUse ? parser.readRecord(signIn) : null;

        if (fromHistory) {
            history.inc();
        } else if (isLate) {
            late.inc();
            ctx.output(LATE, whole);
        }
        if (!userSignIn) {
            notOfUsers.inc();
            return;
        }
        if (!hasTenant) withoutTenant.inc();
        if (signIn.isSuccess()) {
            if (signIn.asn() == SignInEvent.NO_ASN) {
                withoutAsn.inc();
            } else if (hasTenant) {
                ctx.output(
                        BASELINE,
                        !deviceCode
                                ? UserSignIn.learnOnly(signIn)
                                : isLate ? UserSignIn.late(whole) : UserSignIn.of(whole, true));
            }
        }
        if (tokenUse) {
            ctx.output(PRIMARY_REFRESH_TOKEN, whole);
        }
        if (forTheRules) {
            out.collect(whole);
        }
    }
}
