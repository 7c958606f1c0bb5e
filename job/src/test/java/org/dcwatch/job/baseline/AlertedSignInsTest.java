package org.dcwatch.job.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class AlertedSignInsTest {

    private static final long T0 = 1_770_000_000_000L;

    @Test
    void remembersTheSignInsAddedAndForgetsThoseBeforeACutoff() {
        AlertedSignIns alerted =
                AlertedSignIns.NONE.with("a", T0).with("b", T0 + 10).with("c", T0 + 20);

        assertTrue(alerted.contains("b"));
        assertFalse(alerted.contains("d"));
        AlertedSignIns later = alerted.withoutBefore(T0 + 10);
        assertEquals(new AlertedSignIns(new String[] {"b", "c"}, new long[] {T0 + 10, T0 + 20}), later);
        assertSame(later, later.withoutBefore(T0 + 10), "nothing dropped: nothing to write back");
        assertTrue(alerted.withoutBefore(T0 + 21).isEmpty());
    }

    @Test
    void keepsTheMostRecentWhenFull() {
        AlertedSignIns alerted = AlertedSignIns.NONE;
        for (int i = 0; i < AlertedSignIns.MAX_SIGN_INS; i++) {
            alerted = alerted.with("sign-in-" + i, T0 + (i == 5 ? -1 : i)); // sign-in-5 is the oldest
        }

        alerted = alerted.with("newest", T0 + 100);
        assertEquals(AlertedSignIns.MAX_SIGN_INS, alerted.size());
        assertFalse(alerted.contains("sign-in-5"));
        assertTrue(alerted.contains("sign-in-0"));
        assertTrue(alerted.contains("newest"));

        assertFalse(alerted.with("older-than-all", T0 - 2).contains("older-than-all"));
    }

    @Test
    void isAFlinkPojoNotKryoAndRoundTrips() throws Exception {
        PojoTypeInfo<?> type = assertInstanceOf(PojoTypeInfo.class, TypeInformation.of(AlertedSignIns.class));
        for (int i = 0; i < type.getArity(); i++) {
            assertFalse(
                    type.getTypeAt(i) instanceof GenericTypeInfo,
                    type.getPojoFieldAt(i).getField().getName());
        }
        TypeSerializer<AlertedSignIns> serializer =
                TypeInformation.of(AlertedSignIns.class).createSerializer(new SerializerConfigImpl());
        AlertedSignIns alerted = AlertedSignIns.NONE.with("a", T0).with(null, T0 + 1);

        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(alerted, out);

        assertEquals(alerted, serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer())));
    }
}
