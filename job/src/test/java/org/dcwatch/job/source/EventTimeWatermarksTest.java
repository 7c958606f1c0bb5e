package org.dcwatch.job.source;

import static org.dcwatch.job.TestSignIns.header;
import static org.dcwatch.job.TestSignIns.signIn;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.dcwatch.udfs.parse.DeadLetter;
import org.dcwatch.udfs.parse.DeadLetterReason;
import org.junit.jupiter.api.Test;

class EventTimeWatermarksTest {

    private final List<Long> emitted = new ArrayList<>();
    private final WatermarkOutput output = new WatermarkOutput() {
        @Override
        public void emitWatermark(Watermark watermark) {
            emitted.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}
    };

    private final WatermarkGenerator<SignInOrDeadLetter> generator = new EventTimeWatermarks(Duration.ofMinutes(5));

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

        WatermarkGenerator<SignInOrDeadLetter> shortBound = new EventTimeWatermarks(Duration.ofSeconds(5));
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
}
