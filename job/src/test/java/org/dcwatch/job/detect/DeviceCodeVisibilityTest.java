package org.dcwatch.job.detect;

import static org.dcwatch.udfs.classify.TriageSignIns.AZURE_CLI;
import static org.dcwatch.udfs.classify.TriageSignIns.CONTOSO;
import static org.dcwatch.udfs.classify.TriageSignIns.FABRIKAM;
import static org.dcwatch.udfs.classify.TriageSignIns.MINUTE_LATER;
import static org.dcwatch.udfs.classify.TriageSignIns.SEED_TIME;
import static org.dcwatch.udfs.classify.TriageSignIns.TWO_MINUTES_LATER;
import static org.dcwatch.udfs.classify.TriageSignIns.benign;
import static org.dcwatch.udfs.classify.TriageSignIns.seed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.groups.UnregisteredMetricGroups.UnregisteredTaskMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithNonKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.dcwatch.job.tuning.TuningState;
import org.dcwatch.udfs.alert.VisibilityRecord;
import org.dcwatch.udfs.classify.TriageScore;
import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.rules.Severity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeviceCodeVisibilityTest {

    private static final String DISABLE_FOR_CONTOSO = "{\"type\":\"rule\",\"rule\":\"device-code-visibility\","
            + "\"tenant\":\"" + CONTOSO + "\",\"enabled\":false,\"version\":1}";
    private static final String ENABLE_FOR_CONTOSO_AGAIN = "{\"type\":\"rule\",\"rule\":\"device-code-visibility\","
            + "\"tenant\":\"" + CONTOSO + "\",\"enabled\":true,\"version\":2}";
    private static final String THRESHOLD_30_EVERYWHERE = "{\"type\":\"rule\",\"rule\":\"device-code-visibility\","
            + "\"tenant\":\"*\",\"scoreThreshold\":30,\"version\":1}";

    private BroadcastOperatorTestHarness<SignInEvent, String, VisibilityRecord> harness;

    @AfterEach
    void closeHarness() throws Exception {
        if (harness != null) harness.close();
    }

    private static BroadcastOperatorTestHarness<SignInEvent, String, VisibilityRecord> open(List<String> initialTuning)
            throws Exception {
        return ProcessFunctionTestHarnesses.forBroadcastProcessFunction(
                new DeviceCodeVisibility(initialTuning), TuningState.DESCRIPTOR);
    }

    private void signIn(SignInEvent event) throws Exception {
        harness.processElement(event, event.eventTime());
    }

    /** Azure CLI from an unmanaged device: 25 + 10, below the default threshold of 60. */
    private static SignInEvent unmanagedAzureCli(String tenant) {
        return benign().tenantId(tenant)
                .app(AZURE_CLI, "Microsoft Azure CLI")
                .deviceManaged(false)
                .at(MINUTE_LATER)
                .build();
    }

    private static VisibilityRecord expected(SignInEvent event, int threshold) {
        return VisibilityRecord.of(event, TriageScore.assess(event, Set.of()), threshold);
    }

    @Test
    void emitsOneRecordPerDeviceCodeSignInAtItsEventTime() throws Exception {
        harness = open(List.of());
        SignInEvent seed = seed().build();
        SignInEvent roomDisplay = benign().id("b7e1c9d3-2f4a-4b6c-8d0e-1f2a3b4c5d6e")
                .at(MINUTE_LATER)
                .build();

        signIn(seed);
        signIn(roomDisplay);

        assertEquals(List.of(expected(seed, 60), expected(roomDisplay, 60)), harness.extractOutputValues());
        assertEquals(
                List.of(SEED_TIME.toEpochMilli(), MINUTE_LATER.toEpochMilli()),
                harness.extractOutputStreamRecords().stream()
                        .map(StreamRecord::getTimestamp)
                        .toList());
    }

    @Test
    void seedTruePositiveIsMediumAndBenignSignInInformationalByDefault() throws Exception {
        harness = open(List.of());

        signIn(seed().build());
        signIn(benign().at(MINUTE_LATER).build());

        List<VisibilityRecord> records = harness.extractOutputValues();
        assertEquals(100, records.get(0).score());
        assertArrayEquals(
                new String[] {
                    "high-value app Microsoft Azure CLI",
                    "unmanaged device",
                    "non-compliant device",
                    "high risk",
                    "scripted client python-requests"
                },
                records.get(0).reasons());
        assertEquals(Severity.MEDIUM, records.get(0).severity());
        assertEquals(0, records.get(1).score());
        assertEquals(Severity.INFORMATIONAL, records.get(1).severity());
    }

    @Test
    void stopsForTheTenantWhenTuningDisablesTheRuleMidStream() throws Exception {
        harness = open(List.of());
        signIn(seed().build());

        harness.processBroadcastElement(DISABLE_FOR_CONTOSO, MINUTE_LATER.toEpochMilli());
        signIn(seed().at(MINUTE_LATER).build());
        signIn(seed().tenantId(FABRIKAM).at(MINUTE_LATER).build());

        List<VisibilityRecord> records = harness.extractOutputValues();
        assertEquals(
                List.of(CONTOSO, FABRIKAM),
                records.stream().map(VisibilityRecord::tenantId).toList());
        assertEquals(SEED_TIME.toEpochMilli(), records.get(0).eventTime());
    }

    @Test
    void resumesWhenANewerTuningVersionEnablesTheRuleAgain() throws Exception {
        harness = open(List.of(DISABLE_FOR_CONTOSO));
        signIn(seed().build());

        harness.processBroadcastElement(ENABLE_FOR_CONTOSO_AGAIN, MINUTE_LATER.toEpochMilli());
        signIn(seed().at(TWO_MINUTES_LATER).build());

        assertEquals(
                List.of(TWO_MINUTES_LATER.toEpochMilli()),
                harness.extractOutputValues().stream()
                        .map(VisibilityRecord::eventTime)
                        .toList());
    }

    @Test
    void initialTuningGovernsSignInsBeforeAnyBroadcastRecord() throws Exception {
        harness = open(List.of(DISABLE_FOR_CONTOSO));

        signIn(seed().build());
        signIn(seed().tenantId(FABRIKAM).build());

        assertEquals(
                List.of(FABRIKAM),
                harness.extractOutputValues().stream()
                        .map(VisibilityRecord::tenantId)
                        .toList());
    }

    @Test
    void raisesSeverityFromATunedScoreThreshold() throws Exception {
        harness = open(List.of());
        signIn(unmanagedAzureCli(CONTOSO));

        harness.processBroadcastElement(THRESHOLD_30_EVERYWHERE, MINUTE_LATER.toEpochMilli());
        signIn(unmanagedAzureCli(CONTOSO));
        signIn(benign().deviceManaged(false).at(TWO_MINUTES_LATER).build()); // 10: still below

        List<VisibilityRecord> records = harness.extractOutputValues();
        assertEquals(
                List.of(35, 35, 10),
                records.stream().map(VisibilityRecord::score).toList());
        assertEquals(
                List.of(Severity.INFORMATIONAL, Severity.MEDIUM, Severity.INFORMATIONAL),
                records.stream().map(VisibilityRecord::severity).toList());
    }

    @Test
    void tuningUpdatesSurviveARestore() throws Exception {
        harness = open(List.of());
        harness.processBroadcastElement(DISABLE_FOR_CONTOSO, SEED_TIME.toEpochMilli());
        harness.processBroadcastElement(THRESHOLD_30_EVERYWHERE, SEED_TIME.toEpochMilli());
        OperatorSubtaskState snapshot = harness.snapshot(1L, SEED_TIME.toEpochMilli());
        harness.close();

        harness = new BroadcastOperatorTestHarness<>(
                new CoBroadcastWithNonKeyedOperator<>(
                        new DeviceCodeVisibility(List.of()), List.of(TuningState.DESCRIPTOR)),
                1,
                1,
                0);
        harness.setup();
        harness.initializeState(snapshot);
        harness.open();
        signIn(seed().at(MINUTE_LATER).build());
        signIn(unmanagedAzureCli(FABRIKAM));

        List<VisibilityRecord> records = harness.extractOutputValues();
        assertEquals(1, records.size());
        assertEquals(FABRIKAM, records.get(0).tenantId());
        assertEquals(Severity.MEDIUM, records.get(0).severity()); // 35 >= the restored threshold of 30
    }

    @Test
    void countsEveryRecordInAMetric() throws Exception {
        InterceptingOperatorMetricGroup operatorMetrics = new InterceptingOperatorMetricGroup();
        UnregisteredTaskMetricGroup taskMetrics = new UnregisteredTaskMetricGroup() {
            @Override
            public InternalOperatorMetricGroup getOrAddOperator(
                    OperatorID operatorId, String name, Map<String, String> additionalVariables) {
                return operatorMetrics;
            }
        };
        CoBroadcastWithNonKeyedOperator<SignInEvent, String, VisibilityRecord> operator =
                new CoBroadcastWithNonKeyedOperator<>(
                        new DeviceCodeVisibility(List.of(DISABLE_FOR_CONTOSO)), List.of(TuningState.DESCRIPTOR));
        try (MockEnvironment environment =
                        new MockEnvironmentBuilder().setMetricGroup(taskMetrics).build();
                AbstractStreamOperatorTestHarness<VisibilityRecord> metricHarness =
                        new AbstractStreamOperatorTestHarness<>(operator, environment)) {
            metricHarness.open();
            for (SignInEvent event : List.of(
                    seed().build(),
                    seed().tenantId(FABRIKAM).build(),
                    benign().tenantId(FABRIKAM).build())) {
                operator.processElement1(new StreamRecord<>(event, event.eventTime()));
            }

            Counter records = (Counter) operatorMetrics.get(DeviceCodeVisibility.RECORDS_METRIC);
            assertEquals(2, records.getCount()); // the disabled tenant's sign-in is not counted
        }
    }

    @Test
    void visibilityRecordsTravelAsPojosNotKryo() throws Exception {
        TypeInformation<VisibilityRecord> type = TypeInformation.of(VisibilityRecord.class);
        assertInstanceOf(PojoTypeInfo.class, type);

        TypeSerializer<VisibilityRecord> serializer =
                type.createSerializer(new ExecutionConfig().getSerializerConfig());
        VisibilityRecord record = expected(seed().build(), 60);
        DataOutputSerializer out = new DataOutputSerializer(512);
        serializer.serialize(record, out);
        VisibilityRecord copy = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

        assertEquals(record, copy);
        assertTrue(copy.reasons().length > 0);
    }
}
