package org.dcwatch.job.tuning;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.dcwatch.job.PipelineTags;
import org.dcwatch.udfs.parse.DeadLetter;
import org.dcwatch.udfs.parse.DeadLetterReason;

/**
 * Checks tuning updates once, before they are broadcast: a valid record goes on (normalized), a malformed one becomes
 * a dead letter here — once, rather than once per operator and parallel task — and the tuning in force stays as it
 * was.
 */
public final class CheckTuningRecords extends ProcessFunction<String, String> {

    private transient Counter rejected;

    @Override
    public void open(OpenContext openContext) {
        rejected = getRuntimeContext().getMetricGroup().counter("tuningRecordsRejected");
    }

    @Override
    public void processElement(String json, Context ctx, Collector<String> out) {
        if (json.isBlank()) return;
        try {
            out.collect(TuningRecord.parse(json).json());
        } catch (InvalidTuningException e) {
            rejected.inc();
            byte[] raw = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String text = raw.length <= DeadLetter.DEFAULT_RAW_LIMIT ? json : json.substring(0, DeadLetter.DEFAULT_RAW_LIMIT / 4);
            ctx.output(PipelineTags.DEAD_LETTERS,
                    new DeadLetter(DeadLetterReason.INVALID_TUNING, e.getMessage(), DeadLetter.WHOLE_MESSAGE, text, raw.length, "tuning"));
        }
    }
}
