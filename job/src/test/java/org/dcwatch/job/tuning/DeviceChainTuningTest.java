package org.dcwatch.job.tuning;

import static org.dcwatch.job.alert.AlertFixtures.TENANT;
import static org.dcwatch.job.alert.AlertFixtures.alert;
import static org.dcwatch.job.alert.AlertFixtures.brokerCodeEntry;
import static org.dcwatch.job.alert.AlertFixtures.minute;
import static org.dcwatch.udfs.rules.RuleCatalogue.AUTHENTICATION_BROKER_APP_ID;
import static org.dcwatch.udfs.rules.RuleCatalogue.DEVICE_CODE_DEVICE_REGISTRATION;
import static org.dcwatch.udfs.rules.RuleCatalogue.DEVICE_REGISTRATION_PRT_USE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.dcwatch.udfs.event.SignInSummary;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * "How would I switch the device-registration chain off?" Only by saying so: {@code "enabled": false}. A window too
 * short for the chain, a field the rules do not read, a tenant's window that the compiled patterns would ignore, and
 * an allowlist by client alone are refused naming their field; an all-rules allowlist of a client does not silence
 * them; a new window waits for the next submission and says so.
 */
class DeviceChainTuningTest {

    /** The victim completes the attacker's code for the broker in her own browser, at home. */
    private static final SignInSummary VICTIM = brokerCodeEntry("b1", minute(0));

    @ParameterizedTest
    @ValueSource(strings = {DEVICE_CODE_DEVICE_REGISTRATION, DEVICE_REGISTRATION_PRT_USE})
    void refusesWhatWouldSilenceTheRuleWithoutTurningItOff(String rule) {
        String allTenants = "{\"type\":\"rule\",\"rule\":\"" + rule + "\",\"tenant\":\"*\",\"version\":1,";
        String oneTenant = "{\"type\":\"rule\",\"rule\":\"" + rule + "\",\"tenant\":\"" + TENANT + "\",\"version\":1,";
        for (String record : List.of(
                allTenants + "\"window\":\"5m\"}",
                allTenants + "\"window\":\"2d\"}",
                allTenants + "\"minEvents\":50}",
                allTenants + "\"lookback\":\"1d\"}",
                oneTenant + "\"window\":\"2h\"}",
                allTenants + "\"enabled\":\"false\"}")) {
            InvalidTuningException refused =
                    assertThrows(InvalidTuningException.class, () -> TuningRecord.parse(record), record);
            String field =
                    record.substring(record.lastIndexOf(',') + 2, record.lastIndexOf('"', record.lastIndexOf(':')));
            assertTrue(refused.getMessage().contains(field), refused.getMessage());
        }
        Tuning withRefused = Tuning.merge(List.of(), List.of(allTenants + "\"window\":\"5m\"}"));
        assertEquals(Duration.ofHours(1), withRefused.parameters(rule, TENANT).window());
        assertTrue(withRefused.parameters(rule, TENANT).enabled());
    }

    @ParameterizedTest
    @ValueSource(strings = {DEVICE_CODE_DEVICE_REGISTRATION, DEVICE_REGISTRATION_PRT_USE})
    void onlyEnabledFalseTurnsTheRuleOff(String rule) throws InvalidTuningException {
        String record = "{\"type\":\"rule\",\"rule\":\"" + rule + "\",\"tenant\":\"" + TENANT + "\",\"version\":1,";
        TuningRecord.parse(record + "\"severity\":\"critical\",\"riskScore\":90,\"suppression\":\"4h\"}");
        assertFalse(Tuning.merge(List.of(record + "\"enabled\":false}"), List.of())
                .parameters(rule, TENANT)
                .enabled());
    }

    @ParameterizedTest
    @ValueSource(strings = {DEVICE_CODE_DEVICE_REGISTRATION, DEVICE_REGISTRATION_PRT_USE})
    void anAllowlistOfTheClientAloneNeitherParsesNorSilences(String rule) throws InvalidTuningException {
        String client = "\"appIds\":[\"" + AUTHENTICATION_BROKER_APP_ID + "\"],\"userAgentPatterns\":[\"Mozilla/*\"]";
        InvalidTuningException refused = assertThrows(InvalidTuningException.class, () -> allowlist(rule, client));
        assertTrue(refused.getMessage().contains("\"users\" or \"cidrs\""), refused.getMessage());

        // the victim's browser passes every pattern, and the attacker picked the app
        assertFalse(allowlist("*", client).silences(alert(rule, TENANT, "session-1", VICTIM)));
        assertTrue(
                allowlist(rule, "\"cidrs\":[\"198.51.100.0/24\"]").silences(alert(rule, TENANT, "session-1", VICTIM)));
    }

    @ParameterizedTest
    @ValueSource(strings = {DEVICE_CODE_DEVICE_REGISTRATION, DEVICE_REGISTRATION_PRT_USE})
    void aNewWindowWaitsForTheNextSubmissionAndSaysSo(String rule) throws InvalidTuningException {
        CheckTuningRecords check = new CheckTuningRecords();
        String longer =
                "{\"type\":\"rule\",\"rule\":\"" + rule + "\",\"tenant\":\"*\",\"version\":1,\"window\":\"2h\"}";

        String deferred = check.deferredPatternFields(TuningRecord.parse(longer));

        assertTrue(
                deferred.startsWith("\"window\" 2h of " + rule + " takes effect when the job is next submitted"),
                deferred);
        assertTrue(deferred.contains("runs with 1h until then"), deferred);
        assertNull(check.deferredPatternFields(
                TuningRecord.parse(longer.replace("\"window\":\"2h\"", "\"window\":\"1h\""))));
    }

    private static Allowlist allowlist(String rule, String criteria) throws InvalidTuningException {
        return Allowlist.of(TuningRecord.parse("{\"type\":\"allowlist\",\"id\":\"enrolment\",\"rule\":\"" + rule
                + "\",\"tenant\":\"*\"," + criteria + ",\"reason\":\"kiosk enrolment\",\"owner\":\"secops@example.com\""
                + ",\"since\":\"2026-01-01T00:00:00Z\"}"));
    }
}
