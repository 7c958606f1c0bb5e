package org.dcwatch.job.detect;

import static org.dcwatch.udfs.rules.RuleCatalogue.AUTHENTICATION_BROKER_APP_ID;
import static org.dcwatch.udfs.rules.RuleCatalogue.DEVICE_CODE_BROKER_CLIENT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.dcwatch.udfs.alert.Alert;
import org.dcwatch.udfs.alert.AlertIds;
import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.event.SignInEvents;
import org.dcwatch.udfs.event.SignInSummary;
import org.dcwatch.udfs.rules.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BrokerClientDeviceCodeTest {

    private static final String SESSION = "5c6a9d2e-7f3b-4e1a-9c8d-2b4f6e8a0c1d";
    private static final String OFFICE_APP = "d3590ed6-52b3-4102-aeff-aad2292ab01c";

    private final List<Alert> alerts = new ArrayList<>();
    private final BrokerClientDeviceCode rule = new BrokerClientDeviceCode();

    private static SignInEvent deviceCodeTo(String id, String appId) {
        return SignInEvents.deviceCode()
                .id(id)
                .sessionId(SESSION)
                .app(appId, "Microsoft Authentication Broker")
                .build();
    }

    private void signIn(SignInEvent event) {
        rule.flatMap(event, new ListCollector<>(alerts));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                AUTHENTICATION_BROKER_APP_ID,
                "29D9ED98-A469-4536-ADE2-F981BC1D605E",
                "29d9ED98-a469-4536-Ade2-f981bc1d605E",
                " 29d9ed98-a469-4536-ade2-f981bc1d605e",
                "29D9ED98-A469-4536-ADE2-F981BC1D605E\t\n"
            })
    void theBrokersAppIdAlertsInEitherCaseAndPadded(String appId) {
        signIn(deviceCodeTo("s1", appId));

        assertEquals(1, alerts.size(), appId);
        assertEquals(DEVICE_CODE_BROKER_CLIENT, alerts.get(0).ruleId());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                OFFICE_APP,
                "29d9ed98-a469-4536-ade2-f981bc1d605f",
                "29d9ed98-a469-4536-ade2-f981bc1d605e0",
                "29d9ed98a4694536ade2f981bc1d605e",
                ""
            })
    void anotherAppIdDoesNot(String appId) {
        signIn(deviceCodeTo("s1", appId));
        signIn(SignInEvents.deviceCode().id("s2").app(null, null).build());

        assertEquals(List.of(), alerts);
    }

    @Test
    void theAlertIsKeyedByTenantUserAndSessionInEventTime() {
        SignInEvent broker = deviceCodeTo("s1", AUTHENTICATION_BROKER_APP_ID.toUpperCase(Locale.ROOT));

        signIn(broker);

        Alert alert = alerts.get(0);
        assertEquals(
                AlertIds.of(DEVICE_CODE_BROKER_CLIENT, broker.tenantId(), broker.userKey(), SESSION, "s1"),
                alert.alertId());
        assertEquals(0, alert.revision());
        assertEquals(broker.tenantId(), alert.tenantId());
        assertEquals(broker.userKey(), alert.userKey());
        assertEquals(SESSION, alert.sessionId());
        assertEquals(broker.eventTime(), alert.firstEventTime());
        assertEquals(broker.eventTime(), alert.lastEventTime());
        assertEquals(Severity.MEDIUM, alert.severity());
        assertEquals(47, alert.riskScore());
        assertArrayEquals(new SignInSummary[] {SignInSummary.of(broker)}, alert.evidence());
        assertEquals(
                "1 device-code sign-in to the Microsoft Authentication Broker in 0s from 1 IP and 1 user agent",
                alert.summary());
    }

    @Test
    void aSignInWithoutASessionIsKeyedByTenantAndUser() {
        signIn(SignInEvents.deviceCode()
                .id("s1")
                .sessionId(null)
                .app(AUTHENTICATION_BROKER_APP_ID, "Microsoft Authentication Broker")
                .build());

        assertNull(alerts.get(0).sessionId());
    }

    @Test
    void aBrokerSignInAmongAFloodOfOthersStillAlertsAndOnlyIt() {
        // a poller asking for token after token in the victim's session: the rule keeps nothing a flood could push out
        for (int i = 0; i < 10_000; i++) {
            signIn(deviceCodeTo("flood-" + i, OFFICE_APP));
            if (i == 7_321) signIn(deviceCodeTo("broker", AUTHENTICATION_BROKER_APP_ID));
        }

        assertEquals(1, alerts.size());
        assertEquals("broker", alerts.get(0).evidence()[0].id());
    }
}
