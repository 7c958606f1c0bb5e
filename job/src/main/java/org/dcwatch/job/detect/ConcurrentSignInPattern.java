package org.dcwatch.job.detect;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.IterativeCondition;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.OutputTag;
import org.dcwatch.job.tuning.RuleParameters;
import org.dcwatch.udfs.alert.Alert;
import org.dcwatch.udfs.alert.AlertSummaries;
import org.dcwatch.udfs.classify.DeviceCodeFlow;
import org.dcwatch.udfs.event.SignInSummary;

/**
 * Rule {@code concurrent-interactive-noninteractive} (seed 001) as a Flink CEP pattern: in one session (keyed by
 * {@link SessionKey}), {@code minInteractive} interactive device-code-flow sign-ins followed by
 * {@code minNonInteractive} non-interactive ones, all at most {@link RuleParameters#window()} apart in event time, whose
 * matched sign-ins come from {@linkplain RuleParameters#multipleSources multiple sources} (sign-ins without an IP or a
 * user agent add none). This is the phished code completed in the victim's browser and the resulting token then used
 * by another client.
 *
 * <p>Where it differs from the seed's counting query: the interactive sign-ins must come before the non-interactive
 * ones (the order of a device-code flow), and sources are counted over the matched sign-ins, not over every sign-in of
 * the nine minutes.
 *
 * <p>CEP compiles the pattern into the job graph when the job starts, so its window and thresholds are those of the
 * start-up tuning (for all tenants) and change only with a restart; a changed pattern may not restore the operator's
 * state, so the operator's uid carries the pattern's version ({@link #UID}). Whether the rule is enabled, its
 * allowlists, severity and suppression are tuning that changes at run time: they are applied downstream, by the
 * operators that read the broadcast tuning. The alert carries the start-up severity and risk score until then.
 */
public final class ConcurrentSignInPattern {

    /** Bump the version with every change to the pattern: CEP state is not guaranteed to survive one. */
    public static final String UID = "concurrent-interactive-noninteractive-cep-v2";

    public static final String NAME = "concurrent-interactive-noninteractive (CEP)";

    static final String INTERACTIVE = "interactive";
    static final String NON_INTERACTIVE = "non-interactive";

    private ConcurrentSignInPattern() {}

    /**
     * The pattern. Both stages use relaxed contiguity (sign-ins that do not fit are skipped, not fatal), so every
     * interactive sign-in starts at most one partial match, which takes the next interactive ones: partial matches grow
     * with the sign-ins of the window, never with their combinations (no {@code followedByAny} or
     * {@code allowCombinations}). {@code within} drops partial matches once the watermark passes their window, and
     * {@code skipPastLastEvent} discards every other partial match that started before the end of an emitted match: a
     * non-interactive sign-in that completes several partial matches at once yields one alert, not one per start.
     * Thresholds below 1 are raised to 1: the rule is an order of interactive then non-interactive sign-ins.
     *
     * <p>The window is inclusive, as {@code session-multi-source}'s is: sign-ins exactly {@code window} apart belong
     * together, a millisecond more does not. CEP's {@code within} is exclusive (the NFA drops a partial match once
     * an event or the watermark is {@code within} or more after its start), so the pattern asks for a millisecond
     * more; event times are whole milliseconds.
     */
    public static Pattern<SignInSummary, ?> pattern(RuleParameters parameters) {
        return Pattern.<SignInSummary>begin(INTERACTIVE, AfterMatchSkipStrategy.skipPastLastEvent())
                .where(new InteractiveDeviceCodeSignIn())
                .times(Math.max(1, parameters.minInteractive()))
                .followedBy(NON_INTERACTIVE)
                .where(new TokenUseFromMultipleSources(parameters))
                .times(Math.max(1, parameters.minNonInteractive()))
                .within(inclusive(parameters.window()));
    }

    /** The {@code within} that keeps sign-ins exactly {@code window} apart together. */
    static Duration inclusive(Duration window) {
        return window.plusMillis(1);
    }

    /**
     * The rule's alerts from a stream of device-code sign-ins keyed by {@link SessionKey}, in event time. Sign-ins
     * behind the watermark go to {@code lateTag} (read it with {@code getSideOutput}) instead of being dropped. The
     * operator has neither uid nor name: the job graph gives it {@link #UID} and {@link #NAME}, beside every other
     * operator's.
     */
    public static SingleOutputStreamOperator<Alert> detect(
            KeyedStream<SignInSummary, String> sessions, RuleParameters parameters, OutputTag<SignInSummary> lateTag) {
        return CEP.pattern(sessions, pattern(parameters))
                .inEventTime()
                .sideOutputLateData(lateTag)
                .process(new ConcurrentSignInAlerts(parameters), TypeInformation.of(Alert.class));
    }

    /** A browser-side sign-in of the flow: interactive (SignInLogs), original transfer method device-code flow. */
    static final class InteractiveDeviceCodeSignIn extends SimpleCondition<SignInSummary> {
        @Override
        public boolean filter(SignInSummary signIn) {
            return signIn.interactive() && DeviceCodeFlow.isDeviceCodeTransfer(signIn.originalTransferMethod());
        }
    }

    /**
     * A non-interactive token use of the flow. The one that completes the stage must also make the matched sign-ins
     * multi-source; those before it only count.
     */
    static final class TokenUseFromMultipleSources extends IterativeCondition<SignInSummary> {

        private final RuleParameters parameters;

        TokenUseFromMultipleSources(RuleParameters parameters) {
            this.parameters = parameters;
        }

        @Override
        public boolean filter(SignInSummary signIn, Context<SignInSummary> ctx) throws Exception {
            if (signIn.interactive() || !DeviceCodeFlow.isDeviceCodeTransfer(signIn.originalTransferMethod())) {
                return false;
            }
            List<SignInSummary> matched = new ArrayList<>();
            ctx.getEventsForPattern(INTERACTIVE).forEach(matched::add);
            int interactive = matched.size();
            ctx.getEventsForPattern(NON_INTERACTIVE).forEach(matched::add);
            boolean completesTheStage = matched.size() - interactive + 1 >= Math.max(1, parameters.minNonInteractive());
            if (!completesTheStage) return true;
            matched.add(signIn);
            return parameters.multipleSources(
                    AlertSummaries.distinctIps(matched), AlertSummaries.distinctUserAgents(matched));
        }
    }
}
