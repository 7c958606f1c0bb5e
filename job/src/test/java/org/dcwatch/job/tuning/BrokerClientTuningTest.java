package org.dcwatch.job.tuning;

import static org.dcwatch.job.alert.AlertFixtures.CHROME;
import static org.dcwatch.job.alert.AlertFixtures.TENANT;
import static org.dcwatch.job.alert.AlertFixtures.USER_ID;
import static org.dcwatch.job.alert.AlertFixtures.alert;
import static org.dcwatch.job.alert.AlertFixtures.brokerCodeEntry;
import static org.dcwatch.job.alert.AlertFixtures.minute;
import static org.dcwatch.job.alert.AlertFixtures.signIn;
import static org.dcwatch.udfs.rules.RuleCatalogue.AUTHENTICATION_BROKER_APP_ID;
import static org.dcwatch.udfs.rules.RuleCatalogue.DEVICE_CODE_BROKER_CLIENT;
import static org.dcwatch.udfs.rules.RuleCatalogue.SESSION_MULTI_SOURCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.dcwatch.udfs.alert.Alert;
import org.dcwatch.udfs.event.SignInSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * "How would I switch device-code-broker-client off?" Only by saying so: {@code "enabled": false}, which the
 * suppressor counts. A malformed record is refused naming its field, and an allowlist must name who or where.
 */
class BrokerClientTuningTest {

    private static final String RULE_RECORD =
            "{\"type\":\"rule\",\"rule\":\"device-code-broker-client\",\"tenant\":\"" + TENANT + "\",\"version\":1,";
    private static final String ONBOARDING_SUBNET = "10.20.30.0/24";

    /** The victim completes the attacker's code for the broker in her own browser, at home. */
    private static final SignInSummary VICTIM = brokerCodeEntry("b1", minute(0));
    /** An administrator completes a kiosk's code from the onboarding subnet. */
    private static final SignInSummary ONBOARDING = signIn(
            "o1",
            minute(0),
            true,
            "10.20.30.17",
            8075,
            CHROME,
            AUTHENTICATION_BROKER_APP_ID,
            "Microsoft Authentication Broker",
            "deviceCode");

    private static SignInSummary brokerSignIn(String id, long eventTime, String ip) {
        return signIn(
                id,
                eventTime,
                true,
                ip,
                8075,
                CHROME,
                AUTHENTICATION_BROKER_APP_ID,
                "Microsoft Authentication Broker",
                "deviceCode");
    }

    private static Alert brokerAlert(SignInSummary signIn) {
        return alert(DEVICE_CODE_BROKER_CLIENT, TENANT, "session-1", signIn);
    }

    // --- rule records ----------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"enabled\":\"false\"",
                "\"enabled\":0",
                "\"enabled\":null",
                "\"severity\":\"off\"",
                "\"riskScore\":-1",
                "\"riskScore\":\"0\"",
                "\"suppression\":\"0s\"",
                "\"suppression\":\"forever\"",
                "\"appIds\":[\"" + AUTHENTICATION_BROKER_APP_ID + "\"]"
            })
    void aMalformedFieldIsRefusedNamingIt(String field) {
        InvalidTuningException refused =
                assertThrows(InvalidTuningException.class, () -> TuningRecord.parse(RULE_RECORD + field + "}"));

        String name = field.substring(0, field.indexOf(':'));
        assertTrue(refused.getMessage().contains(name), refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"window\":\"1m\"",
                "\"minEvents\":50",
                "\"minDistinctIps\":0",
                "\"lookback\":\"1d\"",
                "\"scoreThreshold\":100"
            })
    void aFieldTheRuleDoesNotReadIsRefusedNamingIt(String field) {
        // accepted, it would be ignored: the tenant would believe the rule narrowed
        InvalidTuningException refused =
                assertThrows(InvalidTuningException.class, () -> TuningRecord.parse(RULE_RECORD + field + "}"));

        String name = field.substring(0, field.indexOf(':'));
        assertEquals(
                name + " does not apply to device-code-broker-client, which has no thresholds or windows: its record"
                        + " may set enabled, severity, riskScore and suppression",
                refused.getMessage());
    }

    @Test
    void aRefusedRecordLeavesTheRuleOnAndOnlyEnabledFalseTurnsItOff() throws InvalidTuningException {
        Tuning withRefused = Tuning.merge(List.of(), List.of(RULE_RECORD + "\"enabled\":\"false\"}"));
        assertTrue(withRefused.parameters(DEVICE_CODE_BROKER_CLIENT, TENANT).enabled());

        TuningRecord.parse(RULE_RECORD + "\"severity\":\"high\",\"riskScore\":60,\"suppression\":\"4h\"}");
        Tuning off = Tuning.merge(List.of(RULE_RECORD + "\"enabled\":false}"), List.of());
        assertFalse(off.parameters(DEVICE_CODE_BROKER_CLIENT, TENANT).enabled());
    }

    // --- allowlists ------------------------------------------------------------------------------------------------

    @Test
    void anAllowlistOfTheRuleByAppAndUserAgentIsRefused() {
        InvalidTuningException refused = assertThrows(
                InvalidTuningException.class,
                () -> allowlist(
                        DEVICE_CODE_BROKER_CLIENT,
                        "\"appIds\":[\"" + AUTHENTICATION_BROKER_APP_ID + "\"],\"userAgentPatterns\":[\"Mozilla/*\"]"));

        assertTrue(refused.getMessage().contains("\"users\" or \"cidrs\""), refused.getMessage());
    }

    @Test
    void anAllowlistOfEveryRuleByAppAndUserAgentDoesNotSilenceTheRule() throws InvalidTuningException {
        // the victim's interactive browser passes every pattern, and the attacker picked the app
        Allowlist clientOnly = allowlist(
                "*", "\"appIds\":[\"" + AUTHENTICATION_BROKER_APP_ID + "\"],\"userAgentPatterns\":[\"Windows-*\"]");

        assertFalse(clientOnly.silences(brokerAlert(VICTIM)));
        assertTrue(
                clientOnly.silences(alert(SESSION_MULTI_SOURCE, TENANT, "session-1", VICTIM)),
                "it still silences the rules it was written for");
    }

    @Test
    void theOnboardingSubnetsAllowlistSilencesOnboardingButNotPhishing() throws InvalidTuningException {
        Allowlist onboarding = allowlist(DEVICE_CODE_BROKER_CLIENT, "\"cidrs\":[\"" + ONBOARDING_SUBNET + "\"]");

        assertTrue(onboarding.silences(brokerAlert(ONBOARDING)));
        assertFalse(onboarding.silences(brokerAlert(VICTIM)));
        Tuning tuning = Tuning.merge(List.of(), List.of());
        assertNull(tuning.silencingAllowlist(brokerAlert(ONBOARDING)), "nothing is silenced without it");
    }

    @Test
    void theOnboardingExampleOfTheDocsIsAValidAllowlistOfItsSubnet() throws Exception {
        String example = Files.readAllLines(Path.of("../docs/tuning.md")).stream()
                .filter(line -> line.contains("\"id\":\"kiosk-onboarding\""))
                .findFirst()
                .orElseThrow();

        Allowlist onboarding = Allowlist.of(TuningRecord.parse(example));
        long inForce = Instant.parse("2026-03-02T09:00:00Z").toEpochMilli(); // the example's since is 2026-03-01
        assertTrue(onboarding.silences(brokerAlert(brokerSignIn("o2", inForce, "10.20.30.40"))));
        assertFalse(onboarding.silences(brokerAlert(brokerSignIn("v2", inForce, "198.51.100.23"))));
    }

    @Test
    void anAllowlistOfUsersSilencesThem() throws InvalidTuningException {
        assertTrue(allowlist(DEVICE_CODE_BROKER_CLIENT, "\"users\":[\"" + USER_ID + "\"]")
                .silences(brokerAlert(VICTIM)));
    }

    private static Allowlist allowlist(String rule, String criteria) throws InvalidTuningException {
        return Allowlist.of(TuningRecord.parse("{\"type\":\"allowlist\",\"id\":\"onboarding\",\"rule\":\"" + rule
                + "\",\"tenant\":\"*\"," + criteria + ",\"reason\":\"kiosk enrolment\",\"owner\":\"secops@example.com\""
                + ",\"since\":\"2026-01-01T00:00:00Z\"}"));
    }
}
