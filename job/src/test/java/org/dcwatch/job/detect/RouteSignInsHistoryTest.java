package org.dcwatch.job.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.dcwatch.job.TestSignIns;
import org.dcwatch.job.baseline.UserSignIn;
import org.dcwatch.job.config.JobSettings;
import org.dcwatch.job.generate.SignInSpec;
import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.parse.SignInHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RouteSignInsHistoryTest {

    private static final Instant LIVE_FROM = Instant.parse("2026-03-02T09:00:00Z");

    private OneInputStreamOperatorTestHarness<SignInHeader, SignInEvent> harness;

    @AfterEach
    void close() throws Exception {
        if (harness != null) harness.close();
    }

    private void open(long learnOnlyBefore) throws Exception {
        harness = ProcessFunctionTestHarnesses.forProcessFunction(new RouteSignIns(learnOnlyBefore, null));
    }

    private void process(SignInHeader signIn) throws Exception {
        harness.processElement(signIn, signIn.eventTime());
    }

    private static SignInHeader deviceCodeSignIn(String id, Instant time) {
        SignInSpec spec = new SignInSpec(id, time)
                .user(
                        "5b0c7e1d-9a2f-4c3e-8d4b-6f1a2e3c4d5e",
                        "f6a7b8c9-6666-4777-8888-99990000aaaa",
                        "frank@fabrikam.example",
                        "Frank")
                .network("203.0.113.7", 64500, "US", "Ashburn")
                .session(id, id)
                .deviceCode(true);
        return TestSignIns.header(spec);
    }

    private List<UserSignIn> baseline() {
        return harness.getSideOutput(RouteSignIns.BASELINE) == null
                ? List.of()
                : harness.getSideOutput(RouteSignIns.BASELINE).stream()
                        .map(record -> record.getValue())
                        .toList();
    }

    @Test
    void sendsAHistorySignInToTheBaselineOnlyToLearnFrom() throws Exception {
        open(LIVE_FROM.toEpochMilli());
        process(deviceCodeSignIn("history-1", LIVE_FROM.minus(Duration.ofDays(3))));

        assertTrue(harness.extractOutputValues().isEmpty(), "no rule sees it");
        assertEquals(1, baseline().size());
        assertFalse(baseline().get(0).mayAlert());
        assertNull(harness.getSideOutput(RouteSignIns.LATE), "history is not late");
    }

    @Test
    void givesALiveSignInToTheRulesAndToTheBaseline() throws Exception {
        open(LIVE_FROM.toEpochMilli());
        process(deviceCodeSignIn("live-1", LIVE_FROM));

        assertEquals(
                List.of("live-1"),
                harness.extractOutputValues().stream().map(SignInEvent::id).toList());
        assertEquals(1, baseline().size());
        assertTrue(baseline().get(0).mayAlert());
    }

    @Test
    void reportsALiveSignInBehindTheWatermarkAsLateAndGivesItToTheBaselineToJudge() throws Exception {
        open(LIVE_FROM.toEpochMilli());
        harness.processWatermark(
                new Watermark(LIVE_FROM.plus(Duration.ofHours(1)).toEpochMilli()));
        process(deviceCodeSignIn("late-1", LIVE_FROM.plus(Duration.ofMinutes(10))));

        assertTrue(harness.extractOutputValues().isEmpty());
        assertEquals(1, harness.getSideOutput(RouteSignIns.LATE).size());
        assertTrue(baseline().get(0).mayAlert());
        assertTrue(baseline().get(0).late());
    }

    @Test
    void aHistorySignInBehindTheWatermarkStillOnlyTeaches() throws Exception {
        open(LIVE_FROM.toEpochMilli());
        harness.processWatermark(
                new Watermark(LIVE_FROM.minus(Duration.ofDays(1)).toEpochMilli()));
        process(deviceCodeSignIn("history-1", LIVE_FROM.minus(Duration.ofDays(3))));

        assertTrue(harness.extractOutputValues().isEmpty());
        assertFalse(baseline().get(0).mayAlert());
        assertNull(harness.getSideOutput(RouteSignIns.LATE));
    }

    @Test
    void withoutAHistoryEverySignInMayAlert() throws Exception {
        open(JobSettings.NO_HISTORY);
        process(deviceCodeSignIn("old-1", Instant.parse("2020-01-01T00:00:00Z")));

        assertEquals(
                List.of("old-1"),
                harness.extractOutputValues().stream().map(SignInEvent::id).toList());
        assertTrue(baseline().get(0).mayAlert());
    }
}
