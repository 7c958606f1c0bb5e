package org.dcwatch.job.tuning;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The tuning records in broadcast state, as every operator that reads tuning keeps them.
 *
 * <p>The state maps each record's key to the record's JSON text: strings serialize without Kryo, evolve with the
 * documented record format rather than with Java classes, and stay small (broadcast state is on the heap and every
 * parallel task checkpoints its own copy).
 */
public final class TuningState {

    public static final MapStateDescriptor<String, String> DESCRIPTOR =
            new MapStateDescriptor<>("tuning-records", Types.STRING, Types.STRING);

    private TuningState() {}

    /**
     * Keeps a checked record unless a higher version of its key is already kept; a deleted record removes its key.
     *
     * @throws InvalidTuningException the record does not pass the check after all; nothing is kept
     */
    public static void apply(BroadcastState<String, String> state, String json) throws Exception {
        TuningRecord record = TuningRecord.parse(json);
        String existingJson = state.get(record.key());
        if (existingJson != null && keptVersion(existingJson) > record.version()) {
            return;
        }
        state.put(record.key(), record.json());
    }

    /** The version of a kept record; one that no longer passes the check gives way to any record of its key. */
    private static long keptVersion(String json) {
        try {
            return TuningRecord.parse(json).version();
        } catch (InvalidTuningException e) {
            return -1;
        }
    }

    /** The tuning of the initial records (the --tuning file) overlaid with the updates kept in state. */
    public static Tuning view(List<String> initial, ReadOnlyBroadcastState<String, String> state) throws Exception {
        List<String> updates = new ArrayList<>();
        for (Map.Entry<String, String> entry : state.immutableEntries()) {
            updates.add(entry.getValue());
        }
        return Tuning.merge(initial, updates);
    }
}
