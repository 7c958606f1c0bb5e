package org.dcwatch.job.detect;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.dcwatch.udfs.event.SignInEvents;
import org.dcwatch.udfs.event.SignInSummary;

/**
 * Named instants and sign-in builders for the session rules' tests: a phishing run in one session, as the seeds
 * describe it, and the knobs to turn it into each look-alike.
 */
final class SessionSignIns {

    static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    static final String OTHER_TENANT = "0b4e3d1c-5a6f-4e21-9c3b-8d7f6a5e4c3b";
    static final String USER = "4a2c1f3e-9b8d-4e7a-a1b2-c3d4e5f60718";
    static final String UPN = "megan.bowen@contoso.com";
    static final String SESSION = "00a1b2c3-d4e5-4f60-8172-93a4b5c6d7e8";
    static final String OTHER_SESSION = "11b2c3d4-e5f6-4071-8283-a4b5c6d7e8f9";

    static final String VICTIM_IP = "203.0.113.10";
    static final String ATTACKER_IP = "198.51.100.77";
    static final String BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0";
    static final String PYTHON_REQUESTS = "python-requests/2.32.3";

    /** When the victim types the phished code. */
    static final long CODE_ENTERED = Instant.parse("2026-01-20T10:00:00Z").toEpochMilli();

    static final Duration WINDOW = Duration.ofMinutes(9);

    private static final AtomicInteger IDS = new AtomicInteger();

    private SessionSignIns() {}

    static long seconds(long n) {
        return Duration.ofSeconds(n).toMillis();
    }

    static long minutes(long n) {
        return Duration.ofMinutes(n).toMillis();
    }

    /** The victim's browser entering the code: interactive, protocol deviceCode, from the victim's IP. */
    static Builder browserCodeEntry(long eventTime) {
        return new Builder().at(eventTime);
    }

    /** The attacker's script redeeming the code: non-interactive, from another IP with python-requests. */
    static Builder pythonPoller(long eventTime) {
        return new Builder()
                .at(eventTime)
                .nonInteractive()
                .protocol("none")
                .from(ATTACKER_IP)
                .userAgent(PYTHON_REQUESTS);
    }

    /** A sign-in of the flow; by default the victim's browser entering the code. */
    static final class Builder {
        private String id = String.format("sign-in-%04d", IDS.incrementAndGet());
        private String tenantId = TENANT;
        private String sessionId = SESSION;
        private long eventTime = CODE_ENTERED;
        private boolean interactive = true;
        private String ipAddress = VICTIM_IP;
        private String userAgent = BROWSER;
        private String authenticationProtocol = "deviceCode";
        private String originalTransferMethod = "deviceCodeFlow";

        Builder id(String value) {
            id = value;
            return this;
        }

        Builder at(long value) {
            eventTime = value;
            return this;
        }

        Builder tenant(String value) {
            tenantId = value;
            return this;
        }

        Builder session(String value) {
            sessionId = value;
            return this;
        }

        Builder nonInteractive() {
            interactive = false;
            return this;
        }

        Builder from(String ip) {
            ipAddress = ip;
            return this;
        }

        Builder userAgent(String value) {
            userAgent = value;
            return this;
        }

        Builder protocol(String value) {
            authenticationProtocol = value;
            return this;
        }

        Builder transfer(String value) {
            originalTransferMethod = value;
            return this;
        }

        SignInSummary build() {
            return SignInSummary.of(SignInEvents.deviceCode()
                    .id(id)
                    .tenantId(tenantId)
                    .userId(USER)
                    .userPrincipalName(UPN)
                    .userDisplayName("Megan Bowen")
                    .sessionId(sessionId)
                    .correlationId("corr-" + sessionId)
                    .eventTime(eventTime)
                    .interactive(interactive)
                    .ipAddress(ipAddress)
                    .asn(64500)
                    .userAgent(userAgent)
                    .app("04b07795-8ddb-461a-bbee-02f9e1bf7b46", "Microsoft Azure CLI")
                    .resourceDisplayName("Windows Azure Service Management API")
                    .country("NL")
                    .authenticationProtocol(authenticationProtocol)
                    .originalTransferMethod(originalTransferMethod)
                    .errorCode(0)
                    .build());
        }
    }
}
