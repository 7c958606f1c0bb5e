-- Seed 000: Elastic ES|QL rule "Entra ID OAuth Device Code Flow with Concurrent Sign-ins" (dcwatch rule
-- session-multi-source). The seed keeps device-code-flow sign-ins (original_transfer_method == "deviceCodeFlow"),
-- groups them by session_id and identity, and keeps groups of >= 2 sign-ins with >= 1 of protocol deviceCode and
-- >= 2 distinct source IPs or >= 2 distinct user agents.
--
-- Where it necessarily differs from the seed:
--   * the seed's group is whatever its scheduled run's look-back holds; over a file of days there is no "now", so
--     each device-code-flow sign-in closes a 9-minute window of its session (both ends included), as dcwatch
--     evaluates the rule, and a session is reported once, with its first window that matches;
--   * the group is tenant, user id and session (dcwatch's key) rather than the display name (azure.signinlogs.identity).
-- One result row per session that matches.
WITH device_code_flow AS (
    SELECT tenant_id, user_key, user_principal_name, session_id, sign_in_id, event_time, ip_address, user_agent,
        authentication_protocol
    FROM signins
    WHERE original_transfer_method = 'deviceCodeFlow' AND session_id IS NOT NULL AND event_time IS NOT NULL
),
windows AS (
    SELECT
        closing.tenant_id,
        closing.user_key,
        closing.session_id,
        closing.sign_in_id,
        closing.event_time AS window_end,
        count(*) AS sign_ins,
        count(*) FILTER (WHERE member.authentication_protocol = 'deviceCode') AS device_code_auths,
        count(DISTINCT member.ip_address) AS source_ips,
        count(DISTINCT member.user_agent) AS user_agents,
        list(DISTINCT member.user_agent) AS user_agent_values,
        list(DISTINCT member.ip_address) AS source_ip_values,
        any_value(closing.user_principal_name) AS user_principal_name
    FROM device_code_flow closing
    JOIN device_code_flow member
        ON member.tenant_id = closing.tenant_id
        AND member.user_key = closing.user_key
        AND member.session_id = closing.session_id
        AND member.event_time BETWEEN closing.event_time - INTERVAL 9 MINUTE AND closing.event_time
    GROUP BY closing.tenant_id, closing.user_key, closing.session_id, closing.sign_in_id, closing.event_time
)
SELECT
    tenant_id,
    user_key,
    session_id,
    arg_min(user_principal_name, window_end) AS user_principal_name,
    min(window_end) AS first_window_end,
    arg_min(sign_ins, window_end) AS sign_ins,
    arg_min(source_ip_values, window_end) AS source_ip_values,
    arg_min(user_agent_values, window_end) AS user_agent_values
FROM windows
WHERE sign_ins >= 2 AND device_code_auths >= 1 AND (source_ips >= 2 OR user_agents >= 2)
GROUP BY tenant_id, user_key, session_id
ORDER BY first_window_end
