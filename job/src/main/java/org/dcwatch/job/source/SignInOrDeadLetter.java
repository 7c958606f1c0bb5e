package org.dcwatch.job.source;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.dcwatch.udfs.event.DeviceRegistrationEvent;
import org.dcwatch.udfs.parse.DeadLetter;
import org.dcwatch.udfs.parse.SignInHeader;

/**
 * What the sign-in source hands on for each record it read: a sign-in, a device registration of the audit log on the
 * same stream, an audit record of another operation that is skipped, or a dead letter. Exactly one is set. The source parses, so that
 * the watermark strategy given to it runs per Kafka partition and per file (see {@link EventTimeWatermarks}); the
 * operator chained right after it ({@link SplitDeadLetters}) sends the dead letters aside.
 *
 * <p>A sign-in carries its whole message ({@link SignInHeader#message()}): it is meant to go from the source to the
 * router within one chained task, never across the network.
 *
 * @param signIn the sign-in, or null
 * @param deadLetter the dead letter, or null
 * @param registration the device registration, or null
 * @param skipped the skipped audit record, or null
 * @param advancesEventTime whether the record may move its partition's watermark, and so keeps it from being idle
 *     (see {@link EventTimeWatermarks}): a sign-in, a registration or a skipped audit record with a time may; dead
 *     letters, skipped records without a time, and a record far ahead of its file whose time no later sign-in
 *     confirmed (see {@link TimeJumpGuard}) do not
 */
public record SignInOrDeadLetter(
        SignInHeader signIn,
        DeadLetter deadLetter,
        DeviceRegistrationEvent registration,
        SkippedAuditRecord skipped,
        boolean advancesEventTime) {

    /** A Flink POJO (records are), so that no record of the source ever falls back to Kryo. */
    public static final TypeInformation<SignInOrDeadLetter> TYPE = TypeInformation.of(SignInOrDeadLetter.class);

    public static SignInOrDeadLetter of(SignInHeader signIn) {
        return new SignInOrDeadLetter(signIn, null, null, null, true);
    }

    public static SignInOrDeadLetter of(DeadLetter deadLetter) {
        return new SignInOrDeadLetter(null, deadLetter, null, null, false);
    }

    public static SignInOrDeadLetter of(DeviceRegistrationEvent registration) {
        return new SignInOrDeadLetter(null, null, registration, null, true);
    }

    public static SignInOrDeadLetter of(SkippedAuditRecord skipped) {
        return new SignInOrDeadLetter(null, null, null, skipped, skipped.hasEventTime());
    }

    /** The same record, processed as any other but never moving event time. */
    SignInOrDeadLetter notAdvancingEventTime() {
        return new SignInOrDeadLetter(signIn, deadLetter, registration, skipped, false);
    }

    public boolean isSignIn() {
        return signIn != null;
    }

    public boolean isRegistration() {
        return registration != null;
    }

    /** The event time of a sign-in, a registration or a skipped audit record; {@code otherwise} for what has none. */
    public long eventTime(long otherwise) {
        if (signIn != null) return signIn.eventTime();
        if (registration != null) return registration.eventTime();
        return skipped != null && skipped.hasEventTime() ? skipped.eventTime() : otherwise;
    }
}
