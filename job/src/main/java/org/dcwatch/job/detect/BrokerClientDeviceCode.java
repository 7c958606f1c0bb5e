package org.dcwatch.job.detect;

import java.util.Locale;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;
import org.dcwatch.udfs.alert.Alert;
import org.dcwatch.udfs.alert.AlertIds;
import org.dcwatch.udfs.alert.AlertSummaries;
import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.event.SignInSummary;
import org.dcwatch.udfs.rules.RuleCatalogue;
import org.dcwatch.udfs.rules.RuleDefinition;

/**
 * Rule {@code device-code-broker-client}: a device-code sign-in to the Microsoft Authentication Broker raises an alert
 * (docs/rules.md). The broker client's refresh token can register a device and obtain a Primary Refresh Token, which
 * is why device-code phishing moved to it.
 *
 * <p>Input: deduplicated device-code sign-ins (the pipeline filters with
 * {@link org.dcwatch.udfs.classify.DeviceCodeFlow#isDeviceCode(SignInEvent)}). Stateless: an alert depends on its
 * sign-in alone, so a flood of other sign-ins cannot push a broker sign-in out of anything. Enabling, allowlists,
 * severity and suppression (one alert per tenant, user and session per window, later sign-ins merged into it) are
 * applied downstream by the alert suppressor, as for every rule; {@link AlertsInEventTimeOrder} hands them to it in
 * event time.
 */
public final class BrokerClientDeviceCode implements FlatMapFunction<SignInEvent, Alert> {

    private static final long serialVersionUID = 1L;

    public static final String UID = "device-code-broker-client";
    public static final String NAME = "rule device-code-broker-client";

    private static final String RULE = RuleCatalogue.DEVICE_CODE_BROKER_CLIENT;

    @Override
    public void flatMap(SignInEvent signIn, Collector<Alert> out) {
        if (isBrokerClient(signIn.appId())) out.collect(alert(signIn));
    }

    /**
     * Whether the application id is the broker client's: GUIDs arrive in either case, and exports may pad them, so
     * neither may hide a sign-in from the rule.
     */
    static boolean isBrokerClient(String appId) {
        return appId != null
                && RuleCatalogue.AUTHENTICATION_BROKER_APP_ID.equals(
                        appId.strip().toLowerCase(Locale.ROOT));
    }

    private static Alert alert(SignInEvent signIn) {
        RuleDefinition rule = RuleCatalogue.get(RULE);
        SignInSummary evidence = SignInSummary.of(signIn);
        // a sign-in without a session is its own: keyed by tenant and user alone, as unseen-asn's are
        String session = signIn.hasSession() ? signIn.sessionId() : null;
        SignInSummary[] signIns = {evidence};
        return new Alert(
                AlertIds.of(RULE, signIn.tenantId(), signIn.userKey(), session, signIn.id()),
                0,
                RULE,
                rule.severity(),
                rule.riskScore(),
                signIn.tenantId(),
                signIn.userKey(),
                signIn.userPrincipalName(),
                signIn.userDisplayName(),
                session,
                signIn.eventTime(),
                signIn.eventTime(),
                AlertSummaries.of(RULE, signIns, null),
                signIns);
    }
}
