package org.dcwatch.job.chain;

import java.time.Duration;
import java.util.Locale;
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
import org.dcwatch.udfs.event.DeviceRegistrationEvent;
import org.dcwatch.udfs.event.SignInSummary;
import org.dcwatch.udfs.rules.RuleCatalogue;

/**
 * The rules that follow a phished token past the sign-in (docs/rules.md), as Flink CEP patterns over one user's
 * {@link DeviceChainEvent}s (keyed by tenant and user, in event time):
 *
 * <ul>
 *   <li>{@code device-code-device-registration}: a device-code sign-in, then a device registration initiated by the
 *       same user within the window;
 *   <li>{@code device-registration-prt-use}: that chain (a match of the first, {@link DeviceChainEvent#registered}),
 *       then within the window of the registration a sign-in with a Primary Refresh Token from the registered device,
 *       or from an unmanaged and non-compliant device.
 * </ul>
 *
 * The sign-ins and the audit log arrive on different event hubs, often minutes apart, and in no order: CEP buffers each
 * user's steps until the watermark passes them and matches them in event time, so a registration read before the
 * sign-in it follows still matches. Both stages use relaxed contiguity (other steps in between are skipped), so partial
 * matches grow with the admitted steps of the window ({@link AdmitToDeviceChain} bounds them), never with their
 * combinations; {@code skipPastLastEvent} makes one alert of a step that completes several partial matches.
 *
 * <p>The window is inclusive and measured from the previous step: a PRT used an hour after a registration that came an
 * hour after the phish still completes the chain, because the second pattern begins at the first one's match (the
 * registration) rather than at the phish. CEP compiles the patterns when the job starts, so their window is that of the start-up tuning's all-tenant records and changes with the next
 * submission (as {@code concurrent-interactive-noninteractive}'s); enabling, allowlists, severity and suppression are
 * live, applied downstream. The uids carry the patterns' version.
 */
public final class DeviceRegistrationChain {

    /** Bump the version with every change to the pattern: CEP state is not guaranteed to survive one. */
    public static final String REGISTRATION_UID = "device-code-device-registration-cep-v1";

    public static final String REGISTRATION_NAME = "device-code-device-registration (CEP)";

    /** Bump the version with every change to the pattern. */
    public static final String TOKEN_USE_UID = "device-registration-prt-use-cep-v1";

    public static final String TOKEN_USE_NAME = "device-registration-prt-use (CEP)";

    static final String DEVICE_CODE = "device-code";
    static final String REGISTRATION = "registration";
    static final String TOKEN_USE = "token-use";

    private DeviceRegistrationChain() {}

    /** Pattern of {@code device-code-device-registration}. */
    public static Pattern<DeviceChainEvent, ?> registrationPattern(Duration window) {
        return Pattern.<DeviceChainEvent>begin(DEVICE_CODE, AfterMatchSkipStrategy.skipPastLastEvent())
                .where(new IsStep(DeviceChainEvent.Step.DEVICE_CODE))
                .followedBy(REGISTRATION)
                .where(new IsStep(DeviceChainEvent.Step.REGISTRATION))
                .within(inclusive(window));
    }

    /**
     * Pattern of {@code device-registration-prt-use}: a match of the registration rule ({@link
     * DeviceChainEvent.Step#REGISTERED}), then a PRT sign-in from the registered device within the window of the
     * registration. The device-code sign-in before it was matched there, so this operator never sees device-code
     * sign-ins, which are most of the chain's steps.
     */
    public static Pattern<DeviceChainEvent, ?> tokenUsePattern(Duration window) {
        return Pattern.<DeviceChainEvent>begin(REGISTRATION, AfterMatchSkipStrategy.skipPastLastEvent())
                .where(new IsStep(DeviceChainEvent.Step.REGISTERED))
                .followedBy(TOKEN_USE)
                .where(new TokenFromTheRegisteredDevice())
                .within(inclusive(window));
    }

    /**
     * The alerts of a chain rule ({@code device-code-device-registration} or {@code device-registration-prt-use}) from
     * the users' chain steps. Steps behind the watermark go to {@code lateTag}. The operator has neither uid nor name:
     * the job graph gives it {@link #REGISTRATION_UID} or {@link #TOKEN_USE_UID}.
     */
    public static SingleOutputStreamOperator<Alert> detect(
            String ruleId,
            KeyedStream<DeviceChainEvent, String> steps,
            RuleParameters parameters,
            OutputTag<DeviceChainEvent> lateTag) {
        Pattern<DeviceChainEvent, ?> pattern = RuleCatalogue.DEVICE_REGISTRATION_PRT_USE.equals(ruleId)
                ? tokenUsePattern(parameters.window())
                : registrationPattern(parameters.window());
        return CEP.pattern(steps, pattern)
                .inEventTime()
                .sideOutputLateData(lateTag)
                .process(new DeviceChainAlerts(ruleId, parameters), TypeInformation.of(Alert.class));
    }

    /** The {@code within} that keeps steps exactly {@code window} apart together: CEP's is exclusive. */
    static Duration inclusive(Duration window) {
        return window.plusMillis(1);
    }

    static final class IsStep extends SimpleCondition<DeviceChainEvent> {

        private final DeviceChainEvent.Step step;

        IsStep(DeviceChainEvent.Step step) {
            this.step = step;
        }

        @Override
        public boolean filter(DeviceChainEvent event) {
            return event.step() == step;
        }
    }

    /**
     * A PRT sign-in from the device the chain registered (its device id, compared ignoring case), or, when the audit
     * record named no device id or another one, from a device neither managed nor compliant: a device the attacker
     * registered is neither, and an attacker who registers several devices must not escape by using another one's PRT.
     */
    static final class TokenFromTheRegisteredDevice extends IterativeCondition<DeviceChainEvent> {

        @Override
        public boolean filter(DeviceChainEvent event, Context<DeviceChainEvent> ctx) throws Exception {
            if (event.step() != DeviceChainEvent.Step.TOKEN_USE) return false;
            SignInSummary signIn = event.signIn();
            for (DeviceChainEvent registered : ctx.getEventsForPattern(REGISTRATION)) {
                if (isFromTheDevice(signIn, registered.registration())) return true;
            }
            return !Boolean.TRUE.equals(signIn.deviceManaged()) && !Boolean.TRUE.equals(signIn.deviceCompliant());
        }
    }

    /** Whether the sign-in names the registered device's id, compared ignoring case and surrounding whitespace. */
    static boolean isFromTheDevice(SignInSummary signIn, DeviceRegistrationEvent registration) {
        String deviceId = normalized(signIn.deviceId());
        return deviceId != null && deviceId.equals(normalized(registration.deviceId()));
    }

    private static String normalized(String deviceId) {
        if (deviceId == null) return null;
        String id = deviceId.strip().toLowerCase(Locale.ROOT);
        return id.isEmpty() ? null : id;
    }

    /** The device a registration names, for summaries: its display name, else its ids. */
    static String deviceName(DeviceRegistrationEvent registration) {
        if (registration.deviceDisplayName() != null) return registration.deviceDisplayName();
        if (registration.deviceId() != null) return "device " + registration.deviceId();
        return registration.deviceObjectId() != null ? "device object " + registration.deviceObjectId() : "a device";
    }
}
