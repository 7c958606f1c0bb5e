package org.dcwatch.udfs.classify;

import java.util.List;

/**
 * How urgently a person should look at one device-code sign-in, and why (see {@link TriageScore}).
 *
 * @param score from 0 to {@link TriageScore#MAX_SCORE}; higher means look sooner
 * @param reasons one short, stable text per contributing reason, in the order {@link TriageScore} checks them; never
 *     {@code null}, unmodifiable
 */
public record TriageAssessment(int score, List<String> reasons) {

    public TriageAssessment {
        if (score < 0 || score > TriageScore.MAX_SCORE) {
            throw new IllegalArgumentException("score must be 0 to " + TriageScore.MAX_SCORE + ", was " + score);
        }
        reasons = List.copyOf(reasons);
    }
}
