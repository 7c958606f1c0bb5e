package org.dcwatch.job.generate;

import java.time.Instant;

/**
 * What a generated sign-in says; {@link EventHubRecord} renders it as Entra writes it. Starts as an interactive
 * Microsoft Office sign-in in Edge on a managed Windows laptop; fluent setters change what differs, {@link #copy}
 * starts a variant.
 */
public final class SignInSpec implements GeneratedRecord {

    public static final String OFFICE_APP = "d3590ed6-52b3-4102-aeff-aad2292ab01c";
    public static final String AZURE_CLI_APP = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
    public static final String GRAPH_RESOURCE = "00000003-0000-0000-c000-000000000000";
    public static final String EDGE_ON_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80";
    /** The token type of a sign-in that redeems a device's Primary Refresh Token. */
    public static final String PRIMARY_REFRESH_TOKEN = "primaryRefreshToken";

    public static final String OUTLOOK_DESKTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Microsoft Outlook 16.0.17531";

    String id;
    Instant time;
    boolean interactive = true;
    String tenantId;
    String userId;
    String userPrincipalName;
    String userDisplayName;
    String sessionId = "";
    String correlationId;
    String appId = OFFICE_APP;
    String appDisplayName = "Microsoft Office";
    String resourceId = GRAPH_RESOURCE;
    String resourceDisplayName = "Microsoft Graph";
    String ipAddress;
    int asn;
    String country;
    String city;
    String userAgent = EDGE_ON_WINDOWS;
    String authenticationProtocol = "none";
    String originalTransferMethod = "none";
    String incomingTokenType = "none";
    int errorCode;
    String operatingSystem = "Windows 10";
    String browser = "Edge 124.0.2478";
    boolean compliant = true;
    boolean managed = true;
    /** The device's id in the directory, as deviceDetail.deviceId; empty for a device Entra does not know. */
    String deviceId = "";
    /** deviceDetail.trustType; null: "Azure AD joined" for a managed device, else empty. */
    String trustType;

    public SignInSpec(String id, Instant time) {
        this.id = id;
        this.correlationId = id;
        this.time = time;
    }

    public SignInSpec copy(String newId, Instant newTime) {
        SignInSpec copy = new SignInSpec(newId, newTime);
        copy.interactive = interactive;
        copy.tenantId = tenantId;
        copy.userId = userId;
        copy.userPrincipalName = userPrincipalName;
        copy.userDisplayName = userDisplayName;
        copy.sessionId = sessionId;
        copy.correlationId = correlationId;
        copy.appId = appId;
        copy.appDisplayName = appDisplayName;
        copy.resourceId = resourceId;
        copy.resourceDisplayName = resourceDisplayName;
        copy.ipAddress = ipAddress;
        copy.asn = asn;
        copy.country = country;
        copy.city = city;
        copy.userAgent = userAgent;
        copy.authenticationProtocol = authenticationProtocol;
        copy.originalTransferMethod = originalTransferMethod;
        copy.incomingTokenType = incomingTokenType;
        copy.errorCode = errorCode;
        copy.operatingSystem = operatingSystem;
        copy.browser = browser;
        copy.compliant = compliant;
        copy.managed = managed;
        copy.deviceId = deviceId;
        copy.trustType = trustType;
        return copy;
    }

    public SignInSpec user(String tenant, String id, String upn, String displayName) {
        this.tenantId = tenant;
        this.userId = id;
        this.userPrincipalName = upn;
        this.userDisplayName = displayName;
        return this;
    }

    public SignInSpec network(String ip, int autonomousSystem, String countryCode, String cityName) {
        this.ipAddress = ip;
        this.asn = autonomousSystem;
        this.country = countryCode;
        this.city = cityName;
        return this;
    }

    public SignInSpec session(String session, String correlation) {
        this.sessionId = session;
        this.correlationId = correlation;
        return this;
    }

    /** A non-interactive use of a refresh token by a desktop client. */
    public SignInSpec tokenRefresh() {
        this.interactive = false;
        this.userAgent = OUTLOOK_DESKTOP;
        this.incomingTokenType = "refreshToken";
        return this;
    }

    /** Part of a device-code flow: protocol deviceCode on the browser side, transfer method deviceCodeFlow on every side. */
    public SignInSpec deviceCode(boolean browserSide) {
        this.authenticationProtocol = browserSide ? "deviceCode" : "none";
        this.originalTransferMethod = "deviceCodeFlow";
        return this;
    }

    public SignInSpec app(String id, String name) {
        this.appId = id;
        this.appDisplayName = name;
        return this;
    }

    public SignInSpec resource(String id, String name) {
        this.resourceId = id;
        this.resourceDisplayName = name;
        return this;
    }

    /** The device Entra saw: operating system and browser as its device detail names them; managed ones comply. */
    public SignInSpec device(String operatingSystemName, String browserName, boolean managedDevice) {
        this.operatingSystem = operatingSystemName;
        this.browser = browserName;
        this.compliant = managedDevice;
        this.managed = managedDevice;
        return this;
    }

    public SignInSpec userAgent(String value) {
        this.userAgent = value;
        return this;
    }

    /** A client Entra knows nothing about: no device details, neither compliant nor managed. */
    public SignInSpec unknownDevice() {
        this.operatingSystem = "";
        this.browser = "";
        this.compliant = false;
        this.managed = false;
        return this;
    }

    /**
     * A sign-in that redeems the Primary Refresh Token of a registered or joined device: the token type Entra logs
     * for it, and the device's id and trust type ("Azure AD registered", "Azure AD joined") in the device details.
     */
    public SignInSpec primaryRefreshToken(String registeredDeviceId, String deviceTrustType) {
        this.incomingTokenType = PRIMARY_REFRESH_TOKEN;
        this.deviceId = registeredDeviceId;
        this.trustType = deviceTrustType;
        return this;
    }

    /** The device's compliance and management as Entra saw them, apart from its operating system and browser. */
    public SignInSpec deviceState(boolean managedDevice, boolean compliantDevice) {
        this.managed = managedDevice;
        this.compliant = compliantDevice;
        return this;
    }

    /** deviceDetail.trustType as Entra writes it. */
    String deviceTrustType() {
        return trustType != null ? trustType : managed ? "Azure AD joined" : "";
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Instant time() {
        return time;
    }

    @Override
    public String eventHubRecord() {
        return EventHubRecord.render(this);
    }

    @Override
    public String logAnalyticsRow() {
        return LogAnalyticsRow.render(this);
    }

    public SignInSpec failed(int code) {
        this.errorCode = code;
        return this;
    }
}
