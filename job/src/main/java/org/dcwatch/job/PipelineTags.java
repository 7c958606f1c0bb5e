package org.dcwatch.job;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;
import org.dcwatch.job.baseline.UserSignIn;
import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.parse.DeadLetter;

/** The side outputs of the pipeline, declared in one place. */
public final class PipelineTags {

    /** Input that is not a sign-in, and tuning records that cannot be applied. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    /**
     * Sign-ins behind the watermark: reported, learned by the baseline, given to no rule but unseen-asn (which needs no
     * window, and judges late device-code sign-ins from the baseline output).
     */
    public static final OutputTag<SignInEvent> LATE = new OutputTag<>("late", TypeInformation.of(SignInEvent.class));

    /** Successful user sign-ins with an ASN, on time or late: what the per-user ASN baseline learns from. */
    public static final OutputTag<UserSignIn> BASELINE =
            new OutputTag<>("baseline", TypeInformation.of(UserSignIn.class));

    private PipelineTags() {}
}
