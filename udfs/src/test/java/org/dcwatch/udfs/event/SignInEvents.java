package org.dcwatch.udfs.event;

import java.time.Instant;

/**
 * The one way test code makes a {@link SignInEvent} without parsing a record: a builder with a setter per field, named
 * after the record's component, so a test names only what it varies.
 *
 * <p>{@link #deviceCode()} starts from a benign interactive device-code sign-in of Contoso's room display (the triage
 * tests' {@code TriageSignIns.benign()}: managed, compliant, no risk, a current browser); {@link #absent()} from a
 * sign-in that logged nothing; {@link #from} from a copy of an event. Tests that need a sign-in the way the parser
 * makes it render a record instead (the job's {@code TestSignIns}). A test that needs a {@link SignInSummary} builds
 * the event and takes {@link SignInSummary#of} of it.
 */
public final class SignInEvents {

    public static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    public static final Instant TIME = Instant.parse("2026-01-15T09:24:58Z");
    /** A tenant's own line-of-business app on a meeting-room display: device code's intended use. */
    public static final String APP_ID = "5c1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6";

    public static final String USER_AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36"
            + " (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0";

    private SignInEvents() {}

    /** A benign interactive device-code sign-in, logged by Event Hubs a minute after it happened. */
    public static Builder deviceCode() {
        return new Builder();
    }

    /**
     * A sign-in with every field absent: text and flags {@code null}, times 0, no ASN, no status
     * ({@link SignInEvent#UNKNOWN_ERROR_CODE}), not interactive, no format.
     */
    public static Builder absent() {
        Builder b = new Builder();
        b.id = null;
        b.tenantId = null;
        b.eventTime = 0L;
        b.ingestTime = 0L;
        b.category = null;
        b.interactive = false;
        b.userId = null;
        b.userPrincipalName = null;
        b.userDisplayName = null;
        b.sessionId = null;
        b.correlationId = null;
        b.appId = null;
        b.appDisplayName = null;
        b.resourceId = null;
        b.resourceDisplayName = null;
        b.ipAddress = null;
        b.asn = SignInEvent.NO_ASN;
        b.userAgent = null;
        b.authenticationProtocol = null;
        b.originalTransferMethod = null;
        b.incomingTokenType = null;
        b.errorCode = SignInEvent.UNKNOWN_ERROR_CODE;
        b.authenticationRequirement = null;
        b.deviceId = null;
        b.deviceOs = null;
        b.deviceBrowser = null;
        b.deviceCompliant = null;
        b.deviceManaged = null;
        b.deviceTrustType = null;
        b.country = null;
        b.city = null;
        b.riskLevelDuringSignIn = null;
        b.riskLevelAggregated = null;
        b.riskState = null;
        b.signInSessionStatus = null;
        b.format = null;
        return b;
    }

    /** A copy of {@code event}, to change a field or two. */
    public static Builder from(SignInEvent event) {
        Builder b = new Builder();
        b.id = event.id();
        b.tenantId = event.tenantId();
        b.eventTime = event.eventTime();
        b.ingestTime = event.ingestTime();
        b.category = event.category();
        b.interactive = event.interactive();
        b.userId = event.userId();
        b.userPrincipalName = event.userPrincipalName();
        b.userDisplayName = event.userDisplayName();
        b.sessionId = event.sessionId();
        b.correlationId = event.correlationId();
        b.appId = event.appId();
        b.appDisplayName = event.appDisplayName();
        b.resourceId = event.resourceId();
        b.resourceDisplayName = event.resourceDisplayName();
        b.ipAddress = event.ipAddress();
        b.asn = event.asn();
        b.userAgent = event.userAgent();
        b.authenticationProtocol = event.authenticationProtocol();
        b.originalTransferMethod = event.originalTransferMethod();
        b.incomingTokenType = event.incomingTokenType();
        b.errorCode = event.errorCode();
        b.authenticationRequirement = event.authenticationRequirement();
        b.deviceId = event.deviceId();
        b.deviceOs = event.deviceOs();
        b.deviceBrowser = event.deviceBrowser();
        b.deviceCompliant = event.deviceCompliant();
        b.deviceManaged = event.deviceManaged();
        b.deviceTrustType = event.deviceTrustType();
        b.country = event.country();
        b.city = event.city();
        b.riskLevelDuringSignIn = event.riskLevelDuringSignIn();
        b.riskLevelAggregated = event.riskLevelAggregated();
        b.riskState = event.riskState();
        b.signInSessionStatus = event.signInSessionStatus();
        b.format = event.format();
        return b;
    }

    public static final class Builder {
        private String id = "8a0f3c2e-5d41-4b7a-9e6f-1c2d3e4f5a60";
        private String tenantId = TENANT;
        private long eventTime = TIME.toEpochMilli();
        private long ingestTime = TIME.toEpochMilli() + 60_000;
        private String category = SignInEvent.INTERACTIVE;
        private boolean interactive = true;
        private String userId = "0b6f1a2c-3d4e-4f5a-8b9c-0d1e2f3a4b5c";
        private String userPrincipalName = "target.user@contoso.com";
        private String userDisplayName = "Target User";
        private String sessionId = "3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7";
        private String correlationId = "9d8c7b6a-5f4e-4d3c-b2a1-0f9e8d7c6b5a";
        private String appId = APP_ID;
        private String appDisplayName = "Contoso Room Display";
        private String resourceId = "797f4846-ba00-4fd7-ba43-dac1f8f63013";
        private String resourceDisplayName = "Microsoft Graph";
        private String ipAddress = "203.0.113.10";
        private int asn = 60729;
        private String userAgent = USER_AGENT;
        private String authenticationProtocol = "deviceCode";
        private String originalTransferMethod = "none";
        private String incomingTokenType = "none";
        private int errorCode = 0;
        private String authenticationRequirement = "singleFactorAuthentication";
        private String deviceId = null;
        private String deviceOs = "Windows 10";
        private String deviceBrowser = "Edge 131.0.0";
        private Boolean deviceCompliant = true;
        private Boolean deviceManaged = true;
        private String deviceTrustType = null;
        private String country = "DE";
        private String city = null;
        private String riskLevelDuringSignIn = "none";
        private String riskLevelAggregated = "none";
        private String riskState = "none";
        private String signInSessionStatus = null;
        private SourceFormat format = SourceFormat.EVENTHUB;

        private Builder() {}

        /** Happened at {@code time} and logged a minute later. */
        public Builder at(Instant time) {
            eventTime = time.toEpochMilli();
            ingestTime = eventTime + 60_000;
            return this;
        }

        public Builder app(String id, String displayName) {
            appId = id;
            appDisplayName = displayName;
            return this;
        }

        public Builder risk(String duringSignIn, String aggregated) {
            riskLevelDuringSignIn = duringSignIn;
            riskLevelAggregated = aggregated;
            return this;
        }

        public Builder id(String value) {
            id = value;
            return this;
        }

        public Builder tenantId(String value) {
            tenantId = value;
            return this;
        }

        public Builder eventTime(long value) {
            eventTime = value;
            return this;
        }

        public Builder ingestTime(long value) {
            ingestTime = value;
            return this;
        }

        public Builder category(String value) {
            category = value;
            return this;
        }

        public Builder interactive(boolean value) {
            interactive = value;
            return this;
        }

        public Builder userId(String value) {
            userId = value;
            return this;
        }

        public Builder userPrincipalName(String value) {
            userPrincipalName = value;
            return this;
        }

        public Builder userDisplayName(String value) {
            userDisplayName = value;
            return this;
        }

        public Builder sessionId(String value) {
            sessionId = value;
            return this;
        }

        public Builder correlationId(String value) {
            correlationId = value;
            return this;
        }

        public Builder appId(String value) {
            appId = value;
            return this;
        }

        public Builder appDisplayName(String value) {
            appDisplayName = value;
            return this;
        }

        public Builder resourceId(String value) {
            resourceId = value;
            return this;
        }

        public Builder resourceDisplayName(String value) {
            resourceDisplayName = value;
            return this;
        }

        public Builder ipAddress(String value) {
            ipAddress = value;
            return this;
        }

        public Builder asn(int value) {
            asn = value;
            return this;
        }

        public Builder userAgent(String value) {
            userAgent = value;
            return this;
        }

        public Builder authenticationProtocol(String value) {
            authenticationProtocol = value;
            return this;
        }

        public Builder originalTransferMethod(String value) {
            originalTransferMethod = value;
            return this;
        }

        public Builder incomingTokenType(String value) {
            incomingTokenType = value;
            return this;
        }

        public Builder errorCode(int value) {
            errorCode = value;
            return this;
        }

        public Builder authenticationRequirement(String value) {
            authenticationRequirement = value;
            return this;
        }

        public Builder deviceId(String value) {
            deviceId = value;
            return this;
        }

        public Builder deviceOs(String value) {
            deviceOs = value;
            return this;
        }

        public Builder deviceBrowser(String value) {
            deviceBrowser = value;
            return this;
        }

        public Builder deviceCompliant(Boolean value) {
            deviceCompliant = value;
            return this;
        }

        public Builder deviceManaged(Boolean value) {
            deviceManaged = value;
            return this;
        }

        public Builder deviceTrustType(String value) {
            deviceTrustType = value;
            return this;
        }

        public Builder country(String value) {
            country = value;
            return this;
        }

        public Builder city(String value) {
            city = value;
            return this;
        }

        public Builder riskLevelDuringSignIn(String value) {
            riskLevelDuringSignIn = value;
            return this;
        }

        public Builder riskLevelAggregated(String value) {
            riskLevelAggregated = value;
            return this;
        }

        public Builder riskState(String value) {
            riskState = value;
            return this;
        }

        public Builder signInSessionStatus(String value) {
            signInSessionStatus = value;
            return this;
        }

        public Builder format(SourceFormat value) {
            format = value;
            return this;
        }

        public SignInEvent build() {
            return new SignInEvent(
                    id,
                    tenantId,
                    eventTime,
                    ingestTime,
                    category,
                    interactive,
                    userId,
                    userPrincipalName,
                    userDisplayName,
                    sessionId,
                    correlationId,
                    appId,
                    appDisplayName,
                    resourceId,
                    resourceDisplayName,
                    ipAddress,
                    asn,
                    userAgent,
                    authenticationProtocol,
                    originalTransferMethod,
                    incomingTokenType,
                    errorCode,
                    authenticationRequirement,
                    deviceId,
                    deviceOs,
                    deviceBrowser,
                    deviceCompliant,
                    deviceManaged,
                    deviceTrustType,
                    country,
                    city,
                    riskLevelDuringSignIn,
                    riskLevelAggregated,
                    riskState,
                    signInSessionStatus,
                    format);
        }
    }
}
