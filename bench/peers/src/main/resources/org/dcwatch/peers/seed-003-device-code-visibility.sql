-- Seed 003: hunt "General Device Code Authentication Visibility" (KQL on SigninLogs; dcwatch rule
-- device-code-visibility). The seed lists every device-code authentication with its country, OS, browser,
-- compliance, managed state and risk levels, newest first.
--
-- Where it differs from the seed:
--   * the seed reads the interactive table only (SigninLogs, AuthenticationProtocol == "deviceCode"); dcwatch reports
--     every device-code sign-in, the non-interactive token uses of a device-code flow (originalTransferMethod
--     deviceCodeFlow) too, because a phishing run's poller is one of those: this query does the same, so that its
--     rows are the sign-ins dcwatch writes as visibility records;
--   * ResultSignature is made from status.errorCode as dcwatch makes it (Success for 0, Failure for another, null
--     when the record logged no status): Event Hub records carry no such column;
--   * dcwatch also scores each record for triage (app, device, risk, client); the hunt leaves that to the analyst,
--     and so does this query.
-- One result row per device-code sign-in.
SELECT
    event_time AS TimeGenerated,
    user_key,
    user_principal_name AS UserPrincipalName,
    authentication_protocol AS AuthenticationProtocol,
    CASE WHEN error_code IS NULL THEN NULL WHEN error_code = 0 THEN 'Success' ELSE 'Failure' END AS ResultSignature,
    ip_address AS IPAddress,
    country AS Country,
    operating_system AS OS,
    browser AS Browser,
    app_display_name AS AppDisplayName,
    resource_display_name AS ResourceDisplayName,
    CAST(is_compliant AS VARCHAR) AS IsCompliant,
    CAST(is_managed AS VARCHAR) AS IsManagedDevice,
    risk_level_during_sign_in AS RiskLevelDuringSignIn,
    risk_level_aggregated AS RiskLevelAggregated,
    user_agent AS UserAgent
FROM signins
WHERE authentication_protocol = 'deviceCode' OR original_transfer_method = 'deviceCodeFlow'
ORDER BY TimeGenerated DESC
