package org.dcwatch.job.detect;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.dcwatch.job.PipelineTags;
import org.dcwatch.job.baseline.UserSignIn;
import org.dcwatch.udfs.classify.DeviceCodeFlow;
import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.event.SignInSummary;

/**
 * Sends each sign-in where it is needed, and nowhere else:
 *
 * <ul>
 *   <li>main output: on-time device-code sign-ins — the input of every rule (about 1% of the stream, so the rules'
 *       state and the de-duplication stay small);
 *   <li>{@link PipelineTags#BASELINE}: every successful user sign-in with an ASN, on time or late — what the per-user
 *       ASN history learns from;
 *   <li>{@link PipelineTags#LATE}: sign-ins behind the watermark, which no rule sees.
 * </ul>
 *
 * Service-principal and managed-identity sign-ins are parsed but no rule uses them; they are counted
 * ({@code signInsNotOfUsers}) and go no further.
 */
public final class RouteSignIns extends ProcessFunction<SignInEvent, SignInEvent> {

    private transient Counter late;
    private transient Counter notOfUsers;
    private transient volatile long watermark = Long.MIN_VALUE;

    @Override
    public void open(OpenContext openContext) {
        late = getRuntimeContext().getMetricGroup().counter("lateSignIns");
        notOfUsers = getRuntimeContext().getMetricGroup().counter("signInsNotOfUsers");
        // how far event time trails the wall clock: Entra's delivery delay plus the job's own backlog
        getRuntimeContext().getMetricGroup().<Long, Gauge<Long>>gauge("eventTimeLagMillis",
                () -> watermark == Long.MIN_VALUE ? 0L : System.currentTimeMillis() - watermark);
    }

    @Override
    public void processElement(SignInEvent signIn, Context ctx, Collector<SignInEvent> out) {
        watermark = ctx.timerService().currentWatermark();
        boolean isLate = signIn.eventTime() < watermark;
        if (isLate) {
            late.inc();
            ctx.output(PipelineTags.LATE, signIn);
        }
        if (!signIn.isUserSignIn() || signIn.userKey() == null) {
            notOfUsers.inc();
            return;
        }
        if (signIn.isSuccess() && signIn.asn() > 0) {
            ctx.output(PipelineTags.BASELINE, new UserSignIn(SignInSummary.of(signIn), isLate));
        }
        if (!isLate && DeviceCodeFlow.isDeviceCode(signIn)) {
            out.collect(signIn);
        }
    }
}
