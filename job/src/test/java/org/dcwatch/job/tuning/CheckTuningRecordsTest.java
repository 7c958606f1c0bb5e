package org.dcwatch.job.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.dcwatch.udfs.parse.DeadLetter;
import org.dcwatch.udfs.parse.DeadLetterReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The check of tuning updates and the CEP rule's pattern, which the job compiles from the start-up tuning: updates
 * that would retune it say that they cannot until the job is next submitted.
 */
class CheckTuningRecordsTest {

    private static final String TENANT = "0b4e3d1c-5a6f-4e21-9c3b-8d7f6a5e4c3b";
    private static final String START_UP = """
            {"type":"rule","rule":"concurrent-interactive-noninteractive","tenant":"*","window":"10m","version":2}""";
    private static final String COMPILED_AT_START = "the rule's CEP pattern is compiled when the job starts, for every"
            + " tenant, from the all-tenant (\"tenant\": \"*\") record of the start-up tuning (--tuning, and on Kafka the"
            + " tuning topic as it stands then)";

    private OneInputStreamOperatorTestHarness<String, String> check;

    @AfterEach
    void close() throws Exception {
        check.close();
    }

    @Test
    void putsAnAllTenantRecordInForceAndSaysThatItsPatternFieldsWaitForTheNextStart() throws Exception {
        open(List.of(START_UP));
        String update = """
                {"type":"rule","rule":"concurrent-interactive-noninteractive","tenant":"*","enabled":false,
                 "window":"15m","minInteractive":3,"version":3}""";

        check.processElement(update, 0);

        assertEquals(List.of(TuningRecord.parse(update).json()), check.extractOutputValues(), "enabled is in force");
        assertEquals(1, deadLetters().size());
        DeadLetter deadLetter = deadLetters().get(0);
        assertEquals(DeadLetterReason.INVALID_TUNING, deadLetter.reason());
        assertEquals(
                "\"window\" 15m, \"minInteractive\" 3 of concurrent-interactive-noninteractive take effect when"
                        + " the job is next submitted, not now: " + COMPILED_AT_START
                        + ", and runs with 10m, 2 until then; the record's other"
                        + " fields are in force",
                deadLetter.detail());
    }

    @Test
    void namesAPatternFieldThatAnUpdateResetsByLeavingItOut() throws Exception {
        open(List.of(START_UP));

        check.processElement(
                "{\"type\":\"rule\",\"rule\":\"concurrent-interactive-noninteractive\",\"severity\":\"medium\","
                        + "\"version\":3}",
                0);

        assertEquals(1, check.extractOutputValues().size());
        assertEquals(
                "\"window\" 9m of concurrent-interactive-noninteractive takes effect when the job is next submitted, not now: "
                        + COMPILED_AT_START + ", and runs with 10m until then; the record's other fields are in force",
                deadLetters().get(0).detail());
    }

    @Test
    void passesUpdatesThatLeaveThePatternAsItRunsWithoutADeadLetter() throws Exception {
        open(List.of(START_UP));

        check.processElement(START_UP, 0); // the topic delivers the start-up records again
        check.processElement(START_UP.replace("10m", "15m").replace("\"version\":2", "\"version\":1"), 0); // older
        check.processElement(
                "{\"type\":\"rule\",\"rule\":\"concurrent-interactive-noninteractive\",\"window\":\"10m\","
                        + "\"severity\":\"critical\",\"version\":4}",
                0);
        check.processElement("{\"type\":\"rule\",\"rule\":\"session-multi-source\",\"window\":\"15m\"}", 0);
        check.processElement(
                "{\"type\":\"rule\",\"rule\":\"concurrent-interactive-noninteractive\",\"tenant\":\"" + TENANT
                        + "\",\"enabled\":false}",
                0);

        assertEquals(5, check.extractOutputValues().size());
        assertEquals(List.of(), deadLetters());
    }

    @Test
    void refusesATenantsPatternFieldsOnTheTopic() throws Exception {
        open(List.of());

        check.processElement(
                "{\"type\":\"rule\",\"rule\":\"concurrent-interactive-noninteractive\",\"tenant\":\"" + TENANT
                        + "\",\"minNonInteractive\":2}",
                0);

        assertEquals(List.of(), check.extractOutputValues());
        assertEquals(
                "\"minNonInteractive\" of concurrent-interactive-noninteractive cannot be set for one tenant: "
                        + COMPILED_AT_START
                        + "; a tenant's record may set enabled, severity, riskScore and suppression",
                deadLetters().get(0).detail());
    }

    private void open(List<String> startUpTuning) throws Exception {
        check = ProcessFunctionTestHarnesses.forProcessFunction(new CheckTuningRecords(startUpTuning));
    }

    @SuppressWarnings("unchecked")
    private List<DeadLetter> deadLetters() {
        List<DeadLetter> deadLetters = new ArrayList<>();
        var records = check.getSideOutput(CheckTuningRecords.DEAD_LETTERS);
        if (records != null) records.forEach(r -> deadLetters.add(((StreamRecord<DeadLetter>) r).getValue()));
        return deadLetters;
    }
}
