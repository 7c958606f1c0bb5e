package org.dcwatch.job.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.dcwatch.job.alert.AlertFixtures;
import org.dcwatch.udfs.event.SignInSummary;
import org.junit.jupiter.api.Test;

/**
 * Flink's contract for a serializer ({@link SerializerTestBase}: round trips alone and in sequence, with and without
 * reuse, serialized copies, snapshots, duplicates used by concurrent threads, Java serializability) run on the records
 * below, and what that contract does not check: byte-for-byte copies, the exact restored serializer, version 1's
 * format, the kind byte.
 */
class UserSignInSerializerTest extends SerializerTestBase<UserSignIn> {

    private static final long T0 = AlertFixtures.T0;

    private final TypeSerializer<UserSignIn> serializer = createSerializer();

    /**
     * A baseline lesson, a device-code sign-in with its evidence, one that arrived late, and the nulls a record may
     * carry.
     */
    private final List<UserSignIn> records = List.of(
            new UserSignIn("tenant-1", "user-1", 3320, T0),
            UserSignIn.of(AlertFixtures.victimBrowser("dc-1", T0 + 1), true),
            UserSignIn.late(AlertFixtures.attackerPoller("dc-2", T0 + 2)),
            new UserSignIn(null, "adele@contoso.example", 64500, Long.MIN_VALUE),
            new UserSignIn("tenant-ü", null, Integer.MAX_VALUE, Long.MAX_VALUE));

    @Override
    protected TypeSerializer<UserSignIn> createSerializer() {
        return TypeInformation.of(UserSignIn.class).createSerializer(new SerializerConfigImpl());
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<UserSignIn> getTypeClass() {
        return UserSignIn.class;
    }

    @Override
    protected UserSignIn[] getTestData() {
        return records.toArray(new UserSignIn[0]);
    }

    /** The record is immutable: {@code createInstance} has nothing to reuse and returns null. */
    @Override
    protected boolean allowNullInstances(TypeSerializer<UserSignIn> serializer) {
        return true;
    }

    @Test
    void thePipelineUsesTheHandWrittenSerializerAndThePojoOneForTheSummary() {
        assertInstanceOf(UserSignInTypeInfo.class, TypeInformation.of(UserSignIn.class));
        assertInstanceOf(UserSignInSerializer.class, serializer);
        TypeSerializer<?> summary = ((UserSignInSerializer.Snapshot) serializer.snapshotConfiguration())
                .getNestedSerializerSnapshots()[0].restoreSerializer();
        assertInstanceOf(PojoSerializer.class, summary);
    }

    @Test
    void copiesSerializedRecordsByteForByte() throws Exception {
        DataOutputSerializer written = new DataOutputSerializer(64);
        for (UserSignIn record : records) serializer.serialize(record, written);

        DataInputDeserializer in = new DataInputDeserializer(written.getCopyOfBuffer());
        DataOutputSerializer copied = new DataOutputSerializer(64);
        for (int i = 0; i < records.size(); i++) serializer.copy(in, copied);

        assertArrayEquals(written.getCopyOfBuffer(), copied.getCopyOfBuffer());
    }

    @Test
    void itsSnapshotRestoresTheSameSerializerAndIsCompatibleAsIs() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(256);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());
        TypeSerializerSnapshot<UserSignIn> read = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());

        assertEquals(serializer, read.restoreSerializer());
        assertTrue(serializer
                .snapshotConfiguration()
                .resolveSchemaCompatibility(read)
                .isCompatibleAsIs());
    }

    @Test
    void readsWhatVersionOneWrote() throws Exception {
        // version 1 wrote whether a summary follows as a boolean: kinds 0 and 1 of version 2, nothing late
        SignInSummary summary = AlertFixtures.victimBrowser("dc-1", T0);
        TypeSerializer<SignInSummary> summaries =
                TypeInformation.of(SignInSummary.class).createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(256);
        for (boolean withSummary : new boolean[] {false, true}) {
            StringSerializer.INSTANCE.serialize("tenant-1", out);
            StringSerializer.INSTANCE.serialize("user-1", out);
            out.writeInt(3320);
            out.writeLong(T0);
            out.writeBoolean(withSummary);
            if (withSummary) summaries.serialize(summary, out);
        }

        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        assertEquals(new UserSignIn("tenant-1", "user-1", 3320, T0), serializer.deserialize(in));
        assertEquals(new UserSignIn("tenant-1", "user-1", 3320, T0, summary, false), serializer.deserialize(in));
        assertEquals(0, in.available());
    }

    @Test
    void rejectsAKindByteItDoesNotKnow() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(records.get(0), out);
        byte[] written = out.getCopyOfBuffer();
        written[written.length - 1] = 3;

        assertThrows(IOException.class, () -> serializer.deserialize(new DataInputDeserializer(written)));
    }

    @Test
    void onlyASignInThatMayAlertIsMarkedLate() {
        assertThrows(IllegalArgumentException.class, () -> new UserSignIn("tenant-1", "user-1", 3320, T0, null, true));
    }

    @Test
    void aDuplicateHashesLikeTheOriginal() {
        TypeSerializer<UserSignIn> duplicate = serializer.duplicate();
        assertEquals(serializer, duplicate);
        assertEquals(serializer.hashCode(), duplicate.hashCode());
    }
}
