package org.dcwatch.job.chain;

import static org.dcwatch.job.chain.ChainSteps.DEVICE_ID;
import static org.dcwatch.job.chain.ChainSteps.WINDOW;
import static org.dcwatch.job.chain.ChainSteps.deviceCode;
import static org.dcwatch.job.chain.ChainSteps.minutes;
import static org.dcwatch.job.chain.ChainSteps.registration;
import static org.dcwatch.job.chain.ChainSteps.tokenUse;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admission in front of the chain's patterns: what a flood leaves for CEP, and what it keeps. */
class AdmitToDeviceChainTest {

    private KeyedOneInputStreamOperatorTestHarness<String, DeviceChainEvent, DeviceChainEvent> harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new AdmitToDeviceChain(WINDOW)), DeviceChainEvent::key, Types.STRING);
        harness.open();
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    @Test
    void passesAnOrdinaryChainWhole() throws Exception {
        List<DeviceChainEvent> chain = List.of(
                DeviceChainEvent.deviceCode(deviceCode(minutes(0))),
                DeviceChainEvent.registration(registration(minutes(9))),
                DeviceChainEvent.tokenUse(tokenUse(minutes(11), DEVICE_ID, false)));
        for (DeviceChainEvent step : chain) harness.processElement(step, step.eventTime());

        assertEquals(chain, harness.extractOutputValues());
    }

    @Test
    void aFloodOfTokenRefreshesLeavesTheSlotsBudgetAndTheRegistrationAfterIt() throws Exception {
        // the attacker's poller refreshes the phished token as often as it likes: each is a device-code sign-in
        for (int i = 0; i < 10_000; i++) {
            DeviceChainEvent refresh = DeviceChainEvent.deviceCode(deviceCode(minutes(0) + i));
            harness.processElement(refresh, refresh.eventTime());
        }
        DeviceChainEvent registered = DeviceChainEvent.registration(registration(minutes(9)));
        harness.processElement(registered, registered.eventTime());

        List<DeviceChainEvent> admitted = harness.extractOutputValues();
        assertEquals(AdmitToDeviceChain.SLOT_BUDGET + 1, admitted.size());
        assertEquals(registered, admitted.get(admitted.size() - 1), "a registration has a budget of its own");
    }

    @Test
    void clearsEachSlotsCountsOnceTheWatermarkPassedIt() throws Exception {
        for (int i = 0; i < 20; i++) {
            DeviceChainEvent step = DeviceChainEvent.deviceCode(deviceCode(minutes(i * 10)));
            harness.processElement(step, step.eventTime());
        }
        harness.processWatermark(minutes(200) + WINDOW.toMillis());

        assertEquals(0, harness.numKeyedStateEntries());
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void passesStepsBehindTheWatermarkForCepToCount() throws Exception {
        harness.processWatermark(minutes(30));
        DeviceChainEvent late = DeviceChainEvent.registration(registration(minutes(10)));
        harness.processElement(late, late.eventTime());

        assertEquals(List.of(late), harness.extractOutputValues());
    }
}
