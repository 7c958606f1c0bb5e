package org.dcwatch.job.baseline;

import org.dcwatch.udfs.event.SignInSummary;

/**
 * A user's sign-in as the per-user baseline receives it: on time, or late.
 *
 * <p>Late sign-ins (behind the watermark when they arrived, DESIGN.md 6) still teach the baseline, so that an ASN the
 * user really used is known later, but they never alert: the decision for their moment has already been taken without
 * them, and the late-record output is where they are reported. Serialized by Flink's POJO serializer, as a record.
 *
 * @param late true when the sign-in was behind the watermark: it feeds the baseline but never alerts
 */
public record UserSignIn(SignInSummary signIn, boolean late) {}
