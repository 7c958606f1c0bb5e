-- The table the four seed queries read: the exported sign-ins of one file, one Event Hub record a line (what
-- 'dcwatch generate --format eventhub-lines' writes and 'dcwatch run --input' reads), read once.
--
-- A SIEM's scheduled queries read a table that ingestion already built, so the peer builds it first and times it
-- apart from the queries. To be fair to DuckDB it is told the JSON structure: it extracts only the fields below and
-- never infers the schema of 3-4 KB records; its default thread count and memory limit stay as they are.
--
-- Where this reads the records as dcwatch does (docs/rules.md, docs/design.md "Input"), not as a seed's own table:
--   * only user sign-ins (categories SignInLogs and NonInteractiveUserSignInLogs, both of which Entra streams);
--   * the event time is createdDateTime, else the record's time;
--   * a user is its object id, else its UPN in lower case, and sign-ins of two tenants never mix;
--   * success is status.errorCode 0 (Sentinel's ResultType);
--   * an empty string is absent, as dcwatch's parser takes it;
--   * lines that are no JSON object are skipped (ignore_errors): dcwatch makes them dead letters.
CREATE TEMP TABLE signins AS
SELECT
    coalesce(nullif(tenantId, ''), nullif(properties.homeTenantId, '')) AS tenant_id,
    coalesce(nullif(properties.userId, ''), lower(nullif(properties.userPrincipalName, ''))) AS user_key,
    nullif(properties.userPrincipalName, '') AS user_principal_name,
    nullif(properties.id, '') AS sign_in_id,
    nullif(properties.sessionId, '') AS session_id,
    coalesce(try_cast(properties.createdDateTime AS TIMESTAMPTZ), try_cast("time" AS TIMESTAMPTZ)) AS event_time,
    category,
    properties.status.errorCode AS error_code,
    properties.autonomousSystemNumber AS asn,
    nullif(properties.ipAddress, '') AS ip_address,
    nullif(properties.userAgent, '') AS user_agent,
    properties.authenticationProtocol AS authentication_protocol,
    properties.originalTransferMethod AS original_transfer_method,
    properties.appDisplayName AS app_display_name,
    properties.resourceDisplayName AS resource_display_name,
    properties.location.countryOrRegion AS country,
    properties.deviceDetail.operatingSystem AS operating_system,
    properties.deviceDetail.browser AS browser,
    properties.deviceDetail.isCompliant AS is_compliant,
    properties.deviceDetail.isManaged AS is_managed,
    properties.riskLevelDuringSignIn AS risk_level_during_sign_in,
    properties.riskLevelAggregated AS risk_level_aggregated,
    properties.correlationId AS correlation_id
FROM read_json(
    ?,
    format = 'newline_delimited',
    ignore_errors = true,
    columns = {
        "time": 'VARCHAR',
        category: 'VARCHAR',
        tenantId: 'VARCHAR',
        properties: 'STRUCT(
            id VARCHAR, createdDateTime VARCHAR, userPrincipalName VARCHAR, userId VARCHAR, homeTenantId VARCHAR,
            appDisplayName VARCHAR, resourceDisplayName VARCHAR, ipAddress VARCHAR,
            status STRUCT(errorCode BIGINT), userAgent VARCHAR,
            deviceDetail STRUCT(operatingSystem VARCHAR, browser VARCHAR, isCompliant BOOLEAN, isManaged BOOLEAN),
            location STRUCT(countryOrRegion VARCHAR), correlationId VARCHAR, riskLevelDuringSignIn VARCHAR,
            riskLevelAggregated VARCHAR, autonomousSystemNumber BIGINT, authenticationProtocol VARCHAR,
            originalTransferMethod VARCHAR, sessionId VARCHAR)'
    })
WHERE category IN ('SignInLogs', 'NonInteractiveUserSignInLogs')
