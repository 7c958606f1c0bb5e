package org.dcwatch.job.source;

import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.dcwatch.job.PipelineTags;
import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.event.SourceFormat;
import org.dcwatch.udfs.parse.DeadLetter;
import org.dcwatch.udfs.parse.DeadLetterReason;
import org.dcwatch.udfs.parse.ParseOutput;
import org.dcwatch.udfs.parse.SignInParser;

/**
 * Raw messages to sign-in events; whatever is not a sign-in goes to the {@link PipelineTags#DEAD_LETTERS} side output
 * with its reason. Counts records per format and dead letters per reason (metric groups {@code format} and
 * {@code reason}).
 */
public final class ParseSignIns extends ProcessFunction<byte[], SignInEvent> {

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
    public void processElement(byte[] message, Context ctx, Collector<SignInEvent> out) {
        forwarder.ctx = ctx;
        forwarder.out = out;
        parser.parse(message, forwarder);
    }

    /** Hands the parser's output to Flink; one instance, re-pointed per message, so that parsing allocates no sink. */
    private final class Forwarder implements ParseOutput {
        Context ctx;
        Collector<SignInEvent> out;

        @Override
        public void event(SignInEvent event) {
            recordsByFormat.get(event.format()).inc();
            out.collect(event);
        }

        @Override
        public void deadLetter(DeadLetter deadLetter) {
            deadLettersByReason.get(deadLetter.reason()).inc();
            ctx.output(PipelineTags.DEAD_LETTERS, deadLetter);
        }
    }
}
