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
 * the stream costs there. Most of them (token refreshes, browser sign-ins) only teach the baseline and
 * travel as four fields; a device-code sign-in also carries its {@link SignInSummary}.
 *
 * <p>Late device-code sign-ins (behind the watermark when they arrived) carry it too, marked {@link #late}:
 * the rule needs no window, so it can still judge them — an attacker's token use that Entra delivers late must not go
 * unnoticed — and the detector decides how late is too late ({@link UnseenAsnDetector}). Sign-ins of a history
 * bootstrap ({@code run --history}) build the baseline that the live sign-ins are judged against, and are not alerted
 * on themselves. Serialized by {@link UserSignInSerializer} (a null summary costs one byte).
 *
 * @param deviceCode the sign-in's summary if it is a device-code sign-in that may alert, else null
 * @param late true for a device-code sign-in that may alert although it arrived behind the watermark; false for every
 *     other sign-in, late or not, that only teaches
 */
@TypeInfo(UserSignInTypeInfo.Factory.class)
public record UserSignIn(
        String tenantId, String userKey, int asn, long eventTime, SignInSummary deviceCode, boolean late) {

    public UserSignIn {
        if (late && deviceCode == null) {
            throw new IllegalArgumentException("only a sign-in that may alert is marked late");
        }
    }

    /** A sign-in that only teaches the baseline. */
    public UserSignIn(String tenantId, String userKey, int asn, long eventTime) {
        this(tenantId, userKey, asn, eventTime, null, false);
    }

    /**
     * What the baseline receives of a successful sign-in with an ASN that arrived on time.
     *
     * @param mayAlert true for a device-code sign-in (the router's decision): it carries its summary
     */
    public static UserSignIn of(SignInEvent signIn, boolean mayAlert) {
        return new UserSignIn(
                signIn.tenantId(),
                signIn.userKey(),
                signIn.asn(),
                signIn.eventTime(),
                mayAlert ? SignInSummary.of(signIn) : null,
                false);
    }

    /** What the baseline receives of a successful device-code sign-in that arrived behind the watermark. */
    public static UserSignIn late(SignInEvent signIn) {
        return new UserSignIn(
                signIn.tenantId(), signIn.userKey(), signIn.asn(), signIn.eventTime(), SignInSummary.of(signIn), true);
    }

    /** What the baseline receives of a successful sign-in with an ASN that it only learns from (see {@link #of}). */
    public static UserSignIn learnOnly(SignInHeader signIn) {
        return new UserSignIn(signIn.tenantId(), signIn.userKey(), signIn.asn(), signIn.eventTime());
    }

    /** The same from a summary, as tests hold sign-ins. */
    public static UserSignIn of(SignInSummary signIn, boolean mayAlert) {
        return new UserSignIn(
                signIn.tenantId(), signIn.userKey(), signIn.asn(), signIn.eventTime(), mayAlert ? signIn : null, false);
    }

    /** A late device-code sign-in from a summary, as tests hold sign-ins. */
    public static UserSignIn late(SignInSummary signIn) {
        return new UserSignIn(signIn.tenantId(), signIn.userKey(), signIn.asn(), signIn.eventTime(), signIn, true);
    }

    /** True for a device-code sign-in, on time or late: the unseen-ASN rule may decide on it before it learns from it. */
    public boolean mayAlert() {
        return deviceCode != null;
    }
}
