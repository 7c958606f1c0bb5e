package org.dcwatch.job.source;

import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.dcwatch.udfs.event.SourceFormat;
import org.dcwatch.udfs.parse.DeadLetter;
import org.dcwatch.udfs.parse.DeadLetterReason;
import org.dcwatch.udfs.parse.SignInHeader;

/**
 * Right after the sign-in source, in its task: sign-ins go on, dead letters go to the {@link #DEAD_LETTERS}
 * side output. Counts sign-ins per format and dead letters per reason (metric groups {@code format} and
 * {@code reason}: the source parses, but a source has no side outputs and its format no metric group), and sign-ins
 * that went on without moving event time ({@code signInsNotAdvancingEventTime}, see {@link TimeJumpGuard}).
 */
public final class SplitDeadLetters extends ProcessFunction<SignInOrDeadLetter, SignInHeader> {

    /** Input that is not a sign-in: the dead letters of the source's messages. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    private transient Map<SourceFormat, Counter> signInsByFormat;
    private transient Map<DeadLetterReason, Counter> deadLettersByReason;
    private transient Counter notAdvancingEventTime;

    @Override
    public void open(OpenContext openContext) {
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        signInsByFormat = new EnumMap<>(SourceFormat.class);
        for (SourceFormat format : SourceFormat.values()) {
            signInsByFormat.put(
                    format, metrics.addGroup("format", format.cliName()).counter("records"));
        }
        deadLettersByReason = new EnumMap<>(DeadLetterReason.class);
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            deadLettersByReason.put(
                    reason, metrics.addGroup("reason", reason.name()).counter("deadLetters"));
        }
        notAdvancingEventTime = metrics.counter("signInsNotAdvancingEventTime");
    }

    @Override
    public void processElement(SignInOrDeadLetter record, Context ctx, Collector<SignInHeader> out) {
        SignInHeader signIn = record.signIn();
        if (signIn == null) {
            DeadLetter deadLetter = record.deadLetter();
            deadLettersByReason.get(deadLetter.reason()).inc();
            ctx.output(DEAD_LETTERS, deadLetter);
            return;
        }
        signInsByFormat.get(signIn.format()).inc();
        if (!record.advancesEventTime()) notAdvancingEventTime.inc();
        out.collect(signIn);
    }
}
