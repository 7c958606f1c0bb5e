package org.dcwatch.job.source;

import static org.dcwatch.job.TestSignIns.header;
import static org.dcwatch.job.TestSignIns.signIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.ManualClock;
import org.dcwatch.job.config.JobSettings;
import org.dcwatch.udfs.parse.DeadLetter;
import org.dcwatch.udfs.parse.DeadLetterReason;
import org.junit.jupiter.api.Test;

class EventTimeWatermarksTest {

    private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(1);

    private final List<Long> emitted = new ArrayList<>();
    /** What the output was told, in order: a watermark's timestamp, "idle" or "active". */
    private final List<String> told = new ArrayList<>();

    private final WatermarkOutput output = new WatermarkOutput() {
        @Override
        public void emitWatermark(Watermark watermark) {
            emitted.add(watermark.getTimestamp());
            told.add(String.valueOf(watermark.getTimestamp()));
        }

        @Override
        public void markIdle() {
            told.add("idle");
        }

        @Override
        public void markActive() {
            told.add("active");
        }
    };

    private final ManualClock clock = new ManualClock();
    private final WatermarkGenerator<SignInOrDeadLetter> generator =
            new EventTimeWatermarks(Duration.ofMinutes(5), IDLE_TIMEOUT, clock);

    private void see(long atMillis) {
        generator.onEvent(SignInOrDeadLetter.of(header(signIn("e" + atMillis, 0))), atMillis, output);
    }

    @Test
    void trailsTheLatestEventTimeByTheBound() {
        see(1_000_000);
        assertEquals(List.of(1_000_000L - 300_000 - 1), emitted);
    }

    @Test
    void emitsOnlyWhenEventTimeMovesByAStepAndNeverBackwards() {
        see(1_000_000);
        see(1_004_999); // not yet a step (5 s: a sixtieth of the 5-minute bound) on
        see(900_000); // out of order: nothing
        see(1_005_000); // a step on
        see(1_009_000);
        see(1_010_000); // a step on from the last watermark, not from the last event
        assertEquals(List.of(699_999L, 704_999L, 709_999L), emitted);
    }

    @Test
    void theStepIsASixtiethOfTheBoundAndAtLeastASecond() {
        assertEquals(Duration.ofSeconds(5), EventTimeWatermarks.step(Duration.ofMinutes(5)));
        assertEquals(Duration.ofMinutes(1), EventTimeWatermarks.step(Duration.ofHours(1)));
        assertEquals(Duration.ofSeconds(1), EventTimeWatermarks.step(Duration.ofSeconds(30)));
        assertEquals(Duration.ofSeconds(1), EventTimeWatermarks.step(Duration.ZERO));

        WatermarkGenerator<SignInOrDeadLetter> shortBound =
                new EventTimeWatermarks(Duration.ofSeconds(5), IDLE_TIMEOUT, clock);
        for (long at = 1_000_000; at <= 1_003_000; at += 500) {
            shortBound.onEvent(SignInOrDeadLetter.of(header(signIn("e" + at, 0))), at, output);
        }
        assertEquals(List.of(994_999L, 995_999L, 996_999L, 997_999L), emitted);
    }

    @Test
    void emitsNothingOnProcessingTimeSoThatLatenessDependsOnTheDataAlone() {
        see(1_000_000);
        see(1_004_000);
        generator.onPeriodicEmit(output);
        generator.onPeriodicEmit(output);
        assertEquals(List.of(699_999L), emitted);
    }

    @Test
    void deadLettersAndUnconfirmedSignInsNeverMoveEventTime() {
        see(1_000_000);
        DeadLetter deadLetter = new DeadLetter(DeadLetterReason.MALFORMED_JSON, "x", -1, "{", 1, "f:1");
        generator.onEvent(SignInOrDeadLetter.of(deadLetter), Long.MAX_VALUE, output);
        SignInOrDeadLetter unconfirmed =
                SignInOrDeadLetter.of(header(signIn("far", 0))).notAdvancingEventTime();
        generator.onEvent(unconfirmed, 999_000_000, output);
        assertEquals(List.of(699_999L), emitted);
    }

    private static final DeadLetter GARBAGE = new DeadLetter(DeadLetterReason.MALFORMED_JSON, "x", -1, "{", 1, "t/0@1");

    private static SignInOrDeadLetter skipped(String operation, long atMillis) {
        return SignInOrDeadLetter.of(new SkippedAuditRecord("GroupManagement", operation, atMillis));
    }

    /** The clock moves by {@code step} and the source asks for a periodic emit, {@code times} times. */
    private void tick(Duration step, int times) {
        for (int i = 0; i < times; i++) {
            clock.advanceTime(step);
            generator.onPeriodicEmit(output);
        }
    }

    @Test
    void aPartitionOfDeadLettersAloneIsIdleAfterTheTimeout() {
        see(1_000_000);
        for (int i = 0; i < 5; i++) {
            tick(Duration.ofSeconds(10), 1);
            generator.onEvent(SignInOrDeadLetter.of(GARBAGE), Long.MAX_VALUE, output);
        }
        tick(Duration.ofSeconds(9), 1);
        assertEquals(List.of("699999"), told, "59 s after the last sign-in: still active, however many dead letters");

        tick(Duration.ofSeconds(1), 1);
        tick(Duration.ofSeconds(10), 3);
        assertEquals(List.of("699999", "idle"), told, "marked idle once, at the timeout");
    }

    @Test
    void aPartitionThatNeverReceivesARecordThatMovesEventTimeIsIdleAfterTheTimeout() {
        generator.onEvent(SignInOrDeadLetter.of(GARBAGE), 0, output);
        generator.onEvent(skipped("Add member to group", SkippedAuditRecord.NO_EVENT_TIME), 0, output);
        tick(Duration.ofSeconds(30), 1);
        generator.onEvent(SignInOrDeadLetter.of(GARBAGE), 0, output);
        tick(Duration.ofSeconds(30), 1);

        assertEquals(List.of("idle"), told);
    }

    @Test
    void theNextRecordThatMovesEventTimeMakesAnIdlePartitionActiveAgain() {
        see(1_000_000);
        tick(IDLE_TIMEOUT, 1);
        generator.onEvent(SignInOrDeadLetter.of(GARBAGE), Long.MAX_VALUE, output);
        assertEquals(List.of("699999", "idle"), told, "a dead letter does not wake it");

        see(1_010_000);
        tick(Duration.ofSeconds(30), 1);
        assertEquals(List.of("699999", "idle", "active", "709999"), told);
    }

    @Test
    void skippedAuditRecordsWithATimeMoveTheWatermarkAndKeepThePartitionActive() {
        for (int i = 0; i < 10; i++) {
            generator.onEvent(skipped("Add member to group", 1_000_000 + i * 10_000), 1_000_000 + i * 10_000, output);
            tick(Duration.ofSeconds(30), 1);
        }

        assertEquals(List.of(699_999L, 709_999L, 719_999L, 729_999L, 739_999L), emitted.subList(0, 5));
        assertEquals(10, emitted.size());
        assertFalse(told.contains("idle"), told.toString());
    }

    @Test
    void aSkippedAuditRecordFromTheFutureMovesNothing() {
        SourceParser parser = new SourceParser(JobSettings.defaults());
        parser.open();
        Instant now = Instant.parse("2026-03-02T09:00:00Z");
        Instant aYearOn = now.plus(Duration.ofDays(365));
        // its own log time forged as well, so that only the stream's bound (the Kafka source's clock) stops it
        String forged = "{\"time\":\"" + aYearOn + "\",\"category\":\"AuditLogs\",\"tenantId\":\"t1\","
                + "\"operationName\":\"Add member to group\",\"properties\":{\"category\":\"GroupManagement\","
                + "\"activityDisplayName\":\"Add member to group\",\"activityDateTime\":\"" + aYearOn + "\"}}";
        List<SignInOrDeadLetter> read = new ArrayList<>();
        parser.parse(forged.getBytes(StandardCharsets.UTF_8), () -> "auditlogs/0@7", now.toEpochMilli(), read::add);

        see(now.toEpochMilli());
        for (SignInOrDeadLetter record : read) {
            assertFalse(record.advancesEventTime(), record.toString());
            generator.onEvent(record, record.eventTime(aYearOn.toEpochMilli()), output);
        }
        assertEquals(List.of(now.toEpochMilli() - 300_000 - 1), emitted);
    }
}
