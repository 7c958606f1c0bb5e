package org.dcwatch.job.tuning;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tuning in force for one operator that reads the tuning broadcast: the {@code --tuning} file's records (checked
 * at start-up, in force before the first broadcast record arrives) overlaid with the updates in the operator's
 * broadcast state ({@link TuningState}).
 *
 * <p>The merged {@link Tuning} is built on first use and kept until the next update; being transient, it is rebuilt
 * after a restore too. Every operator holds one of these rather than its own copy of that caching.
 *
 * <p>Nothing here throws out of the operator for a record: broadcast state is restored after every restart, so a
 * record that failed the operator once would fail it forever. A record that cannot be applied is left out and logged
 * when the tuning is built (once per update, not per event), and counted by the gauge {@value #NOT_IN_FORCE_METRIC}.
 */
public final class BroadcastTuning implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(BroadcastTuning.class);

    /** Records given to the operator that are not in force. */
    public static final String NOT_IN_FORCE_METRIC = "tuningRecordsNotInForce";

    private final List<String> initialRecords;
    private transient Tuning current;
    private transient volatile int notInForce;

    public BroadcastTuning(List<String> initialRecords) {
        this.initialRecords = new ArrayList<>(initialRecords);
    }

    /** Registers {@value #NOT_IN_FORCE_METRIC} with the operator's metrics. */
    public void registerMetrics(MetricGroup metrics) {
        metrics.gauge(NOT_IN_FORCE_METRIC, (Gauge<Integer>) () -> notInForce);
    }

    /** Keeps a broadcast record (already checked) in the operator's broadcast state; the next read sees it. */
    public void update(BroadcastState<String, String> state, String json) throws Exception {
        try {
            TuningState.apply(state, json);
        } catch (InvalidTuningException e) {
            LOG.warn("Tuning record not kept: {}", e.getMessage());
            return;
        }
        current = null;
    }

    public Tuning current(ReadOnlyBroadcastState<String, String> state) throws Exception {
        if (current == null) {
            current = TuningState.view(initialRecords, state);
            for (String record : current.notApplied()) {
                LOG.warn("Tuning record not in force: {}", record);
            }
            notInForce = current.notApplied().size();
        }
        return current;
    }
}
