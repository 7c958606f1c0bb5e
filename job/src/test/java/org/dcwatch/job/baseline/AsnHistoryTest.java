package org.dcwatch.job.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class AsnHistoryTest {

    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long LOOKBACK = 30 * DAY;
    private static final long T0 = 1_770_000_000_000L;
    private static final long NOTHING_EXPIRED = Long.MIN_VALUE;

    private final AsnHistory history = new AsnHistory();

    @Test
    void isAFlinkPojoNotKryo() {
        assertInstanceOf(PojoTypeInfo.class, TypeInformation.of(AsnHistory.class));
    }

    @Test
    void roundTripsThroughItsSerializer() throws Exception {
        history.record(3320, T0, LOOKBACK, NOTHING_EXPIRED);
        history.record(3320, T0 + 5 * DAY, LOOKBACK, NOTHING_EXPIRED);
        history.record(14061, T0 + DAY, LOOKBACK, NOTHING_EXPIRED);
        history.setCleanupTimer(T0 + 40 * DAY);
        TypeSerializer<AsnHistory> serializer =
                TypeInformation.of(AsnHistory.class).createSerializer(new SerializerConfigImpl());

        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(history, out);
        AsnHistory read = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

        assertEquals(history, read);
        assertEquals(history, serializer.copy(history));
    }

    @Test
    void spanCoversTheWindowWhenItsSightingsStraddleTheExclusion() {
        history.record(3320, T0, LOOKBACK, NOTHING_EXPIRED);
        history.record(3320, T0 + 10 * DAY, LOOKBACK, NOTHING_EXPIRED);
        long now = T0 + 10 * DAY + HOUR;

        assertTrue(history.seenWithin(3320, now - LOOKBACK, now - DAY));
        assertFalse(history.seenWithin(3320, now - LOOKBACK, T0));
    }

    @Test
    void sightingsOnlyInTheExcludedDayDoNotCount() {
        history.record(14061, T0, LOOKBACK, NOTHING_EXPIRED);

        assertFalse(history.seenWithin(14061, T0 + 12 * HOUR - LOOKBACK, T0 + 12 * HOUR - DAY));
        assertTrue(history.seenWithin(14061, T0 + 2 * DAY - LOOKBACK, T0 + 2 * DAY - DAY));
    }

    @Test
    void gapLongerThanTheLookbackStartsANewSpan() {
        history.record(3320, T0, LOOKBACK, NOTHING_EXPIRED);
        history.record(3320, T0 + 31 * DAY, LOOKBACK, NOTHING_EXPIRED);

        assertArrayEquals(new long[] {T0 + 31 * DAY}, history.getFirstSeen());
        assertArrayEquals(new long[] {T0 + 31 * DAY}, history.getLastSeen());
    }

    @Test
    void sightingsWithinAnHourOfTheSpanChangeNothing() {
        assertTrue(history.record(3320, T0, LOOKBACK, NOTHING_EXPIRED));

        assertFalse(history.record(3320, T0 + HOUR - 1, LOOKBACK, NOTHING_EXPIRED));
        assertFalse(history.record(3320, T0 - HOUR + 1, LOOKBACK, NOTHING_EXPIRED));
        assertTrue(history.record(3320, T0 + HOUR, LOOKBACK, NOTHING_EXPIRED));
        assertTrue(history.record(3320, T0 - HOUR, LOOKBACK, NOTHING_EXPIRED));
        assertArrayEquals(new long[] {T0 - HOUR}, history.getFirstSeen());
        assertArrayEquals(new long[] {T0 + HOUR}, history.getLastSeen());
    }

    @Test
    void lateSightingBeyondTheLookbackBeforeTheSpanIsIgnored() {
        history.record(3320, T0, LOOKBACK, NOTHING_EXPIRED);

        assertFalse(history.record(3320, T0 - 31 * DAY, LOOKBACK, NOTHING_EXPIRED));
        assertArrayEquals(new long[] {T0}, history.getFirstSeen());
    }

    @Test
    void newAsnEvictsTheOneWithTheOldestLastSighting() {
        for (int i = 0; i < AsnHistory.MAX_ASNS; i++) {
            history.record(64_500 + i, T0 + i * HOUR, LOOKBACK, NOTHING_EXPIRED);
        }
        history.record(64_500, T0 + 200 * HOUR, LOOKBACK, NOTHING_EXPIRED); // 64500 is recent again: 64501 is oldest

        assertTrue(history.record(1, T0 + 201 * HOUR, LOOKBACK, NOTHING_EXPIRED));

        assertEquals(AsnHistory.MAX_ASNS, history.size());
        assertTrue(history.seenWithin(64_500, T0, T0 + 300 * HOUR));
        assertFalse(history.seenWithin(64_501, T0, T0 + 300 * HOUR));
        assertTrue(history.seenWithin(1, T0, T0 + 300 * HOUR));
    }

    @Test
    void asnOlderThanEveryKeptOneDoesNotEnterAFullHistory() {
        for (int i = 0; i < AsnHistory.MAX_ASNS; i++) {
            history.record(64_500 + i, T0 + i * HOUR, LOOKBACK, NOTHING_EXPIRED);
        }

        assertFalse(history.record(1, T0 - HOUR, LOOKBACK, NOTHING_EXPIRED));
        assertEquals(AsnHistory.MAX_ASNS, history.size());
        assertFalse(history.seenWithin(1, T0 - DAY, T0 + DAY));
    }

    @Test
    void expiredAsnsAreDroppedWhenTheHistoryChanges() {
        history.record(3320, T0, LOOKBACK, NOTHING_EXPIRED);
        history.record(8075, T0 + 20 * DAY, LOOKBACK, NOTHING_EXPIRED);

        assertFalse(history.record(14061, T0 - DAY, LOOKBACK, T0 + DAY)); // itself expired: ignored, nothing dropped
        assertEquals(2, history.size());
        assertTrue(history.record(14061, T0 + 21 * DAY, LOOKBACK, T0 + DAY));
        assertArrayEquals(new int[] {8075, 14061}, history.getAsns());
        assertEquals(T0 + 21 * DAY, history.latestSighting());
    }

    @Test
    void countsTheAsnsSeenInAWindow() {
        history.record(3320, T0, LOOKBACK, NOTHING_EXPIRED);
        history.record(8075, T0 + 5 * DAY, LOOKBACK, NOTHING_EXPIRED);
        history.record(14061, T0 + 10 * DAY, LOOKBACK, NOTHING_EXPIRED);

        assertEquals(2, history.countSeenWithin(T0, T0 + 10 * DAY));
    }
}
