package org.dcwatch.job.baseline;

import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.event.SignInSummary;
import org.dcwatch.udfs.parse.SignInHeader;

/**
 * A user's successful sign-in as the per-user baseline receives it: who, from which ASN, when — and, only for the
 * sign-ins the rule may alert on, the evidence an alert shows.
 *
 * <p>Every successful user sign-in crosses the network to the baseline's keyed task, so this record is what most of
 * the stream costs there. Most of them (token refreshes, browser sign-ins: about 99%) only teach the baseline and
 * travel as four fields; an on-time device-code sign-in also carries its {@link SignInSummary}.
 *
 * <p>Two kinds of device-code sign-ins only teach. Late sign-ins (behind the watermark when they arrived, DESIGN.md 6)
 * still teach the baseline, so that an ASN the user really used is known later, but they never alert: the decision for
 * their moment has already been taken without them, and the late-record output is where they are reported. Sign-ins of
 * a history bootstrap ({@code run --history}) build the baseline that the live sign-ins are judged against, and are not
 * alerted on themselves. Serialized by {@link UserSignInSerializer} (a null summary costs one byte).
 *
 * @param deviceCode the sign-in's summary if it is a device-code sign-in that may alert, else null
 */
@TypeInfo(UserSignInTypeInfo.Factory.class)
public record UserSignIn(String tenantId, String userKey, int asn, long eventTime, SignInSummary deviceCode) {

    /**
     * What the baseline receives of a successful sign-in with an ASN.
     *
     * @param mayAlert true for an on-time device-code sign-in (the router's decision): it carries its summary
     */
    public static UserSignIn of(SignInEvent signIn, boolean mayAlert) {
        return new UserSignIn(signIn.tenantId(), signIn.userKey(), signIn.asn(), signIn.eventTime(),
                mayAlert ? SignInSummary.of(signIn) : null);
    }

    /** What the baseline receives of a successful sign-in with an ASN that it only learns from (see {@link #of}). */
    public static UserSignIn learnOnly(SignInHeader signIn) {
        return new UserSignIn(signIn.tenantId(), signIn.userKey(), signIn.asn(), signIn.eventTime(), null);
    }

    /** The same from a summary, as tests hold sign-ins. */
    public static UserSignIn of(SignInSummary signIn, boolean mayAlert) {
        return new UserSignIn(signIn.tenantId(), signIn.userKey(), signIn.asn(), signIn.eventTime(),
                mayAlert ? signIn : null);
    }

    /** True for an on-time device-code sign-in: the unseen-ASN rule decides on it before it learns from it. */
    public boolean mayAlert() {
        return deviceCode != null;
    }
}
