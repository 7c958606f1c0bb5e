package org.dcwatch.job.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.util.Collector;
import org.dcwatch.job.tuning.RuleParameters;
import org.dcwatch.udfs.alert.Alert;
import org.dcwatch.udfs.alert.AlertIds;
import org.dcwatch.udfs.alert.AlertSummaries;
import org.dcwatch.udfs.event.DeviceRegistrationEvent;
import org.dcwatch.udfs.event.SignInSummary;

/**
 * Turns a match of a {@link DeviceRegistrationChain} pattern into an alert of its rule: the sign-ins as evidence, the
 * registration beside them, and a summary that tells the chain's steps. The alert belongs to the device-code sign-in's
 * session (suppression keeps one per session), and its id is fixed by that sign-in. Severity and risk score are the
 * start-up tuning's; the operators that read the broadcast tuning apply later changes.
 */
final class DeviceChainAlerts extends PatternProcessFunction<DeviceChainEvent, Alert> {

    private final String ruleId;
    private final RuleParameters parameters;

    DeviceChainAlerts(String ruleId, RuleParameters parameters) {
        this.ruleId = ruleId;
        this.parameters = parameters;
    }

    @Override
    public void processMatch(Map<String, List<DeviceChainEvent>> match, Context ctx, Collector<Alert> out) {
        DeviceChainEvent registered =
                match.get(DeviceRegistrationChain.REGISTRATION).get(0);
        List<DeviceChainEvent> deviceCodes = match.get(DeviceRegistrationChain.DEVICE_CODE);
        // the token-use pattern begins at the registration rule's match, which carries its device-code sign-in
        SignInSummary deviceCode = deviceCodes != null ? deviceCodes.get(0).signIn() : registered.signIn();
        DeviceRegistrationEvent registration = registered.registration();
        List<DeviceChainEvent> tokenUses = match.get(DeviceRegistrationChain.TOKEN_USE);
        SignInSummary tokenUse = tokenUses == null ? null : tokenUses.get(0).signIn();

        List<SignInSummary> evidence = new ArrayList<>(List.of(deviceCode));
        if (tokenUse != null) evidence.add(tokenUse);
        long last = tokenUse != null ? tokenUse.eventTime() : registration.eventTime();
        out.collect(new Alert(
                AlertIds.of(
                        ruleId, deviceCode.tenantId(), deviceCode.userKey(), deviceCode.sessionId(), deviceCode.id()),
                0,
                ruleId,
                parameters.severity(),
                parameters.riskScore(),
                deviceCode.tenantId(),
                deviceCode.userKey(),
                deviceCode.userPrincipalName() != null
                        ? deviceCode.userPrincipalName()
                        : registration.initiatedByUserPrincipalName(),
                deviceCode.userDisplayName(),
                deviceCode.sessionId(),
                deviceCode.eventTime(),
                last,
                summary(deviceCode, registration, tokenUse),
                evidence.toArray(SignInSummary[]::new),
                new DeviceRegistrationEvent[] {registration}));
    }

    /**
     * E.g. "device-code sign-in from 203.0.113.7, then Register device of DESKTOP-7QK2M4X (Windows, Workplace) 9m12s
     * later, then a Primary Refresh Token sign-in from that device 2m3s later".
     */
    static String summary(SignInSummary deviceCode, DeviceRegistrationEvent registration, SignInSummary tokenUse) {
        StringBuilder text = new StringBuilder("device-code sign-in");
        if (deviceCode.ipAddress() != null) text.append(" from ").append(deviceCode.ipAddress());
        text.append(", then ")
                .append(registration.operationName())
                .append(" of ")
                .append(DeviceRegistrationChain.deviceName(registration));
        List<String> details = new ArrayList<>();
        if (registration.deviceOs() != null) details.add(registration.deviceOs());
        if (registration.deviceTrustType() != null) details.add(registration.deviceTrustType());
        if (!details.isEmpty())
            text.append(" (").append(String.join(", ", details)).append(')');
        text.append(' ')
                .append(AlertSummaries.span(registration.eventTime() - deviceCode.eventTime()))
                .append(" later");
        if (tokenUse != null) {
            text.append(", then a Primary Refresh Token sign-in from ")
                    .append(
                            DeviceRegistrationChain.isFromTheDevice(tokenUse, registration)
                                    ? "that device"
                                    : "an unmanaged device")
                    .append(' ')
                    .append(AlertSummaries.span(tokenUse.eventTime() - registration.eventTime()))
                    .append(" later");
        }
        return text.toString();
    }
}
