package org.dcwatch.job.chain;

import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.dcwatch.udfs.alert.Alert;
import org.dcwatch.udfs.alert.VisibilityRecord;
import org.dcwatch.udfs.event.DeviceRegistrationEvent;

/**
 * Notes on a device-code sign-in's visibility record that a device registration of the same user followed it: the
 * record is passed on at once, as always, and written again with {@link VisibilityRecord#followedBy()} when a
 * {@code device-code-device-registration} alert names the sign-in, so that a hunt over visibility records sees the
 * chain beside the sign-in. Keyed by tenant and user ({@link DeviceChainEvent#key}), in either order: the record comes
 * first almost always, the alert waits for the watermark past the registration.
 *
 * <p>State per user: the visibility records of the last window, at most {@value #MAX_KEPT} (a flood's first ones;
 * counted beyond it, {@code visibilityRecordsNotKeptForChain}), and the notes of alerts that came before their record;
 * each cleared by an event-time timer a window after its sign-in.
 */
public final class NoteFollowingRegistrations
        extends KeyedCoProcessFunction<String, VisibilityRecord, Alert, VisibilityRecord> {

    public static final String UID = "device-chain-visibility-notes";
    public static final String NAME = "device-registration chain: note on visibility records";

    /** Records kept per user and window: the chain's admission passes 64 device-code sign-ins per window at most. */
    static final int MAX_KEPT = AdmitToDeviceChain.SLOTS_PER_WINDOW * AdmitToDeviceChain.SLOT_BUDGET;

    private final long windowMillis;

    private transient MapState<String, VisibilityRecord> records;
    private transient MapState<String, WaitingNote> notes;
    private transient ValueState<Integer> kept;
    private transient Counter notKept;

    /** @param window the registration chain's window: how long a sign-in may wait for its registration */
    public NoteFollowingRegistrations(Duration window) {
        this.windowMillis = window.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        records = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>(
                        "visibility-records", Types.STRING, TypeInformation.of(VisibilityRecord.class)));
        notes = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>("notes", Types.STRING, TypeInformation.of(WaitingNote.class)));
        kept = getRuntimeContext().getState(new ValueStateDescriptor<>("kept", Types.INT));
        notKept = getRuntimeContext().getMetricGroup().counter("visibilityRecordsNotKeptForChain");
    }

    @Override
    public void processElement1(VisibilityRecord record, Context ctx, Collector<VisibilityRecord> out)
            throws Exception {
        out.collect(record);
        WaitingNote note = notes.get(record.signInId());
        if (note != null) {
            notes.remove(record.signInId());
            out.collect(record.withFollowedBy(note.text()));
            return;
        }
        int count = kept.value() == null ? 0 : kept.value();
        if (count >= MAX_KEPT) {
            notKept.inc();
            return;
        }
        records.put(record.signInId(), record);
        kept.update(count + 1);
        ctx.timerService().registerEventTimeTimer(record.eventTime() + windowMillis);
    }

    @Override
    public void processElement2(Alert alert, Context ctx, Collector<VisibilityRecord> out) throws Exception {
        String signInId = alert.evidence()[0].id();
        String note = note(alert);
        VisibilityRecord record = records.get(signInId);
        if (record != null) {
            out.collect(record.withFollowedBy(note));
        } else {
            long expires = alert.firstEventTime() + windowMillis;
            notes.put(signInId, new WaitingNote(note, expires));
            ctx.timerService().registerEventTimeTimer(expires);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<VisibilityRecord> out) throws Exception {
        long signedInAt = timestamp - windowMillis;
        int removed = 0;
        for (var entries = records.iterator(); entries.hasNext(); ) {
            if (entries.next().getValue().eventTime() <= signedInAt) {
                entries.remove();
                removed++;
            }
        }
        if (removed > 0) {
            int left = kept.value() - removed;
            if (left > 0) {
                kept.update(left);
            } else {
                kept.clear();
                records.clear(); // an emptied map's entry stays behind on the heap backend otherwise
            }
        }
        // a note waits for its record a window at most: one whose record never came is for a sign-in not kept
        for (var entries = notes.iterator(); entries.hasNext(); ) {
            if (entries.next().getValue().expires() <= timestamp) entries.remove();
        }
        if (notes.isEmpty()) notes.clear();
    }

    /** An alert's note whose visibility record has not come yet, and when it stops waiting. */
    public record WaitingNote(String text, long expires) {}

    /** E.g. "Register device of DESKTOP-7QK2M4X at 2026-03-02T09:23:14Z (alert 3f1d2c4b…)". */
    static String note(Alert alert) {
        DeviceRegistrationEvent registration = alert.registrations()[0];
        return registration.operationName() + " of " + DeviceRegistrationChain.deviceName(registration) + " at "
                + Instant.ofEpochMilli(registration.eventTime()) + " (alert " + alert.alertId() + ")";
    }
}
