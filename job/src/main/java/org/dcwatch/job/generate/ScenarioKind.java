package org.dcwatch.job.generate;

import static org.dcwatch.udfs.rules.RuleCatalogue.CONCURRENT_INTERACTIVE_NONINTERACTIVE;
import static org.dcwatch.udfs.rules.RuleCatalogue.DEVICE_CODE_BROKER_CLIENT;
import static org.dcwatch.udfs.rules.RuleCatalogue.DEVICE_CODE_DEVICE_REGISTRATION;
import static org.dcwatch.udfs.rules.RuleCatalogue.DEVICE_CODE_VISIBILITY;
import static org.dcwatch.udfs.rules.RuleCatalogue.DEVICE_REGISTRATION_PRT_USE;
import static org.dcwatch.udfs.rules.RuleCatalogue.SESSION_MULTI_SOURCE;
import static org.dcwatch.udfs.rules.RuleCatalogue.UNSEEN_ASN;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The labelled situations {@code generate} can inject, what each one is, and which rules should fire on it with the
 * default tuning. "Should fire" states what the rule's semantics make it do, not whether that is wanted: the seeds'
 * own false positives (Azure CLI logins for seed 000, travel for seed 004...) are expected to fire, and their labels say
 * {@code malicious: false}. For {@code device-code-visibility}, firing means a record raised to medium severity.
 */
public enum ScenarioKind {
    PHISHING(
            "phishing",
            true,
            "device-code phishing: the victim's browser completes the attacker's code (two interactive sign-ins, code "
                    + "entry then MFA) and a poller on a hosting network redeems the tokens seconds later with a "
                    + "scripted client or a forged old browser string, in the same session",
            SESSION_MULTI_SOURCE,
            CONCURRENT_INTERACTIVE_NONINTERACTIVE,
            DEVICE_CODE_VISIBILITY,
            UNSEEN_ASN),
    PHISHING_POLLER_IP(
            "phishing-poller-ip",
            true,
            "device-code phishing where Azure logs both sides with the poller's IP: one interactive sign-in and the "
                    + "poller's token redemption, same IP and hosting ASN, only the user agents differ",
            SESSION_MULTI_SOURCE,
            DEVICE_CODE_VISIBILITY,
            UNSEEN_ASN),
    AZURE_CLI(
            "azure-cli",
            false,
            "an Azure CLI device-code login: browser and CLI side by side from the user's home IP (seed 000's false "
                    + "positive; the README's tuning example silences it)",
            SESSION_MULTI_SOURCE),
    AZURE_POWERSHELL(
            "azure-powershell",
            false,
            "an Azure PowerShell device-code login: browser and Connect-AzAccount from the user's home IP (seed 000's "
                    + "false positive)",
            SESSION_MULTI_SOURCE),
    VSCODE(
            "vscode",
            false,
            "a VS Code device-code login for remote development: browser and VS Code from the user's home IP "
                    + "(seed 000's false positive; seed 001 names VS Code too, but needs two interactive sign-ins)",
            SESSION_MULTI_SOURCE),
    TRAVEL(
            "travel",
            false,
            "a travelling user: a hotel network since the morning, then a device-code sign-in for a meeting-room "
                    + "display from it (seed 004's false positive)",
            UNSEEN_ASN),
    NEW_ISP(
            "new-isp",
            false,
            "a user on a new internet provider since today (moved house), completing a device code from it "
                    + "(seed 004's false positive)",
            UNSEEN_ASN),
    AUTOMATION_ACCOUNT(
            "automation-account",
            false,
            "a service account whose pipeline refreshes a device-code-flow token daily from Azure-hosted runners, "
                    + "today from a new self-hosted runner at another cloud (seed 004's false positive)",
            UNSEEN_ASN),
    ADMIN_RECOVERY(
            "admin-recovery",
            false,
            "a service-desk administrator completes a device code for a locked-out user's account on the service "
                    + "desk's workstation (seed 004's false positive)",
            UNSEEN_ASN),
    DUPLICATE_DELIVERY(
            "duplicate-delivery",
            true,
            "device-code phishing as in 'phishing', every record delivered twice (Event Hubs is at least once): the "
                    + "rules fire once",
            SESSION_MULTI_SOURCE,
            CONCURRENT_INTERACTIVE_NONINTERACTIVE,
            DEVICE_CODE_VISIBILITY,
            UNSEEN_ASN),
    LATE_DELIVERY(
            "late-delivery",
            true,
            "device-code phishing as in 'phishing', the poller's records delivered minutes late (within the "
                    + "out-of-orderness, as Entra's 99th percentile): the rules still fire",
            SESSION_MULTI_SOURCE,
            CONCURRENT_INTERACTIVE_NONINTERACTIVE,
            DEVICE_CODE_VISIBILITY,
            UNSEEN_ASN),
    VERY_LATE_DELIVERY(
            "very-late-delivery",
            true,
            "device-code phishing as in 'phishing', the poller's records delivered two hours late, behind the "
                    + "watermark: they go to the late output and the session rules never see them, but unseen-asn, "
                    + "which needs no window, judges them (up to a day late) and fires on the poller's ASN",
            UNSEEN_ASN),
    FLOODED_SESSION(
            "flooded-session",
            true,
            "device-code phishing as in 'phishing', and the poller then asks for tokens for one resource after "
                    + "another: 55 to 64 non-interactive sign-ins within a minute of the victim's, more than "
                    + "session-multi-source keeps of a session (50); the rules must still fire",
            SESSION_MULTI_SOURCE,
            CONCURRENT_INTERACTIVE_NONINTERACTIVE,
            DEVICE_CODE_VISIBILITY,
            UNSEEN_ASN),
    BROWSER_UA_POLLER_UNDER_CLI_ALLOWLIST(
            "browser-ua-poller-under-cli-allowlist",
            true,
            "device-code phishing for Azure CLI's app id whose poller, on a hosting network, sends a current browser's "
                    + "user agent or none, to slip past the README's Azure CLI allowlist (app id and AZURECLI/*): the "
                    + "allowlist must not silence it; the poller scores 45 (no scripted client), below visibility's 60",
            SESSION_MULTI_SOURCE,
            CONCURRENT_INTERACTIVE_NONINTERACTIVE,
            UNSEEN_ASN),
    SECOND_BURST_AFTER_ALLOWLISTED_LOGIN(
            "second-burst-after-allowlisted-login",
            true,
            "an administrator's own Azure CLI device-code login (browser and CLI from home, silenced by the README's "
                    + "allowlist; context, not in the label), then two minutes later in the same session a python "
                    + "poller on a hosting network: the poller is what the label names, and the session's alert must "
                    + "show it with the allowlist in force or not; one interactive sign-in, so not seed 001's shape",
            SESSION_MULTI_SOURCE,
            DEVICE_CODE_VISIBILITY,
            UNSEEN_ASN),
    BROKER_CLIENT_PHISHING(
            "broker-client-phishing",
            true,
            "device-code phishing as in 'phishing' (Storm-2372's variant), for the Microsoft Authentication Broker's "
                    + "app id and the Device Registration Service: the refresh token can register a device and obtain "
                    + "a Primary Refresh Token",
            SESSION_MULTI_SOURCE,
            CONCURRENT_INTERACTIVE_NONINTERACTIVE,
            DEVICE_CODE_VISIBILITY,
            UNSEEN_ASN,
            DEVICE_CODE_BROKER_CLIENT),
    BROKER_CLIENT_ONBOARDING(
            "broker-client-onboarding",
            false,
            "an administrator enrolls a kiosk through the Microsoft Authentication Broker with a device code, from the "
                    + "office network he works from every day: his managed workstation completes the code, the kiosk "
                    + "redeems it from the same address. device-code-broker-client fires unless the onboarding subnet "
                    + "is allowlisted (cidrs, docs/tuning.md); session-multi-source fires on the two clients as on "
                    + "a tool's login",
            SESSION_MULTI_SOURCE,
            DEVICE_CODE_BROKER_CLIENT),
    DEVICE_REGISTRATION_CHAIN(
            "device-registration-chain",
            true,
            "Storm-2372's chain: device-code phishing as in 'phishing' (to the broker's app or Office's, in turn), then "
                    + "within 10 minutes the attacker registers a DESKTOP- device of their own with the victim's token "
                    + "from the poller's address and client (Register device, Workplace, Windows; the directory's Add "
                    + "device and Add registered owner to device), and minutes later redeems its Primary Refresh "
                    + "Token from there on an unmanaged, non-compliant device",
            SESSION_MULTI_SOURCE,
            CONCURRENT_INTERACTIVE_NONINTERACTIVE,
            DEVICE_CODE_VISIBILITY,
            UNSEEN_ASN,
            DEVICE_CODE_DEVICE_REGISTRATION,
            DEVICE_REGISTRATION_PRT_USE),
    AUTOPILOT_JOIN(
            "autopilot-join",
            false,
            "a new laptop's Autopilot at the office: the user signs in at its first start, Windows joins it with the "
                    + "user's token (Register device, AzureAd) and signs the user in with its Primary Refresh Token, "
                    + "managed and compliant; no device code, so the chain rules stay silent"),
    TEAMS_ROOM_DEVICE_CODE(
            "teams-room-device-code",
            false,
            "a Teams Rooms display signs its room account in with a device code: an administrator enters the code on "
                    + "his workstation at the office, the display redeems it from the same address; the room account "
                    + "signs in from the office every day, and no device is registered, so the chain rules stay "
                    + "silent; session-multi-source fires on the two clients as on a tool's login",
            SESSION_MULTI_SOURCE),
    BROKER_KIOSK_REGISTRATION(
            "broker-kiosk-registration",
            false,
            "'broker-client-onboarding', and the kiosk then joins the directory with the administrator's token "
                    + "(Register device, AzureAd, from the office) and signs him in with its Primary Refresh Token: "
                    + "the chain rules fire as on the attack, the documented false positive of device onboarding",
            SESSION_MULTI_SOURCE,
            DEVICE_CODE_BROKER_CLIENT,
            DEVICE_CODE_DEVICE_REGISTRATION,
            DEVICE_REGISTRATION_PRT_USE);

    private final String id;
    private final boolean malicious;
    private final String description;
    private final List<String> shouldFire;

    ScenarioKind(String id, boolean malicious, String description, String... shouldFire) {
        this.id = id;
        this.malicious = malicious;
        this.description = description;
        this.shouldFire = List.of(shouldFire);
    }

    /** The name on the command line and in labels. */
    public String id() {
        return id;
    }

    /** Ground truth: an attack, or a legitimate look-alike. */
    public boolean malicious() {
        return malicious;
    }

    public String description() {
        return description;
    }

    /**
     * The rules whose semantics make them fire on this situation with the default tuning. The phishing kinds and the
     * device-registration chain take their app in turn from a list that holds the broker client's; a label of such a
     * run adds {@code device-code-broker-client} to these.
     */
    public List<String> shouldFire() {
        return shouldFire;
    }

    public static ScenarioKind byId(String id) {
        for (ScenarioKind kind : values()) {
            if (kind.id.equals(id)) return kind;
        }
        throw new IllegalArgumentException("unknown scenario '" + id + "'; known: " + ids());
    }

    public static String ids() {
        return Arrays.stream(values()).map(ScenarioKind::id).collect(Collectors.joining(", "));
    }
}
