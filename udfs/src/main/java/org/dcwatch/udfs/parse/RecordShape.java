package org.dcwatch.udfs.parse;

import java.util.HashMap;
import java.util.Map;

/**
 * Which keys of a JSON object the parser keeps, and into which nested objects it descends.
 *
 * <p>The four formats name the same values differently only by case and scheme ({@code autonomousSystemNumber},
 * {@code AutonomousSystemNumber}, {@code autonomous_system_number}), so keys are matched after {@link #normalize}:
 * lower case, underscores removed. One shape serves the Event Hub envelope, a Log Analytics row, a Graph
 * {@code signIn} and Elastic's {@code azure.signinlogs}; {@link #PROPERTIES} is the same shape one level down, where
 * values win over the envelope's.
 */
final class RecordShape {

    /** A key's meaning here: a value to keep, an object to descend into, or both (location: a code or an object). */
    record Key(Field field, RecordShape child) {}

    /** How many shapes exist: declared before the first of them, which count themselves in. */
    private static int shapes;

    /** The envelope or flat row. */
    static final RecordShape ROOT = new RecordShape(false);
    /** Event Hub {@code properties} and ECS {@code azure.signinlogs.properties}: the sign-in itself. */
    static final RecordShape PROPERTIES = new RecordShape(true);

    private static final RecordShape DEVICE = new RecordShape(false);
    private static final RecordShape LOCATION = new RecordShape(false);
    private static final RecordShape STATUS = new RecordShape(false);
    private static final RecordShape TOKEN_PROTECTION = new RecordShape(false);
    private static final RecordShape ECS_SOURCE = new RecordShape(false);
    private static final RecordShape ECS_AS = new RecordShape(false);
    private static final RecordShape ECS_USER_AGENT = new RecordShape(false);
    private static final RecordShape ECS_GEO = new RecordShape(false);

    static {
        for (RecordShape signIn : new RecordShape[] {ROOT, PROPERTIES}) {
            signIn.field("id", Field.ID)
                    .field("aadtenantid", Field.AAD_TENANT_ID)
                    .field("tenantid", Field.TENANT_ID)
                    .field("resourcetenantid", Field.RESOURCE_TENANT_ID)
                    .field("hometenantid", Field.HOME_TENANT_ID)
                    .field("createddatetime", Field.CREATED_TIME)
                    .field("createdat", Field.CREATED_TIME)
                    .field("time", Field.TIME)
                    .field("timegenerated", Field.TIME)
                    .field("@timestamp", Field.TIME)
                    .field("category", Field.CATEGORY)
                    .field("type", Field.CATEGORY)
                    .field("signineventtypes", Field.SIGN_IN_EVENT_TYPE)
                    .field("isinteractive", Field.IS_INTERACTIVE)
                    .field("userid", Field.USER_ID)
                    .field("userprincipalname", Field.USER_PRINCIPAL_NAME)
                    .field("userdisplayname", Field.USER_DISPLAY_NAME)
                    .field("identity", Field.IDENTITY)
                    .field("sessionid", Field.SESSION_ID)
                    .field("correlationid", Field.CORRELATION_ID)
                    .field("appid", Field.APP_ID)
                    .field("appdisplayname", Field.APP_DISPLAY_NAME)
                    .field("resourceid", Field.RESOURCE_ID)
                    .field("resourceidentity", Field.RESOURCE_IDENTITY)
                    .field("resourcedisplayname", Field.RESOURCE_DISPLAY_NAME)
                    .field("ipaddress", Field.IP_ADDRESS)
                    .field("calleripaddress", Field.CALLER_IP_ADDRESS)
                    .field("autonomoussystemnumber", Field.ASN)
                    .field("authenticationprotocol", Field.AUTHENTICATION_PROTOCOL)
                    .field("originaltransfermethod", Field.ORIGINAL_TRANSFER_METHOD)
                    .field("incomingtokentype", Field.INCOMING_TOKEN_TYPE)
                    .field("resulttype", Field.RESULT_TYPE)
                    .field("authenticationrequirement", Field.AUTHENTICATION_REQUIREMENT)
                    .field("risklevelduringsignin", Field.RISK_LEVEL_DURING_SIGN_IN)
                    .field("risklevelaggregated", Field.RISK_LEVEL_AGGREGATED)
                    .field("riskstate", Field.RISK_STATE)
                    .child("devicedetail", DEVICE)
                    .child("status", STATUS)
                    .child("tokenprotectionstatusdetails", TOKEN_PROTECTION)
                    .child("locationdetails", LOCATION)
                    .key("location", Field.LOCATION_CODE, LOCATION)
                    // a string in Event Hub, Log Analytics and Graph; an object {original} in ECS
                    .key("useragent", Field.USER_AGENT, ECS_USER_AGENT);
        }
        ROOT.child("properties", PROPERTIES)
                // Elastic nests the envelope as azure.signinlogs and adds source.*, user_agent.*, geo.*
                .child("azure", ROOT)
                .child("signinlogs", ROOT)
                .child("source", ECS_SOURCE)
                .child("geo", ECS_GEO);
        PROPERTIES.child("properties", PROPERTIES);

        TOKEN_PROTECTION.field("signinsessionstatus", Field.SIGN_IN_SESSION_STATUS);
        DEVICE.field("deviceid", Field.DEVICE_ID)
                .field("operatingsystem", Field.DEVICE_OS)
                .field("browser", Field.DEVICE_BROWSER)
                .field("iscompliant", Field.DEVICE_COMPLIANT)
                .field("ismanaged", Field.DEVICE_MANAGED)
                .field("trusttype", Field.DEVICE_TRUST_TYPE);
        LOCATION.field("city", Field.CITY).field("countryorregion", Field.COUNTRY);
        STATUS.field("errorcode", Field.ERROR_CODE);
        ECS_SOURCE.field("ip", Field.IP_ADDRESS).child("as", ECS_AS);
        ECS_AS.field("number", Field.ASN);
        ECS_USER_AGENT.field("original", Field.USER_AGENT);
        ECS_GEO.field("cityname", Field.CITY).field("countryisocode", Field.COUNTRY);
    }

    /** Tells shapes apart in {@link KnownNames}. */
    private final int id = shapes++;

    private final boolean recordLevel;
    private final Map<String, Key> keys = new HashMap<>();

    private RecordShape(boolean recordLevel) {
        this.recordLevel = recordLevel;
    }

    int id() {
        return id;
    }

    /** How many shapes there are (all are made when this class is loaded). */
    static int count() {
        return shapes;
    }

    /** True where values describe the sign-in itself and win over values of the envelope around it. */
    boolean recordLevel() {
        return recordLevel;
    }

    /** The key for a name as it appears in the JSON, or null. */
    Key keyOfRawName(String rawName) {
        return keys.get(normalize(rawName));
    }

    static String normalize(String name) {
        StringBuilder normalized = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch != '_' && ch != '-') {
                normalized.append(Character.toLowerCase(ch));
            }
        }
        return normalized.toString();
    }

    private RecordShape field(String name, Field field) {
        return key(name, field, null);
    }

    private RecordShape child(String name, RecordShape child) {
        return key(name, null, child);
    }

    private RecordShape key(String name, Field field, RecordShape child) {
        keys.put(name, new Key(field, child));
        return this;
    }
}
