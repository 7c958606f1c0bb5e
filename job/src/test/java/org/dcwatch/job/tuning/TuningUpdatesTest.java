package org.dcwatch.job.tuning;

import static org.dcwatch.job.alert.AlertFixtures.adminBrowser;
import static org.dcwatch.job.alert.AlertFixtures.azureCli;
import static org.dcwatch.job.alert.AlertFixtures.minute;
import static org.dcwatch.job.alert.AlertFixtures.sessionAlert;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.dcwatch.job.KeyedBroadcastHarnesses;
import org.dcwatch.job.alert.AlertFixtures;
import org.dcwatch.job.alert.AlertSuppressor;
import org.dcwatch.udfs.alert.Alert;
import org.dcwatch.udfs.parse.DeadLetter;
import org.dcwatch.udfs.parse.DeadLetterReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tuning updates as the pipeline applies them: checked once by {@link CheckTuningRecords}, then broadcast to the
 * operators (here the alert suppressor, where allowlists act). A malformed update is a dead letter and changes nothing.
 */
class TuningUpdatesTest {

    private static final String SESSION_A = "6d7e8f90-1a2b-4c3d-8e4f-5a6b7c8d9e0f";

    private static final String MALFORMED_V2 = """
            {"type":"allowlist","id":"azure-cli","rule":"session-multi-source","tenant":"*",
             "cidrs":["10.0.0.0/33"],"reason":"narrow it down","owner":"secops@example.com","since":"2026-01-01T00:00:00Z","version":2}""";
    private static final String DELETE_V3 = """
            {"type":"allowlist","id":"azure-cli","tenant":"*","deleted":true,"version":3}""";

    private OneInputStreamOperatorTestHarness<String, String> check;
    private KeyedBroadcastOperatorTestHarness<String, Alert, String, Alert> suppressor;

    @BeforeEach
    void open() throws Exception {
        check = ProcessFunctionTestHarnesses.forProcessFunction(new CheckTuningRecords());
        suppressor = KeyedBroadcastHarnesses.open(new AlertSuppressor(List.of()), Alert::suppressionKey, Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        check.close();
        suppressor.close();
    }

    /** Sends an update through the check; what passes is broadcast. */
    private void update(String json) throws Exception {
        int before = check.extractOutputValues().size();
        check.processElement(json, 0);
        List<String> passed = check.extractOutputValues();
        for (String record : passed.subList(before, passed.size())) {
            suppressor.processBroadcastElement(record, 0);
        }
    }

    private List<DeadLetter> deadLetters() {
        List<DeadLetter> deadLetters = new ArrayList<>();
        var records = check.getSideOutput(CheckTuningRecords.DEAD_LETTERS);
        if (records != null) records.forEach(r -> deadLetters.add(((StreamRecord<DeadLetter>) r).getValue()));
        return deadLetters;
    }

    private Alert azureCliLogin(String id, long minute) {
        return sessionAlert(
                adminBrowser(id + "-browser", minute(minute)), azureCli(id + "-cli", minute(minute) + 5_000));
    }

    @Test
    void silencesAnAllowlistedAppMidStreamAndIgnoresAMalformedUpdate() throws Exception {
        Alert before = azureCliLogin("before", 0);
        suppressor.processElement(before, before.lastEventTime());
        assertEquals(1, suppressor.extractOutputValues().size(), "no allowlist yet: the false positive alerts");

        update(TuningFixtures.AZURE_CLI_ALLOWLIST);
        Alert silenced = alertInAnotherSession(azureCliLogin("silenced", 1));
        suppressor.processElement(silenced, silenced.lastEventTime());
        assertEquals(1, suppressor.extractOutputValues().size(), "the allowlist silences the next one");

        update(MALFORMED_V2);
        assertEquals(1, deadLetters().size());
        assertEquals(DeadLetterReason.INVALID_TUNING, deadLetters().get(0).reason());
        assertEquals(
                "\"cidrs\": prefix of '10.0.0.0/33' must be from 0 to 32",
                deadLetters().get(0).detail());
        Alert stillSilenced = alertInAnotherSession(azureCliLogin("still", 2), "3a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");
        suppressor.processElement(stillSilenced, stillSilenced.lastEventTime());
        assertEquals(1, suppressor.extractOutputValues().size(), "version 1 stays in force");

        update(DELETE_V3);
        Alert afterDelete = alertInAnotherSession(azureCliLogin("after", 3), "4b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e");
        suppressor.processElement(afterDelete, afterDelete.lastEventTime());
        assertEquals(2, suppressor.extractOutputValues().size(), "deleted: Azure CLI logins alert again");
    }

    @Test
    void recordThatCannotBeAppliedLeavesTheOthersInForceAndTheOperatorRunning() throws Exception {
        // before the check bounded instants, this passed it and then failed every operator that read tuning, forever
        String endless = TuningFixtures.AZURE_CLI_ALLOWLIST
                .replace("\"id\":\"azure-cli\"", "\"id\":\"endless\"")
                .replace("\"version\":1", "\"version\":1,\"expires\":\"+1000000000-12-31T23:59:59Z\"");
        suppressor.close();
        suppressor = KeyedBroadcastHarnesses.open(
                new AlertSuppressor(List.of(endless, TuningFixtures.AZURE_CLI_ALLOWLIST)),
                Alert::suppressionKey,
                Types.STRING);

        Alert silenced = azureCliLogin("silenced", 0);
        suppressor.processElement(silenced, silenced.lastEventTime());
        assertEquals(0, suppressor.extractOutputValues().size(), "the valid allowlist is in force");

        suppressor.processBroadcastElement(endless.replace("\"version\":1", "\"version\":2"), 0); // past the check
        Alert stillSilenced = alertInAnotherSession(azureCliLogin("still", 1));
        suppressor.processElement(stillSilenced, stillSilenced.lastEventTime());
        assertEquals(0, suppressor.extractOutputValues().size());

        update(endless);
        assertEquals(
                "\"expires\" must be an instant in the years 2000 to 9999 such as 2026-12-31T00:00:00Z",
                deadLetters().get(0).detail());
    }

    @Test
    void skipsBlankLines() throws Exception {
        check.processElement("  ", 0);
        assertEquals(List.of(), check.extractOutputValues());
        assertEquals(List.of(), deadLetters());
    }

    private static Alert alertInAnotherSession(Alert alert) {
        return alertInAnotherSession(alert, SESSION_A);
    }

    /** The same login in a session of its own, so that suppression of the first alert's session does not hide it. */
    private static Alert alertInAnotherSession(Alert alert, String session) {
        return AlertFixtures.copy(alert)
                .alertId(alert.alertId() + session.substring(0, 4))
                .sessionId(session)
                .build();
    }
}
