package org.dcwatch.udfs.classify;

import java.time.Instant;
import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.event.SignInEvents;

/**
 * Device-code sign-ins for the triage and visibility tests (the job's tests use them too, through the udfs test jar):
 * a benign one that scores nothing, to change one thing at a time, and the true-positive example of seed 003. Both are
 * {@link SignInEvents} builders.
 */
public final class TriageSignIns {

    public static final String CONTOSO = SignInEvents.TENANT;
    public static final String FABRIKAM = "0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f";

    /** The seed's TimeGenerated. */
    public static final Instant SEED_TIME = SignInEvents.TIME;

    public static final Instant MINUTE_LATER = SEED_TIME.plusSeconds(60);
    public static final Instant TWO_MINUTES_LATER = SEED_TIME.plusSeconds(120);

    public static final String AZURE_CLI = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
    /** A tenant's own line-of-business app on a meeting-room display: device code's intended use. */
    public static final String ROOM_DISPLAY_APP = SignInEvents.APP_ID;

    public static final String CURRENT_EDGE = SignInEvents.USER_AGENT;

    /** The EdgeHTML string token-theft kits forge. */
    public static final String FORGED_EDGE_18 = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36"
            + " (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36 Edge/18.18363";

    public static final String PYTHON_REQUESTS = "python-requests/2.28.0";

    private TriageSignIns() {}

    /** Managed, compliant, no risk, a current browser, a non-high-value app: scores 0. */
    public static SignInEvents.Builder benign() {
        return SignInEvents.deviceCode();
    }

    /** The seed's true positive: Azure CLI, python-requests, non-compliant, unmanaged, high risk, from NL. */
    public static SignInEvent seedExample() {
        return seed().build();
    }

    public static SignInEvents.Builder seed() {
        return benign().id("c2a5e1f0-7b3d-4e8a-9f61-2d4c6b8a0e13")
                .app(AZURE_CLI, "Microsoft Azure CLI")
                .resourceDisplayName("Windows Azure Service Management API")
                .ipAddress("185.220.101.47")
                .country("NL")
                .userAgent(PYTHON_REQUESTS)
                .deviceCompliant(false)
                .deviceManaged(false)
                .risk("high", "high");
    }
}
