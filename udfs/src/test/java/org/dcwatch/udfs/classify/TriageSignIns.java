package org.dcwatch.udfs.classify;

import java.time.Instant;
import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.event.SourceFormat;

/**
 * Device-code sign-ins for the triage and visibility tests (the job's tests use them too, through the udfs test jar):
 * a benign one that scores nothing, to change one thing at a time, and the true-positive example of seed 003.
 */
public final class TriageSignIns {

    public static final String CONTOSO = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    public static final String FABRIKAM = "0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f";

    /** The seed's TimeGenerated. */
    public static final Instant SEED_TIME = Instant.parse("2026-01-15T09:24:58Z");
    public static final Instant MINUTE_LATER = SEED_TIME.plusSeconds(60);
    public static final Instant TWO_MINUTES_LATER = SEED_TIME.plusSeconds(120);

    public static final String AZURE_CLI = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
    /** A tenant's own line-of-business app on a meeting-room display: device code's intended use. */
    public static final String ROOM_DISPLAY_APP = "5c1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6";

    public static final String CURRENT_EDGE = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36"
            + " (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0";

    /** The EdgeHTML string token-theft kits forge. */
    public static final String FORGED_EDGE_18 = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36"
            + " (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36 Edge/18.18363";
    public static final String PYTHON_REQUESTS = "python-requests/2.28.0";

    private TriageSignIns() {}

    /** Managed, compliant, no risk, a current browser, a non-high-value app: scores 0. */
    public static Builder benign() {
        return new Builder();
    }

    /** The seed's true positive: Azure CLI, python-requests, non-compliant, unmanaged, high risk, from NL. */
    public static SignInEvent seedExample() {
        return seed().build();
    }

    public static Builder seed() {
        return benign()
                .id("c2a5e1f0-7b3d-4e8a-9f61-2d4c6b8a0e13")
                .app(AZURE_CLI, "Microsoft Azure CLI")
                .resource("Windows Azure Service Management API")
                .ipAddress("185.220.101.47")
                .country("NL")
                .userAgent(PYTHON_REQUESTS)
                .compliant(false)
                .managed(false)
                .risk("high", "high");
    }

    public static final class Builder {
        private String id = "8a0f3c2e-5d41-4b7a-9e6f-1c2d3e4f5a60";
        private String tenantId = CONTOSO;
        private int errorCode = 0;
        private long eventTime = SEED_TIME.toEpochMilli();
        private String appId = ROOM_DISPLAY_APP;
        private String appDisplayName = "Contoso Room Display";
        private String resourceDisplayName = "Microsoft Graph";
        private String ipAddress = "203.0.113.10";
        private String userAgent = CURRENT_EDGE;
        private Boolean compliant = true;
        private Boolean managed = true;
        private String riskDuringSignIn = "none";
        private String riskAggregated = "none";
        private String country = "DE";

        private Builder() {}

        public Builder id(String value) {
            id = value;
            return this;
        }

        public Builder errorCode(int value) {
            errorCode = value;
            return this;
        }

        public Builder tenant(String value) {
            tenantId = value;
            return this;
        }

        public Builder at(Instant value) {
            eventTime = value.toEpochMilli();
            return this;
        }

        public Builder app(String id, String displayName) {
            appId = id;
            appDisplayName = displayName;
            return this;
        }

        public Builder resource(String displayName) {
            resourceDisplayName = displayName;
            return this;
        }

        public Builder ipAddress(String value) {
            ipAddress = value;
            return this;
        }

        public Builder userAgent(String value) {
            userAgent = value;
            return this;
        }

        public Builder compliant(Boolean value) {
            compliant = value;
            return this;
        }

        public Builder managed(Boolean value) {
            managed = value;
            return this;
        }

        public Builder risk(String duringSignIn, String aggregated) {
            riskDuringSignIn = duringSignIn;
            riskAggregated = aggregated;
            return this;
        }

        public Builder country(String value) {
            country = value;
            return this;
        }

        public SignInEvent build() {
            return new SignInEvent(id, tenantId, eventTime, eventTime + 60_000, SignInEvent.INTERACTIVE, true,
                    "0b6f1a2c-3d4e-4f5a-8b9c-0d1e2f3a4b5c", "target.user@contoso.com", "Target User",
                    "3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7", "9d8c7b6a-5f4e-4d3c-b2a1-0f9e8d7c6b5a",
                    appId, appDisplayName, "797f4846-ba00-4fd7-ba43-dac1f8f63013", resourceDisplayName,
                    ipAddress, 60729, userAgent, "deviceCode", "none", "none", errorCode, "singleFactorAuthentication",
                    null, "Windows 10", "Edge 131.0.0", compliant, managed, null, country, null,
                    riskDuringSignIn, riskAggregated, "none", SourceFormat.EVENTHUB);
        }
    }
}
