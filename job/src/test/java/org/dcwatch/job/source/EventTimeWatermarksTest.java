package org.dcwatch.job.source;

import static org.dcwatch.job.TestSignIns.event;
import static org.dcwatch.job.TestSignIns.signIn;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.dcwatch.udfs.event.SignInEvent;
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

    private final WatermarkGenerator<SignInEvent> generator = new EventTimeWatermarks(Duration.ofMinutes(5));

    private void see(long atMillis) {
        SignInEvent signIn = event(signIn("e" + atMillis, 0));
        generator.onEvent(signIn, atMillis, output);
    }

    @Test
    void trailsTheLatestEventTimeByTheBound() {
        see(1_000_000);
        assertEquals(List.of(1_000_000L - 300_000 - 1), emitted);
    }

    @Test
    void emitsOnlyWhenEventTimeMovesBySecondsAndNeverBackwards() {
        see(1_000_000);
        see(1_000_500); // half a second on: not yet
        see(900_000); // out of order: nothing
        see(1_001_000); // a second on
        assertEquals(List.of(699_999L, 700_999L), emitted);
    }

    @Test
    void emitsNothingOnProcessingTimeSoThatLatenessDependsOnTheDataAlone() {
        see(1_000_000);
        see(1_000_400);
        generator.onPeriodicEmit(output);
        generator.onPeriodicEmit(output);
        assertEquals(List.of(699_999L), emitted);
    }
}
