package org.dcwatch.job.baseline;

import java.io.IOException;
import java.util.Objects;
import org.apache.flink.api.common.typeutils.CompositeTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.IntSerializer;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.dcwatch.udfs.event.SignInSummary;

/**
 * Flink's serializer of {@link UserSignIn}, the record that carries nearly every sign-in of the stream to the baseline.
 *
 * <p>Written by hand because it crosses the network for nearly every sign-in of the stream: Flink's POJO serializer
 * reads and sets each field by reflection and writes a null flag before each, work that a record of four fields
 * need not pay. Here: tenant and user as Flink writes strings (null-safe), the ASN, the event time, then a byte
 * that says whether a device-code summary follows, written by its own (POJO) serializer, and whether the sign-in was
 * late: {@value #LEARN_ONLY}, {@value #ON_TIME} or {@value #LATE}. Version 1 wrote the byte as a boolean, so its
 * records read the same: nothing late among them.
 *
 * <p>The record only ever travels between tasks, it is never kept in state; the snapshot still follows Flink's rules
 * (a version, the summary's serializer nested) so that a restore can tell a changed format.
 */
public final class UserSignInSerializer extends TypeSerializer<UserSignIn> {

    private static final long serialVersionUID = 1L;

    /** The kind byte: no summary follows. */
    static final byte LEARN_ONLY = 0;
    /** The kind byte: a summary follows, of a sign-in that arrived on time. */
    static final byte ON_TIME = 1;
    /** The kind byte: a summary follows, of a sign-in that arrived behind the watermark. */
    static final byte LATE = 2;

    private final TypeSerializer<SignInSummary> summarySerializer;

    public UserSignInSerializer(TypeSerializer<SignInSummary> summarySerializer) {
        this.summarySerializer = Objects.requireNonNull(summarySerializer);
    }

    @Override
    public void serialize(UserSignIn record, DataOutputView target) throws IOException {
        StringSerializer.INSTANCE.serialize(record.tenantId(), target);
        StringSerializer.INSTANCE.serialize(record.userKey(), target);
        target.writeInt(record.asn());
        target.writeLong(record.eventTime());
        SignInSummary deviceCode = record.deviceCode();
        target.writeByte(deviceCode == null ? LEARN_ONLY : record.late() ? LATE : ON_TIME);
        if (deviceCode != null) summarySerializer.serialize(deviceCode, target);
    }

    @Override
    public UserSignIn deserialize(DataInputView source) throws IOException {
        String tenantId = StringSerializer.INSTANCE.deserialize(source);
        String userKey = StringSerializer.INSTANCE.deserialize(source);
        int asn = source.readInt();
        long eventTime = source.readLong();
        byte kind = kind(source);
        SignInSummary deviceCode = kind == LEARN_ONLY ? null : summarySerializer.deserialize(source);
        return new UserSignIn(tenantId, userKey, asn, eventTime, deviceCode, kind == LATE);
    }

    @Override
    public UserSignIn deserialize(UserSignIn reuse, DataInputView source) throws IOException {
        return deserialize(source); // immutable
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        StringSerializer.INSTANCE.copy(source, target);
        StringSerializer.INSTANCE.copy(source, target);
        IntSerializer.INSTANCE.copy(source, target);
        LongSerializer.INSTANCE.copy(source, target);
        byte kind = kind(source);
        target.writeByte(kind);
        if (kind != LEARN_ONLY) summarySerializer.copy(source, target);
    }

    private static byte kind(DataInputView source) throws IOException {
        byte kind = source.readByte();
        if (kind < LEARN_ONLY || kind > LATE) throw new IOException("not a UserSignIn: kind byte " + kind);
        return kind;
    }

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public TypeSerializer<UserSignIn> duplicate() {
        TypeSerializer<SignInSummary> summary = summarySerializer.duplicate();
        return summary == summarySerializer ? this : new UserSignInSerializer(summary);
    }

    @Override
    public UserSignIn createInstance() {
        return null; // immutable: there is nothing to reuse
    }

    @Override
    public UserSignIn copy(UserSignIn from) {
        return from;
    }

    @Override
    public UserSignIn copy(UserSignIn from, UserSignIn reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UserSignInSerializer that && summarySerializer.equals(that.summarySerializer);
    }

    @Override
    public int hashCode() {
        return summarySerializer.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<UserSignIn> snapshotConfiguration() {
        return new Snapshot(this);
    }

    /**
     * Version 2: the format above (version 1 had no late sign-ins, and its records read the same); the summary's
     * serializer is nested, so that its own evolution is resolved.
     */
    public static final class Snapshot extends CompositeTypeSerializerSnapshot<UserSignIn, UserSignInSerializer> {

        private static final int VERSION = 2;

        /** For Flink to read a snapshot back. */
        public Snapshot() {}

        Snapshot(UserSignInSerializer serializer) {
            super(serializer);
        }

        @Override
        protected int getCurrentOuterSnapshotVersion() {
            return VERSION;
        }

        @Override
        protected TypeSerializer<?>[] getNestedSerializers(UserSignInSerializer serializer) {
            return new TypeSerializer<?>[] {serializer.summarySerializer};
        }

        @Override
        @SuppressWarnings("unchecked")
        protected UserSignInSerializer createOuterSerializerWithNestedSerializers(TypeSerializer<?>[] nested) {
            return new UserSignInSerializer((TypeSerializer<SignInSummary>) nested[0]);
        }
    }
}
