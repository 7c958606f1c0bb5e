package org.dcwatch.job;

import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.OperatorIOMetricGroup;
import org.apache.flink.metrics.groups.OperatorMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.metrics.testutils.MetricListener;
import org.apache.flink.runtime.metrics.groups.ProxyMetricGroup;

/**
 * An operator metric group that registers with a {@link MetricListener}, for harnesses: the plain harness registers an
 * operator's metrics nowhere. Returned from an overridden {@code getMetricGroup()} of the operator under test.
 */
public final class ListenedOperatorMetricGroup extends ProxyMetricGroup<MetricGroup> implements OperatorMetricGroup {

    public ListenedOperatorMetricGroup(MetricListener listener) {
        super(listener.getMetricGroup());
    }

    @Override
    public OperatorIOMetricGroup getIOMetricGroup() {
        return UnregisteredMetricsGroup.createOperatorIOMetricGroup();
    }
}
