package org.dcwatch.job.source;

import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.dcwatch.udfs.event.DeviceRegistrationEvent;
import org.dcwatch.udfs.event.SourceFormat;
import org.dcwatch.udfs.parse.DeadLetter;
import org.dcwatch.udfs.parse.DeadLetterReason;
import org.dcwatch.udfs.parse.SignInHeader;

/**
 * Right after the sign-in source, in its task: sign-ins go on, dead letters go to the {@link #DEAD_LETTERS} side
 * output, device registrations of the audit log on the same stream to the {@link #DEVICE_REGISTRATIONS} one, and
 * audit records of other operations are counted and dropped. Counts sign-ins per format and dead letters per reason
 * (metric groups {@code format} and {@code reason}: the source parses, but a source has no side outputs and its format
 * no metric group), sign-ins that went on without moving event time ({@code signInsNotAdvancingEventTime}, see
 * {@link TimeJumpGuard}), {@code deviceRegistrations} and {@code auditRecordsSkipped}; the skipped ones also in the
 * accumulator {@link #AUDIT_RECORDS_SKIPPED}, for the summary of a run to its end.
 */
public final class SplitDeadLetters extends ProcessFunction<SignInOrDeadLetter, SignInHeader> {

    /** Input that is not a sign-in: the dead letters of the source's messages. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    /** The device registrations of the audit log, for the rules that follow a device-code sign-in to one. */
    public static final OutputTag<DeviceRegistrationEvent> DEVICE_REGISTRATIONS =
            new OutputTag<>("device-registrations", TypeInformation.of(DeviceRegistrationEvent.class));

    /** The accumulator that counts skipped audit records over the job's run. */
    public static final String AUDIT_RECORDS_SKIPPED = "auditRecordsSkipped";

    private transient Map<SourceFormat, Counter> signInsByFormat;
    private transient Map<DeadLetterReason, Counter> deadLettersByReason;
    private transient Counter notAdvancingEventTime;
    private transient Counter deviceRegistrations;
    private transient Counter auditRecordsSkipped;
    private transient LongCounter skippedOverTheRun;

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
        deviceRegistrations = metrics.counter("deviceRegistrations");
        auditRecordsSkipped = metrics.counter("auditRecordsSkipped");
        skippedOverTheRun = new LongCounter();
        getRuntimeContext().addAccumulator(AUDIT_RECORDS_SKIPPED, skippedOverTheRun);
    }

    @Override
    public void processElement(SignInOrDeadLetter record, Context ctx, Collector<SignInHeader> out) {
        SignInHeader signIn = record.signIn();
        if (signIn == null) {
            if (record.registration() != null) {
                deviceRegistrations.inc();
                ctx.output(DEVICE_REGISTRATIONS, record.registration());
                return;
            }
            if (record.skipped() != null) {
                auditRecordsSkipped.inc();
                skippedOverTheRun.add(1);
                return;
            }
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
