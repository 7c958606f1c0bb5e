package org.dcwatch.job.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.dcwatch.udfs.alert.Alert;
import org.dcwatch.udfs.alert.AlertIds;
import org.dcwatch.udfs.alert.AlertSummaries;
import org.dcwatch.udfs.event.SignInEvents;
import org.dcwatch.udfs.event.SignInSummary;
import org.dcwatch.udfs.rules.RuleCatalogue;
import org.dcwatch.udfs.rules.RuleDefinition;

/**
 * Named instants, sign-ins and alerts for tests: one user phished with a device code (her browser, the attacker's
 * python poller) and the seeds' classic false positive (an admin's browser and Azure CLI from one IP).
 */
public final class AlertFixtures {

    public static final String TENANT = "8a5d3f0e-2b1c-4e6f-9a7b-1c2d3e4f5a6b";
    public static final String OTHER_TENANT = "3e0f6c7d-9b1a-4c2e-8d5f-6a7b8c9d0e1f";
    public static final String USER_ID = "0f8fad5b-d9cb-469f-a165-70867728950e";
    public static final String UPN = "alice@contoso.com";
    public static final String DISPLAY_NAME = "Alice Example";
    public static final String SESSION = "5c6a9d2e-7f3b-4e1a-9c8d-2b4f6e8a0c1d";
    public static final String OTHER_SESSION = "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b";

    /** The first sign-in of every scenario: 2026-01-21 10:00 UTC. */
    public static final long T0 = Instant.parse("2026-01-21T10:00:00Z").toEpochMilli();

    public static final String AZURE_CLI_APP = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
    public static final String OFFICE_APP = "d3590ed6-52b3-4102-aeff-aad2292ab01c";

    public static final String CHROME =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    public static final String AZURE_CLI =
            "AZURECLI/2.67.0 (MSI) azsdk-python-core/1.31.0 Python/3.12.7 (Windows-10-10.0.22631-SP0)";
    public static final String PYTHON_REQUESTS = "python-requests/2.32.3";

    public static final String VICTIM_IP = "198.51.100.23";
    public static final int VICTIM_ASN = 64500;
    public static final String ATTACKER_IP = "203.0.113.66";
    public static final int ATTACKER_ASN = 64511;

    private AlertFixtures() {}

    /** {@code n} minutes after {@link #T0}. */
    public static long minute(long n) {
        return T0 + Duration.ofMinutes(n).toMillis();
    }

    /** The victim completes the device code in her browser (interactive, protocol deviceCode). */
    public static SignInSummary victimBrowser(String id, long eventTime) {
        return signIn(id, eventTime, true, VICTIM_IP, VICTIM_ASN, CHROME, OFFICE_APP, "Microsoft Office", "deviceCode");
    }

    /** The attacker's script redeems and refreshes the tokens from elsewhere (non-interactive). */
    public static SignInSummary attackerPoller(String id, long eventTime) {
        return signIn(
                id,
                eventTime,
                false,
                ATTACKER_IP,
                ATTACKER_ASN,
                PYTHON_REQUESTS,
                OFFICE_APP,
                "Microsoft Office",
                "none");
    }

    /** An admin signs in to Azure CLI with a device code: first the browser... */
    public static SignInSummary adminBrowser(String id, long eventTime) {
        return signIn(
                id, eventTime, true, VICTIM_IP, VICTIM_ASN, CHROME, AZURE_CLI_APP, "Microsoft Azure CLI", "deviceCode");
    }

    /** ...then Azure CLI itself, from the same IP. */
    public static SignInSummary azureCli(String id, long eventTime) {
        return signIn(
                id, eventTime, false, VICTIM_IP, VICTIM_ASN, AZURE_CLI, AZURE_CLI_APP, "Microsoft Azure CLI", "none");
    }

    /** The victim completes the attacker's code for the Microsoft Authentication Broker in her own browser, at home. */
    public static SignInSummary brokerCodeEntry(String id, long eventTime) {
        return signIn(
                id,
                eventTime,
                true,
                VICTIM_IP,
                VICTIM_ASN,
                CHROME,
                RuleCatalogue.AUTHENTICATION_BROKER_APP_ID,
                "Microsoft Authentication Broker",
                "deviceCode");
    }

    public static SignInSummary signIn(
            String id,
            long eventTime,
            boolean interactive,
            String ipAddress,
            int asn,
            String userAgent,
            String appId,
            String appDisplayName,
            String authenticationProtocol) {
        return SignInSummary.of(SignInEvents.deviceCode()
                .id(id)
                .tenantId(TENANT)
                .userId(USER_ID)
                .userPrincipalName(UPN)
                .userDisplayName(DISPLAY_NAME)
                .sessionId(SESSION)
                .correlationId("corr-" + id)
                .eventTime(eventTime)
                .interactive(interactive)
                .ipAddress(ipAddress)
                .asn(asn)
                .userAgent(userAgent)
                .app(appId, appDisplayName)
                .resourceDisplayName("Microsoft Graph")
                .country("NL")
                .authenticationProtocol(authenticationProtocol)
                .originalTransferMethod("deviceCodeFlow")
                .errorCode(0)
                .build());
    }

    /** A session-multi-source alert of {@link #TENANT}'s user in {@link #SESSION}, as the rule would raise it. */
    public static Alert sessionAlert(SignInSummary... evidence) {
        return alert(RuleCatalogue.SESSION_MULTI_SOURCE, TENANT, SESSION, evidence);
    }

    /**
     * An alert as a detector raises it: revision 0, the catalogue's severity and risk score, evidence oldest first
     * (ties by id), the times and the deterministic id taken from the evidence.
     */
    public static Alert alert(String ruleId, String tenantId, String sessionId, SignInSummary... evidence) {
        SignInSummary[] oldestFirst = evidence.clone();
        Arrays.sort(oldestFirst, SignInSummary.OLDEST_FIRST);
        RuleDefinition rule = RuleCatalogue.get(ruleId);
        return new Alert(
                AlertIds.of(ruleId, tenantId, USER_ID, sessionId, oldestFirst[0].id()),
                0,
                ruleId,
                rule.severity(),
                rule.riskScore(),
                tenantId,
                USER_ID,
                UPN,
                DISPLAY_NAME,
                sessionId,
                oldestFirst[0].eventTime(),
                oldestFirst[oldestFirst.length - 1].eventTime(),
                AlertSummaries.of(
                        ruleId,
                        oldestFirst,
                        "device-code sign-in from AS" + oldestFirst[0].asn()
                                + ", not among the user's 2 ASNs of the last 30 days"),
                oldestFirst);
    }

    /** A copy of {@code alert}, to change a field or two. */
    public static AlertCopy copy(Alert alert) {
        return new AlertCopy(alert);
    }

    /** Builds a copy of an alert: every field as it was but those set. */
    public static final class AlertCopy {
        private final Alert alert;
        private String alertId;
        private int revision;
        private String userKey;
        private String userPrincipalName;
        private String sessionId;
        private String summary;

        private AlertCopy(Alert alert) {
            this.alert = alert;
            alertId = alert.alertId();
            revision = alert.revision();
            userKey = alert.userKey();
            userPrincipalName = alert.userPrincipalName();
            sessionId = alert.sessionId();
            summary = alert.summary();
        }

        public AlertCopy alertId(String value) {
            alertId = value;
            return this;
        }

        public AlertCopy revision(int value) {
            revision = value;
            return this;
        }

        public AlertCopy userKey(String value) {
            userKey = value;
            return this;
        }

        public AlertCopy userPrincipalName(String value) {
            userPrincipalName = value;
            return this;
        }

        public AlertCopy sessionId(String value) {
            sessionId = value;
            return this;
        }

        public AlertCopy summary(String value) {
            summary = value;
            return this;
        }

        public Alert build() {
            return new Alert(
                    alertId,
                    revision,
                    alert.ruleId(),
                    alert.severity(),
                    alert.riskScore(),
                    alert.tenantId(),
                    userKey,
                    userPrincipalName,
                    alert.userDisplayName(),
                    sessionId,
                    alert.firstEventTime(),
                    alert.lastEventTime(),
                    summary,
                    alert.evidence());
        }
    }
}
