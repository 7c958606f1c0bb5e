package org.dcwatch.job.detect;

import static org.dcwatch.job.alert.AlertFixtures.alert;
import static org.dcwatch.job.alert.AlertFixtures.brokerCodeEntry;
import static org.dcwatch.job.alert.AlertFixtures.minute;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.dcwatch.job.alert.AlertFixtures;
import org.dcwatch.udfs.alert.Alert;
import org.dcwatch.udfs.rules.RuleCatalogue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The broker rule's alerts handed to suppression in event time, whatever order the tasks delivered them in. */
class AlertsInEventTimeOrderTest {

    private KeyedOneInputStreamOperatorTestHarness<String, Alert, Alert> harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new AlertsInEventTimeOrder()), Alert::suppressionKey, Types.STRING);
        harness.open();
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    @Test
    void passesAlertsOnInEventTimeOnceTheWatermarkPassesThem() throws Exception {
        Alert poller = brokerAlert("poller", minute(1));
        Alert browser = brokerAlert("browser", minute(0));
        harness.processElement(poller, poller.lastEventTime());
        harness.processElement(browser, browser.lastEventTime());
        assertEquals(List.of(), harness.extractOutputValues(), "both wait for the watermark");

        harness.processWatermark(minute(2));

        assertEquals(List.of(browser, poller), harness.extractOutputValues());
        assertEquals(0, harness.numKeyedStateEntries());
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void aFloodWaitsNoLongerThanItsBoundAndLosesNothing() throws Exception {
        List<Alert> flood = new ArrayList<>();
        for (int i = 0; i < AlertsInEventTimeOrder.MAX_WAITING + 10; i++) {
            Alert alert = brokerAlert("flood-" + i, minute(0) + i);
            flood.add(alert);
            harness.processElement(alert, alert.lastEventTime());
        }
        assertEquals(flood.subList(0, 10), harness.extractOutputValues(), "the earliest go at once beyond the bound");

        harness.processWatermark(minute(10));

        assertEquals(flood, harness.extractOutputValues());
        assertEquals(0, harness.numKeyedStateEntries());
    }

    @Test
    void anAlertBehindTheWatermarkPassesAtOnce() throws Exception {
        harness.processWatermark(minute(5));
        Alert late = brokerAlert("late", minute(1));
        harness.processElement(late, late.lastEventTime());

        assertEquals(List.of(late), harness.extractOutputValues());
    }

    private static Alert brokerAlert(String id, long time) {
        return alert(
                RuleCatalogue.DEVICE_CODE_BROKER_CLIENT, AlertFixtures.TENANT, "session-1", brokerCodeEntry(id, time));
    }
}
