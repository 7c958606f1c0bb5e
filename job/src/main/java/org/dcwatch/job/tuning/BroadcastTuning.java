package org.dcwatch.job.tuning;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;

/**
 * The tuning in force for one operator that reads the tuning broadcast: the {@code --tuning} file's records (checked
 * at start-up, in force before the first broadcast record arrives) overlaid with the updates in the operator's
 * broadcast state ({@link TuningState}).
 *
 * <p>The merged {@link Tuning} is built on first use and kept until the next update; being transient, it is rebuilt
 * after a restore too. Every operator holds one of these rather than its own copy of that caching.
 */
public final class BroadcastTuning implements Serializable {

    private static final long serialVersionUID = 1L;

    private final List<String> initialRecords;
    private transient Tuning current;

    public BroadcastTuning(List<String> initialRecords) {
        this.initialRecords = new ArrayList<>(initialRecords);
    }

    /** Keeps a broadcast record (already checked) in the operator's broadcast state; the next read sees it. */
    public void update(BroadcastState<String, String> state, String json) throws Exception {
        TuningState.apply(state, json);
        current = null;
    }

    public Tuning current(ReadOnlyBroadcastState<String, String> state) throws Exception {
        if (current == null) current = TuningState.view(initialRecords, state);
        return current;
    }
}
