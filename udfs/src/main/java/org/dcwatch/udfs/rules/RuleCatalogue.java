package org.dcwatch.udfs.rules;

import static org.dcwatch.udfs.rules.MitreTactic.CREDENTIAL_ACCESS;
import static org.dcwatch.udfs.rules.MitreTactic.DEFENSE_EVASION;
import static org.dcwatch.udfs.rules.MitreTactic.INITIAL_ACCESS;
import static org.dcwatch.udfs.rules.MitreTactic.PERSISTENCE;
import static org.dcwatch.udfs.rules.MitreTechnique.APPLICATION_ACCESS_TOKEN;
import static org.dcwatch.udfs.rules.MitreTechnique.CLOUD_ACCOUNTS;
import static org.dcwatch.udfs.rules.MitreTechnique.DEVICE_REGISTRATION;
import static org.dcwatch.udfs.rules.MitreTechnique.SPEARPHISHING_LINK;
import static org.dcwatch.udfs.rules.MitreTechnique.STEAL_APPLICATION_ACCESS_TOKEN;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every dcwatch rule, as data (docs/design.md, Rules). The ids are stable: alerts, suppression keys and tuning records
 * refer to them, so a rule is never renamed, only given a new version.
 */
public final class RuleCatalogue {

    public static final String SESSION_MULTI_SOURCE = "session-multi-source";
    public static final String CONCURRENT_INTERACTIVE_NONINTERACTIVE = "concurrent-interactive-noninteractive";
    public static final String DEVICE_CODE_VISIBILITY = "device-code-visibility";
    public static final String UNSEEN_ASN = "unseen-asn";
    public static final String DEVICE_CODE_BROKER_CLIENT = "device-code-broker-client";
    public static final String DEVICE_CODE_DEVICE_REGISTRATION = "device-code-device-registration";
    public static final String DEVICE_REGISTRATION_PRT_USE = "device-registration-prt-use";

    /**
     * The Microsoft Authentication Broker's application id, in lower case: a device code for it yields a refresh token
     * that can register a device and obtain a Primary Refresh Token.
     */
    public static final String AUTHENTICATION_BROKER_APP_ID = "29d9ed98-a469-4536-ade2-f981bc1d605e";

    private static final List<RuleDefinition> ALL = List.of(
            sessionMultiSource(),
            concurrentInteractiveNonInteractive(),
            deviceCodeVisibility(),
            unseenAsn(),
            deviceCodeBrokerClient(),
            deviceCodeDeviceRegistration(),
            deviceRegistrationPrtUse());

    private static final Map<String, RuleDefinition> BY_ID = byId(ALL);

    private RuleCatalogue() {}

    /** Every rule, in catalogue order. */
    public static List<RuleDefinition> all() {
        return ALL;
    }

    /** The rule with this id; an unknown id fails with the list of known ones, as a typo in tuning should. */
    public static RuleDefinition get(String id) {
        RuleDefinition rule = id == null ? null : BY_ID.get(id);
        if (rule == null) {
            throw new IllegalArgumentException(
                    "unknown rule id '" + id + "': known ids are " + String.join(", ", BY_ID.keySet()));
        }
        return rule;
    }

    private static RuleDefinition sessionMultiSource() {
        return new RuleDefinition(
                SESSION_MULTI_SOURCE,
                "Entra ID device code flow session used from multiple sources",
                1,
                Severity.HIGH,
                73,
                List.of(CREDENTIAL_ACCESS, INITIAL_ACCESS),
                List.of(STEAL_APPLICATION_ACCESS_TOKEN, SPEARPHISHING_LINK, CLOUD_ACCOUNTS),
                "Elastic ES|QL rule 'Entra ID OAuth Device Code Flow with Concurrent Sign-ins' (seed 000)",
                "One user's sign-in session of a device code flow shows two or more events within 9 minutes, at least"
                        + " one of them the device code authentication itself, coming from two or more IP addresses or"
                        + " two or more user agents. In device code phishing the victim completes the code in a browser"
                        + " while the attacker's client polls for the tokens from elsewhere, so one session carries two"
                        + " different sources. Distinct user agents are the stronger signal: Azure may log both sides"
                        + " with the IP of the token receiver.",
                List.of(
                        "A user signs in to Azure CLI, Azure PowerShell or VS Code with a device code: the browser"
                                + " and the tool appear in one session with different user agents, usually from the"
                                + " same IP address.",
                        "Remote or headless development: the code is entered on a laptop while the tool polls from"
                                + " a server, a container or a cloud workstation."),
                List.of(
                        "Compare the user agents of the session: a browser paired with an HTTP library or script"
                                + " (python-requests, curl, node, Go) is suspicious; a browser paired with Azure CLI,"
                                + " Azure PowerShell or VS Code from the user's usual IP is usually the user.",
                        "Check the IP addresses and autonomous systems of the session against the user's usual"
                                + " locations and against threat intelligence (hosting providers, VPN, Tor).",
                        "Check which application and resource the tokens were issued for: Azure management, Microsoft"
                                + " Graph or the Authentication Broker widen the impact.",
                        "Look for a phishing message or link click reaching the user shortly before the sign-in.",
                        "If the activity is not the user's, revoke the user's sessions and refresh tokens, reset the"
                                + " credentials, and review what the tokens were used for since (mailbox, files,"
                                + " Graph calls, device registrations)."));
    }

    private static RuleDefinition concurrentInteractiveNonInteractive() {
        return new RuleDefinition(
                CONCURRENT_INTERACTIVE_NONINTERACTIVE,
                "Concurrent interactive and non-interactive device code sign-ins in one session",
                1,
                Severity.HIGH,
                73,
                List.of(CREDENTIAL_ACCESS, INITIAL_ACCESS),
                List.of(STEAL_APPLICATION_ACCESS_TOKEN, SPEARPHISHING_LINK),
                "Elastic ES|QL rule 'Suspicious Microsoft Entra ID Concurrent Sign-Ins via DeviceCode',"
                        + " rule_id 3db029b3-fbb7-4697-ad07-33cbfd5bd080, version 1 (seed 001)",
                "Within 9 minutes, one user's session of a device code flow holds at least two interactive sign-ins"
                        + " and at least one non-interactive token use, from two or more IP addresses or two or more"
                        + " user agents. This is the phished code being completed in the victim's browser and the"
                        + " resulting refresh token then used by another client, which lets the attacker bypass MFA."
                        + " Sign-ins without an IP address do not count towards the distinct IPs.",
                List.of(
                        "A user working from several devices at the same time while signing in with a device code"
                                + " or with the Visual Studio Code client.",
                        "Device code logins of Azure CLI, Azure PowerShell or other command-line tools, whose token"
                                + " refreshes show up as non-interactive sign-ins with the tool's own user agent."),
                List.of(
                        "Assess the source IP addresses of the session: reputation, owner, and whether the user has"
                                + " signed in from them before.",
                        "Decide whether the activity fits what the account normally does, and ask the user whether"
                                + " they entered a device code.",
                        "Look for recent changes to the account: new authentication methods, permissions, consents,"
                                + " inbox rules or registered devices.",
                        "Review the user's sign-in history for unusual times, places or clients.",
                        "Check whether the devices in the session are known and managed for this user.",
                        "If compromised, revoke the user's sessions and refresh tokens, reset the credentials, and"
                                + " consider Conditional Access that blocks device code flow or requires compliant"
                                + " devices."));
    }

    private static RuleDefinition deviceCodeVisibility() {
        return new RuleDefinition(
                DEVICE_CODE_VISIBILITY,
                "Device code authentication visibility",
                1,
                Severity.INFORMATIONAL,
                21,
                List.of(CREDENTIAL_ACCESS, INITIAL_ACCESS),
                List.of(STEAL_APPLICATION_ACCESS_TOKEN),
                "Hunt hunt-2025-042 'General Device Code Authentication Visibility' (KQL on SigninLogs, seed 003)",
                "Every device code authentication becomes a visibility record, enriched with country, device"
                        + " compliance and management, Entra risk levels, the application and the user agent, and"
                        + " given a triage score with its reasons: a high-value application, an unmanaged or"
                        + " non-compliant device, medium or high risk, a scripted or forged old browser user agent,"
                        + " an unusual country. Device code flow only needs a code typed into any browser, which is"
                        + " why attackers phish it; seeing every use is the baseline for spotting abuse. The records"
                        + " go to their own output, not to alerts.",
                List.of(
                        "Input-constrained devices that legitimately use device code flow: meeting room systems,"
                                + " shared screens, IoT hardware.",
                        "Administrators and developers signing in to Azure CLI, Azure PowerShell or Graph tools with"
                                + " a device code."),
                List.of(
                        "Look at the application first: Azure CLI, Azure PowerShell, Microsoft Graph tools, Office"
                                + " or the Authentication Broker deserve priority.",
                        "Check whether the device is managed and compliant; an unmanaged or non-compliant device is"
                                + " a strong warning sign for device code use.",
                        "Compare the country and IP address with where the user normally signs in, and check the IP"
                                + " against threat intelligence.",
                        "Investigate any medium or high sign-in or aggregated risk level at once.",
                        "Correlate with email and URL click events to see whether a phishing message came first.",
                        "If suspicious, revoke the user's refresh tokens and review the Microsoft Graph activity"
                                + " that followed."));
    }

    private static RuleDefinition unseenAsn() {
        return new RuleDefinition(
                UNSEEN_ASN,
                "Device code sign-in from an autonomous system unseen for the user",
                1,
                Severity.MEDIUM,
                47,
                List.of(INITIAL_ACCESS, CREDENTIAL_ACCESS),
                List.of(STEAL_APPLICATION_ACCESS_TOKEN, CLOUD_ACCOUNTS),
                "Sentinel community rule 'Device code authentication from unseen autonomous system',"
                        + " id 562647c0-5edb-4a47-afa2-fa662efa89bf (seed 004)",
                "A successful device code sign-in comes from an autonomous system (ASN) that is not among the ASNs"
                        + " of the user's successful sign-ins in the 30 days before, leaving out the most recent day."
                        + " The attacker starts the flow from their own infrastructure and tricks the user into"
                        + " completing it, so the sign-in lands on a network the user never uses. ASNs the tenant"
                        + " marks as known (corporate egress, VPN, cloud desktops) never alert.",
                List.of(
                        "Automation that signs in with a device code, such as CI/CD pipelines or scheduled"
                                + " maintenance jobs running from a cloud network.",
                        "An administrator using device code sign-in to recover an account whose MFA is unavailable.",
                        "Third-party integrations set up or tested with device code flow from the vendor's network.",
                        "A user who moved, travels, changed internet provider or uses a new VPN; and every user on the"
                                + " first day, before a baseline has been learned."),
                List.of(
                        "Identify who owns the autonomous system: a hosting or VPN provider, or Tor, is far more"
                                + " suspicious than a consumer internet provider in the user's country.",
                        "Compare with the user's known ASNs, locations and any travel or network change they"
                                + " reported.",
                        "Check the application and the device details of the sign-in, and follow its correlation id"
                                + " to the interactive sign-in and any consent of the same flow.",
                        "If the sign-in is not the user's, revoke the user's sessions and refresh tokens and review"
                                + " the activity of the issued tokens; if it is benign, add the ASN or the automation"
                                + " to the tenant's tuning."));
    }

    private static RuleDefinition deviceCodeBrokerClient() {
        return new RuleDefinition(
                DEVICE_CODE_BROKER_CLIENT,
                "Device code sign-in to the Microsoft Authentication Broker",
                1,
                Severity.MEDIUM,
                47,
                List.of(CREDENTIAL_ACCESS, PERSISTENCE),
                List.of(STEAL_APPLICATION_ACCESS_TOKEN, DEVICE_REGISTRATION),
                "Microsoft Threat Intelligence, 'Storm-2372 conducts device code phishing campaign' (February 2025):"
                        + " the campaign moved to the Microsoft Authentication Broker's client id "
                        + AUTHENTICATION_BROKER_APP_ID,
                "A device code sign-in (protocol deviceCode, or a token descending from a device code flow) to the"
                        + " Microsoft Authentication Broker, application id " + AUTHENTICATION_BROKER_APP_ID + "."
                        + " A refresh token of the broker client can be redeemed for the Device Registration Service:"
                        + " the attacker registers a device of their own in the tenant and obtains a Primary Refresh"
                        + " Token, which outlives a password reset and satisfies device-based Conditional Access. One"
                        + " alert per tenant, user and session per suppression window.",
                List.of("Device onboarding: an administrator or a user enrolling a device (Intune, Autopilot, Company"
                        + " Portal, a kiosk or a shared device) through the broker client with a device code."
                        + " It comes from the organisation's own network, on a managed or compliant device,"
                        + " from a known ASN; an allowlist of the onboarding subnet's cidrs (docs/tuning.md)"
                        + " silences it."),
                List.of(
                        "Ask the user whether they were enrolling a device at that time, and compare the IP address"
                                + " with the organisation's onboarding networks and the user's usual locations.",
                        "Look in the audit log for a device registered or joined by the user shortly after the"
                                + " sign-in (Add device, Add registered owner to device) and whether that device is"
                                + " known and managed.",
                        "Check whether the sign-in's device is managed and compliant, and the IP address's owner: a"
                                + " hosting or VPN provider is far more suspicious than the office.",
                        "Look for a phishing message, a meeting invitation or a chat message reaching the user shortly"
                                + " before the sign-in.",
                        "If it is not the user's, delete the registered device, revoke the user's sessions and"
                                + " refresh tokens (the Primary Refresh Token included), reset the credentials, and"
                                + " consider Conditional Access that blocks device code flow."));
    }

    private static RuleDefinition deviceCodeDeviceRegistration() {
        return new RuleDefinition(
                DEVICE_CODE_DEVICE_REGISTRATION,
                "Device registration following a device code sign-in",
                1,
                Severity.HIGH,
                71,
                List.of(PERSISTENCE, CREDENTIAL_ACCESS),
                List.of(DEVICE_REGISTRATION, STEAL_APPLICATION_ACCESS_TOKEN),
                "Microsoft Threat Intelligence, 'Storm-2372 conducts device code phishing campaign' (February 2025),"
                        + " and Elastic's 2026 device-registration sequence rules: after the phish, the stolen refresh"
                        + " token registers a device",
                "A successful device code sign-in of a user, followed within the window (1 hour by default) in event"
                        + " time by a successful device registration in the audit log initiated by the same user"
                        + " (Register device, Add device, Add registered owner to device, Add registered users to"
                        + " device). A refresh token from device code phishing, above all one of the Microsoft"
                        + " Authentication Broker, can register a device of the attacker's; the device then obtains a"
                        + " Primary Refresh Token, which survives a password reset and passes device-based Conditional"
                        + " Access. The sign-in and the registration come from different event hubs, often minutes"
                        + " apart: the job matches them in event time. One alert per tenant, user and device-code"
                        + " session per suppression window.",
                List.of("A user or an administrator enrolling a device with a device code (a kiosk, a shared device,"
                        + " a new laptop set up through the broker client): the registration comes from the"
                        + " organisation's network, names a device the organisation knows, and the device becomes"
                        + " managed soon after; an allowlist of the onboarding subnet's cidrs or of the enrolling"
                        + " administrators (docs/tuning.md) silences it."),
                List.of(
                        "Look at the registered device: its display name (a DESKTOP-XXXXXXX the organisation does not"
                                + " use), OS, trust type (Workplace: registered, not joined) and whether it is managed.",
                        "Compare the registration's and the device code sign-in's IP addresses and user agents with"
                                + " the user's usual ones and the organisation's networks.",
                        "Ask the user whether they were enrolling a device at that time.",
                        "Look for sign-ins with a Primary Refresh Token from the new device (rule "
                                + "device-registration-prt-use), inbox rules and Graph reconnaissance after it.",
                        "If it is not the user's, delete or disable the device, revoke the user's sessions and"
                                + " refresh tokens, reset the credentials, and block device code flow with Conditional"
                                + " Access where it is not needed."));
    }

    private static RuleDefinition deviceRegistrationPrtUse() {
        return new RuleDefinition(
                DEVICE_REGISTRATION_PRT_USE,
                "Primary Refresh Token used from a device registered after a device code sign-in",
                1,
                Severity.HIGH,
                73,
                List.of(PERSISTENCE, DEFENSE_EVASION),
                List.of(DEVICE_REGISTRATION, APPLICATION_ACCESS_TOKEN),
                "Elastic's 2026 EQL sequence 'device registration to Primary Refresh Token' and Microsoft's reports"
                        + " on device code campaigns (Storm-2372, February 2025; April 2026): the registered device's"
                        + " PRT is used within minutes",
                "The chain of device-code-device-registration continued: within the window (1 hour by default) of"
                        + " the registration, a successful sign-in of the same user that presents a Primary Refresh"
                        + " Token (incomingTokenType primaryRefreshToken) from the registered device (its device id),"
                        + " or, when the audit record names no device id or another, from a device that is neither"
                        + " managed nor compliant. The attacker now holds a token bound to a device of their own.",
                List.of("The enrolment of the device-code-device-registration rule, when the new device signs in with"
                        + " its PRT before it becomes managed; the same allowlist silences both rules."),
                List.of(
                        "Treat as a compromise in progress unless the registration is a known enrolment: the"
                                + " attacker holds a device-bound token.",
                        "Disable and delete the device in Entra ID, revoke the user's sessions and refresh tokens"
                                + " (this revokes the PRT), and reset the credentials.",
                        "Review what the PRT's sign-ins reached: mail (inbox rules, forwarding), files, Graph queries,"
                                + " further device registrations.",
                        "Check the IP address and the user agent of the PRT sign-ins against the registration's and"
                                + " the phishing sign-in's.",
                        "Block device code flow with Conditional Access where it is not needed, and require"
                                + " compliant devices rather than registered ones."));
    }

    private static Map<String, RuleDefinition> byId(List<RuleDefinition> rules) {
        Map<String, RuleDefinition> byId = new LinkedHashMap<>();
        for (RuleDefinition rule : rules) {
            if (byId.put(rule.id(), rule) != null) {
                throw new IllegalStateException("duplicate rule id " + rule.id());
            }
        }
        return Collections.unmodifiableMap(byId); // keeps catalogue order for messages
    }
}
