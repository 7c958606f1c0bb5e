package org.dcwatch.job.source;

import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.dcwatch.job.PipelineTags;
import org.dcwatch.udfs.event.SourceFormat;
import org.dcwatch.udfs.parse.DeadLetter;
import org.dcwatch.udfs.parse.DeadLetterReason;
import org.dcwatch.udfs.parse.HeaderOutput;
import org.dcwatch.udfs.parse.SignInHeader;
import org.dcwatch.udfs.parse.SignInParser;

/**
 * Raw messages to sign-ins; whatever is not a sign-in goes to the {@link PipelineTags#DEAD_LETTERS} side output with
 * its reason. Counts records per format and dead letters per reason (metric groups {@code format} and {@code reason}).
 *
 * <p>Every record is checked in full, but a sign-in leaves as a {@link SignInHeader}: the values that route it, and
 * its record's bytes. The router reads in full the few sign-ins that need everything; the rest only teach the baseline,
 * and decoding the values nobody read of them was 7–18% of the parser's time and 60% of what it allocated.
 */
public final class ParseSignIns extends ProcessFunction<byte[], SignInHeader> {

    private final SourceFormat forcedFormat;
    private final int maxMessageBytes;

    private transient SignInParser parser;
    private transient Map<SourceFormat, Counter> recordsByFormat;
    private transient Map<DeadLetterReason, Counter> deadLettersByReason;
    private transient Forwarder forwarder;

    /**
     * @param forcedFormat the format every record must have, or null to detect it per record
     */
    public ParseSignIns(SourceFormat forcedFormat, int maxMessageBytes) {
        this.forcedFormat = forcedFormat;
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public void open(OpenContext openContext) {
        parser = new SignInParser(forcedFormat, DeadLetter.DEFAULT_RAW_LIMIT, maxMessageBytes);
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        recordsByFormat = new EnumMap<>(SourceFormat.class);
        for (SourceFormat format : SourceFormat.values()) {
            recordsByFormat.put(format, metrics.addGroup("format", format.cliName()).counter("records"));
        }
        deadLettersByReason = new EnumMap<>(DeadLetterReason.class);
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            deadLettersByReason.put(reason, metrics.addGroup("reason", reason.name()).counter("deadLetters"));
        }
        forwarder = new Forwarder();
    }

    @Override
    public void processElement(byte[] message, Context ctx, Collector<SignInHeader> out) {
        forwarder.ctx = ctx;
        forwarder.out = out;
        parser.parseHeaders(message, forwarder);
    }

    /** Hands the parser's output to Flink; one instance, re-pointed per message, so that parsing allocates no sink. */
    private final class Forwarder implements HeaderOutput {
        Context ctx;
        Collector<SignInHeader> out;

        @Override
        public void header(SignInHeader signIn) {
            recordsByFormat.get(signIn.format()).inc();
            out.collect(signIn);
        }

        @Override
        public void deadLetter(DeadLetter deadLetter) {
            deadLettersByReason.get(deadLetter.reason()).inc();
            ctx.output(PipelineTags.DEAD_LETTERS, deadLetter);
        }
    }
}
