package org.dcwatch.job;

import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.metrics.groups.OperatorMetricGroup;
import org.apache.flink.metrics.testutils.MetricListener;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.dcwatch.job.tuning.TuningState;

/**
 * Test harnesses on the job's keyed-broadcast functions, the ones that read the tuning broadcast: what
 * {@code ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction} builds, with the tuning's state descriptor, and
 * with two things it cannot do: restore the operator from a snapshot before it opens, and report its metrics to a
 * {@link MetricListener} (the plain harness registers them nowhere).
 */
public final class KeyedBroadcastHarnesses {

    private KeyedBroadcastHarnesses() {}

    /** An open harness on {@code function}, with empty state and its metrics unregistered. */
    public static <K, IN, OUT> KeyedBroadcastOperatorTestHarness<K, IN, String, OUT> open(
            KeyedBroadcastProcessFunction<K, IN, String, OUT> function,
            KeySelector<IN, K> key,
            TypeInformation<K> keyType)
            throws Exception {
        return open(function, key, keyType, null, null);
    }

    /**
     * An open harness on {@code function}.
     *
     * @param restoreFrom the state to start from, or null for none
     * @param metrics where the operator's metrics go, or null for nowhere
     */
    public static <K, IN, OUT> KeyedBroadcastOperatorTestHarness<K, IN, String, OUT> open(
            KeyedBroadcastProcessFunction<K, IN, String, OUT> function,
            KeySelector<IN, K> key,
            TypeInformation<K> keyType,
            OperatorSubtaskState restoreFrom,
            MetricListener metrics)
            throws Exception {
        CoBroadcastWithKeyedOperator<K, IN, String, OUT> operator = metrics == null
                ? new CoBroadcastWithKeyedOperator<>(function, List.of(TuningState.DESCRIPTOR))
                : listened(function, new ListenedOperatorMetricGroup(metrics));
        KeyedBroadcastOperatorTestHarness<K, IN, String, OUT> harness =
                new KeyedBroadcastOperatorTestHarness<>(operator, key, keyType, 1, 1, 0);
        harness.setup();
        if (restoreFrom != null) harness.initializeState(restoreFrom);
        harness.open();
        return harness;
    }

    /**
     * Keyed state entries of all keys, as {@code KeyedOneInputStreamOperatorTestHarness.numKeyedStateEntries()} counts
     * them: the broadcast harness has no such method.
     */
    public static int keyedStateEntries(KeyedBroadcastOperatorTestHarness<?, ?, ?, ?> harness) {
        return ((HeapKeyedStateBackend<?>) harness.getOperator().getKeyedStateBackend()).numKeyValueStateEntries();
    }

    private static <K, IN, OUT> CoBroadcastWithKeyedOperator<K, IN, String, OUT> listened(
            KeyedBroadcastProcessFunction<K, IN, String, OUT> function, OperatorMetricGroup metricGroup) {
        return new CoBroadcastWithKeyedOperator<>(function, List.of(TuningState.DESCRIPTOR)) {
            @Override
            public OperatorMetricGroup getMetricGroup() {
                return metricGroup;
            }
        };
    }
}
