package org.dcwatch.job.detect;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.dcwatch.udfs.event.SignInEvent;

/**
 * Drops re-published sign-ins: Azure sends some records twice, and Event Hubs delivers at least once. Keyed by
 * {@link #key}; the first copy passes, later copies within the horizon are counted ({@code duplicatesDropped}) and
 * dropped. State dies with the event-time timer at the first copy's time plus the horizon. Alerts carry deterministic
 * ids, so a duplicate arriving after the horizon cannot create a second alert either.
 */
public final class DropDuplicates extends KeyedProcessFunction<String, SignInEvent, SignInEvent> {

    private final long horizonMillis;

    private transient ValueState<Boolean> seen;
    private transient Counter duplicates;

    public DropDuplicates(Duration horizon) {
        this.horizonMillis = horizon.toMillis();
    }

    /**
     * Tenant and sign-in id. The parser derives an id from the bytes of a record that has none, so every parsed
     * sign-in has one; an event made otherwise without an id is identified by what a re-publication repeats exactly.
     */
    public static KeySelector<SignInEvent, String> keySelector() {
        return DropDuplicates::key;
    }

    static String key(SignInEvent e) {
        if (e.id() != null) {
            return e.tenantId() + '|' + e.id();
        }
        return e.tenantId()
                + '|'
                + e.userKey()
                + '|'
                + e.eventTime()
                + '|'
                + e.category()
                + '|'
                + e.ipAddress()
                + '|'
                + e.appId()
                + '|'
                + e.correlationId();
    }

    @Override
    public void open(OpenContext openContext) {
        seen = getRuntimeContext().getState(new ValueStateDescriptor<>("seen", Types.BOOLEAN));
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicatesDropped");
    }

    @Override
    public void processElement(SignInEvent signIn, Context ctx, Collector<SignInEvent> out) throws Exception {
        if (seen.value() != null) {
            duplicates.inc();
            return;
        }
        seen.update(Boolean.TRUE);
        ctx.timerService().registerEventTimeTimer(signIn.eventTime() + horizonMillis);
        out.collect(signIn);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SignInEvent> out) {
        seen.clear();
    }
}
