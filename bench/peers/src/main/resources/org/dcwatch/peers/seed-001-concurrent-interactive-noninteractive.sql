-- Seed 001: Elastic ES|QL rule "Suspicious Microsoft Entra ID Concurrent Sign-Ins via DeviceCode", rule_id
-- 3db029b3-fbb7-4697-ad07-33cbfd5bd080, look-back 9 minutes (dcwatch rule concurrent-interactive-noninteractive).
-- The seed keeps device-code-flow sign-ins, groups them by session_id and identity over its 9-minute look-back, and
-- keeps groups with >= 2 interactive (category SignInLogs, counted where source.ip is set) and >= 1 non-interactive
-- (NonInteractiveUserSignInLogs, likewise) sign-ins, and >= 2 distinct source IPs or >= 2 distinct user agents.
--
-- Where it necessarily differs from the seed:
--   * the seed's look-back ends at its scheduled run's "now"; over a file of days each device-code-flow sign-in
--     closes a 9-minute look-back of its session (both ends included), and a session is reported once, with its
--     first window that matches. Like the seed, and unlike dcwatch's CEP pattern, the window's sign-ins are counted
--     in any order;
--   * the group is tenant, user id and session (dcwatch's key) rather than the display name (azure.signinlogs.identity).
-- One result row per session that matches.
WITH device_code_flow AS (
    SELECT tenant_id, user_key, user_principal_name, session_id, sign_in_id, event_time, ip_address, user_agent,
        category
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
        count(member.ip_address) FILTER (WHERE member.category = 'SignInLogs') AS interactive,
        count(member.ip_address) FILTER (WHERE member.category = 'NonInteractiveUserSignInLogs') AS non_interactive,
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
WHERE interactive >= 2 AND non_interactive >= 1 AND (source_ips >= 2 OR user_agents >= 2)
GROUP BY tenant_id, user_key, session_id
ORDER BY first_window_end
