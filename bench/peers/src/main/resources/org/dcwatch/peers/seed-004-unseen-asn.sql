-- Seed 004: Sentinel rule "Device code authentication from unseen autonomous system", id
-- 562647c0-5edb-4a47-afa2-fa662efa89bf (KQL; dcwatch rule unseen-asn). The seed builds each user's known ASNs from
-- successful sign-ins (ResultType 0, ASN not empty) between 31 days and 1 day ago, and reports the successful
-- device-code sign-ins of the last day whose ASN is not among them.
--
-- Where it necessarily differs from the seed:
--   * the seed's look-back ends at its scheduled run's "now"; over a file of days each device-code sign-in is judged
--     against its own 30 days, from 30 days to 1 day before it (both ends included), as dcwatch judges it;
--   * the seed finds device-code sign-ins by AuthenticationDetails has "deviceCode", a Log Analytics column that
--     Event Hub records do not fill that way: like dcwatch, a device-code sign-in here is one with protocol
--     deviceCode or transfer method deviceCodeFlow;
--   * the seed reads SigninLogs (interactive) alone; dcwatch learns the baseline from, and judges, the user's
--     sign-ins of both categories, and so does this query;
--   * the seed keeps at most 100 ASNs a user (make_set(..., 100)); the query keeps every one (dcwatch: the 100 most
--     recent), which only matters for users with more than 100 ASNs in 30 days;
--   * an ASN counts from 1 to 4294967295, as dcwatch's parser takes it (isnotempty in the seed), and the user is the
--     tenant and user id rather than the UPN; tenant-known ASNs (dcwatch tuning) are not part of the seed.
-- One result row per device-code sign-in from an unseen ASN.
WITH successful AS (
    SELECT tenant_id, user_key, user_principal_name, sign_in_id, event_time, asn, ip_address, country,
        app_display_name, authentication_protocol, original_transfer_method, correlation_id
    FROM signins
    WHERE error_code = 0 AND asn BETWEEN 1 AND 4294967295 AND event_time IS NOT NULL AND tenant_id IS NOT NULL
        AND user_key IS NOT NULL
)
SELECT
    signin.event_time AS TimeGenerated,
    signin.user_key,
    signin.user_principal_name AS UserPrincipalName,
    split_part(signin.user_principal_name, '@', 1) AS AccountName,
    split_part(signin.user_principal_name, '@', 2) AS AccountUPNSuffix,
    signin.ip_address AS IPAddress,
    signin.asn AS AutonomousSystemNumber,
    signin.country AS Location,
    signin.app_display_name AS AppDisplayName,
    signin.correlation_id AS CorrelationId
FROM successful signin
WHERE (signin.authentication_protocol = 'deviceCode' OR signin.original_transfer_method = 'deviceCodeFlow')
    AND NOT EXISTS (
        SELECT 1
        FROM successful known
        WHERE known.tenant_id = signin.tenant_id
            AND known.user_key = signin.user_key
            AND known.asn = signin.asn
            AND known.event_time BETWEEN signin.event_time - INTERVAL 30 DAY AND signin.event_time - INTERVAL 1 DAY)
ORDER BY TimeGenerated DESC
