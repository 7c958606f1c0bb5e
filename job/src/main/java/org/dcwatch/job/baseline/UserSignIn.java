package org.dcwatch.job.baseline;

import org.dcwatch.udfs.event.SignInSummary;

/**
 * A user's sign-in as the per-user baseline receives it: one that may alert, or one that only teaches.
 *
 * <p>Two kinds only teach. Late sign-ins (behind the watermark when they arrived, DESIGN.md 6) still teach the
 * baseline, so that an ASN the user really used is known later, but they never alert: the decision for their moment
 * has already been taken without them, and the late-record output is where they are reported. Sign-ins of a history
 * bootstrap ({@code run --history}) build the baseline that the live sign-ins are judged against, and are not alerted
 * on themselves. Serialized by Flink's POJO serializer, as a record.
 *
 * @param learnOnly true when the sign-in was late or belongs to the history: it feeds the baseline but never alerts
 */
public record UserSignIn(SignInSummary signIn, boolean learnOnly) {}
