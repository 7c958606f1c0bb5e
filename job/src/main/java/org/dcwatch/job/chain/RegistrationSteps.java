package org.dcwatch.job.chain;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.dcwatch.udfs.event.DeviceRegistrationEvent;

/**
 * The device registrations that can continue a chain: successful ones that a user initiated in a known tenant. The
 * others are counted, not lost: {@code deviceRegistrationsFailed}, and {@code deviceRegistrationsNotByUsers} (an
 * application or a service initiated it, as Autopilot's or Intune's own records do, or the record names no tenant).
 */
public final class RegistrationSteps extends RichFlatMapFunction<DeviceRegistrationEvent, DeviceChainEvent> {

    public static final String UID = "device-chain-registrations";
    public static final String NAME = "device-registration chain: registrations by users";

    private transient Counter failed;
    private transient Counter notByUsers;

    @Override
    public void open(OpenContext openContext) {
        failed = getRuntimeContext().getMetricGroup().counter("deviceRegistrationsFailed");
        notByUsers = getRuntimeContext().getMetricGroup().counter("deviceRegistrationsNotByUsers");
    }

    @Override
    public void flatMap(DeviceRegistrationEvent registration, Collector<DeviceChainEvent> out) {
        if (!registration.isSuccess()) {
            failed.inc();
        } else if (registration.tenantId() == null || DeviceChainEvent.userKeyOf(registration) == null) {
            notByUsers.inc();
        } else {
            out.collect(DeviceChainEvent.registration(registration));
        }
    }
}
