package org.dcwatch.job.source;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.dcwatch.udfs.parse.DeadLetter;
import org.dcwatch.udfs.parse.SignInHeader;

/**
 * What the sign-in source hands on for each record it read: a sign-in, or a dead letter. The source parses, so that
 * the watermark strategy given to it runs per Kafka partition and per file (see {@link EventTimeWatermarks}); the
 * operator chained right after it ({@link SplitDeadLetters}) sends the dead letters aside.
 *
 * <p>A sign-in carries its whole message ({@link SignInHeader#message()}): it is meant to go from the source to the
 * router within one chained task, never across the network.
 *
 * @param signIn the sign-in, or null for a dead letter
 * @param deadLetter the dead letter, or null for a sign-in
 * @param advancesEventTime whether the sign-in may move its partition's watermark: false for dead letters, and for a
 *     sign-in far ahead of its file whose time no later sign-in confirmed (see {@link TimeJumpGuard})
 */
public record SignInOrDeadLetter(SignInHeader signIn, DeadLetter deadLetter, boolean advancesEventTime) {

    /** A Flink POJO (records are), so that no record of the source ever falls back to Kryo. */
    public static final TypeInformation<SignInOrDeadLetter> TYPE = TypeInformation.of(SignInOrDeadLetter.class);

    public static SignInOrDeadLetter of(SignInHeader signIn) {
        return new SignInOrDeadLetter(signIn, null, true);
    }

    public static SignInOrDeadLetter of(DeadLetter deadLetter) {
        return new SignInOrDeadLetter(null, deadLetter, false);
    }

    /** The same sign-in, processed as any other but never moving event time. */
    SignInOrDeadLetter notAdvancingEventTime() {
        return new SignInOrDeadLetter(signIn, deadLetter, false);
    }

    public boolean isSignIn() {
        return signIn != null;
    }
}
