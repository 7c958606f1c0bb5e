package org.dcwatch.job.generate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.dcwatch.job.generate.Networks.Network;
import org.dcwatch.job.generate.Population.User;
import org.dcwatch.job.generate.Scenario.Delivery;
import org.dcwatch.udfs.rules.RuleCatalogue;

/**
 * Writes the sign-ins of each {@link ScenarioKind} for one user at one moment, and the label that says what they are.
 *
 * <p>Every scenario starts with a week of the user's ordinary sign-ins from home (two a day, from 8 to 2 days before):
 * the 30-day baseline of {@code unseen-asn} excludes the last day, so without them a victim would have no baseline
 * and the rule would fire for the wrong reason — or, for a user whose ordinary traffic happened to be sparse, not at
 * all. With them, the home network is known and every other network of the scenario is not (see {@link Networks}).
 *
 * <p>Phishing runs take their client app and their poller's user agent in turn from short lists, so that a run with a
 * few of them covers the variants (a poller borrowing Azure CLI's app id, a forged old browser string...). The
 * evasions of allowlists and buffers (a flooded session, a browser-like poller, a second burst after an allowlisted
 * login) and the device-registration chain keep counters of their own, so that the phishing kinds' variants do not
 * depend on them.
 *
 * <p>The device-registration kinds add the audit records of a registration to their sign-ins, in the situation: the
 * label names them, so that a detection whose evidence is a registration hits it.
 */
final class ScenarioFactory {

    static final String AZURE_MANAGEMENT_RESOURCE = "797f4846-ba00-4fd7-ba43-dac1f8f63013";
    static final String AZURE_POWERSHELL_APP = "1950a258-227b-4e31-a9cf-717495945fc2";
    static final String VSCODE_APP = "aebc6443-996d-45c2-90f0-388ff96faa56";
    static final String AZURE_CLI_USER_AGENT =
            "AZURECLI/2.61.0 (MSI) azsdk-python-core/1.28.0 Python/3.11.8 (Windows-10-10.0.22631-SP0)";
    static final String AZURE_CLI_ON_LINUX_USER_AGENT = "AZURECLI/2.60.0 (DEB) azsdk-python-core/1.30.1 Python/3.11.9 "
            + "(Linux-6.5.0-1021-azure-x86_64-with-glibc2.35)";
    static final String AZURE_POWERSHELL_USER_AGENT = "AzurePowershell/v12.0.0 PSVersion/v7.4.2 Az.Accounts/3.0.0";
    static final String VSCODE_USER_AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like "
            + "Gecko) Code/1.89.1 Chrome/120.0.6099.291 Electron/28.2.8 Safari/537.36";

    /** The client a phishing kit asks the victim to sign in to, and the resource its tokens are for. */
    record PhishingApp(String appId, String appName, String resourceId, String resourceName) {}

    static final String DEVICE_REGISTRATION_RESOURCE = "01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9";

    static final PhishingApp BROKER_CLIENT = new PhishingApp(
            RuleCatalogue.AUTHENTICATION_BROKER_APP_ID,
            "Microsoft Authentication Broker",
            DEVICE_REGISTRATION_RESOURCE,
            "Device Registration Service");

    static final List<PhishingApp> PHISHING_APPS = List.of(
            new PhishingApp(SignInSpec.OFFICE_APP, "Microsoft Office", SignInSpec.GRAPH_RESOURCE, "Microsoft Graph"),
            BROKER_CLIENT,
            // an attacker borrowing Azure CLI's app id: the Azure CLI allowlist must not silence a python poller
            new PhishingApp(
                    SignInSpec.AZURE_CLI_APP,
                    "Microsoft Azure CLI",
                    AZURE_MANAGEMENT_RESOURCE,
                    "Windows Azure Service Management API"),
            new PhishingApp(
                    "14d82eec-204b-4c2f-b7e8-296a70dab67e",
                    "Microsoft Graph Command Line Tools",
                    SignInSpec.GRAPH_RESOURCE,
                    "Microsoft Graph"),
            new PhishingApp(LoadSignIns.TEAMS_APP, "Microsoft Teams", SignInSpec.GRAPH_RESOURCE, "Microsoft Graph"));

    /** What device-code pollers send: HTTP libraries, or a browser string too old to be real. */
    static final List<String> POLLER_USER_AGENTS = List.of(
            "python-requests/2.31.0",
            "node",
            "axios/1.6.8",
            "curl/8.4.0",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 "
                    + "Safari/537.36 Edge/18.19045",
            "python-requests/2.32.3");

    /**
     * What a poller sends to pass for the user's own browser under an allowlist that trusts browsers: a current Chrome
     * (newer than any of the population's laptops, so it is a second client beside the victim's), or no user agent.
     */
    static final List<String> BROWSER_LIKE_POLLER_USER_AGENTS = List.of(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
                    + "Safari/537.36",
            "");

    /** A resource a token can be asked for. */
    record Resource(String id, String name) {}

    /** The resources a flooding poller asks tokens for, one after another, with the one refresh token it holds. */
    static final List<Resource> FLOOD_RESOURCES = List.of(
            new Resource(SignInSpec.GRAPH_RESOURCE, "Microsoft Graph"),
            new Resource(LoadSignIns.EXCHANGE_RESOURCE, "Office 365 Exchange Online"),
            new Resource(LoadSignIns.SHAREPOINT_RESOURCE, "Office 365 SharePoint Online"),
            new Resource(AZURE_MANAGEMENT_RESOURCE, "Windows Azure Service Management API"),
            new Resource("cfa8b339-82a2-471a-a3c9-0fc0be7a4093", "Azure Key Vault"),
            new Resource("e406a681-f3d4-42a8-90b6-c2b029497af1", "Azure Storage"),
            new Resource(DEVICE_REGISTRATION_RESOURCE, "Device Registration Service"));

    /** A flooded session's poller makes at least this many token requests: more than the newest 50 a buffer kept. */
    static final int FLOOD_MIN_TOKENS = 55;

    static final String PYTHON_POLLER = "python-requests/2.31.0";

    /** What a kiosk's Windows sends when it redeems the device code an administrator completed for it. */
    static final String KIOSK_USER_AGENT = "Windows-AzureAD-Authentication-Provider/1.0";

    /** What a Teams Rooms display on Android sends: the Teams client in a web view. */
    static final String TEAMS_ROOM_USER_AGENT =
            "Mozilla/5.0 (Linux; Android 12; Yealink MeetingBar A30) AppleWebKit/537.36 (KHTML, like Gecko) "
                    + "Chrome/110.0.5481.153 Safari/537.36 Teams/1449/1.0.96.2024062703";

    /** Windows' own registration client: what Autopilot and a kiosk's join send to the Device Registration Service. */
    static final String DSREG_USER_AGENT = "Dsreg/10.0 (Windows 10.0.22631.3447)";

    static final String WINDOWS_SIGN_IN_APP = "38aa3b87-a06d-4817-b275-7a316988d93b";
    private static final String DEVICE_NAME_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private static final long SIGN_IN_IDS = 0x7363656e6172L;
    private static final long SESSION_IDS = 0x73636573L;
    private static final long ACCOUNT_IDS = 0x737663L;
    private static final long ROOM_ACCOUNT_IDS = 0x726f6f6dL;
    private static final int HISTORY_FIRST_DAY = 2;
    private static final int HISTORY_LAST_DAY = 8;

    private final Population population;
    private final long seed;
    private int phishingRuns;
    /** The browser-like pollers take their user agent in turn, apart from phishingRuns: the phishing kinds keep theirs. */
    private int browserLikeRuns;
    /** The broker-client phishing runs take their poller in turn, apart from phishingRuns, for the same reason. */
    private int brokerClientRuns;
    /** The device-registration chains alternate between the broker's app and Office's, and take their poller in turn. */
    private int registrationChainRuns;

    ScenarioFactory(Population population, long seed) {
        this.population = population;
        this.seed = seed;
    }

    /**
     * The scenario numbered {@code number} (1, 2, ... in time order), of {@code kind}, for {@code user} at {@code at}.
     * Scenarios must be created in number order: the phishing variants rotate with them.
     */
    Scenario create(int number, ScenarioKind kind, User user, Instant at, SplittableRandom random) {
        Script script = new Script(number, kind, random);
        switch (kind) {
            case PHISHING -> phishing(script, user, at, Delivered.ON_TIME);
            case DUPLICATE_DELIVERY -> phishing(script, user, at, Delivered.TWICE);
            case LATE_DELIVERY -> phishing(script, user, at, Delivered.POLLER_MINUTES_LATE);
            case VERY_LATE_DELIVERY -> phishing(script, user, at, Delivered.POLLER_HOURS_LATE);
            case PHISHING_POLLER_IP -> phishingLoggedWithPollerIp(script, user, at);
            case AZURE_CLI ->
                toolLogin(script, user, at, SignInSpec.AZURE_CLI_APP, "Microsoft Azure CLI", AZURE_CLI_USER_AGENT);
            case AZURE_POWERSHELL ->
                toolLogin(
                        script,
                        user,
                        at,
                        AZURE_POWERSHELL_APP,
                        "Microsoft Azure PowerShell",
                        AZURE_POWERSHELL_USER_AGENT);
            case VSCODE -> toolLogin(script, user, at, VSCODE_APP, "Visual Studio Code", VSCODE_USER_AGENT);
            case TRAVEL ->
                deviceCodeFromAnotherNetwork(
                        script,
                        user,
                        at,
                        Networks.TRAVEL.get(random.nextInt(Networks.TRAVEL.size())),
                        Duration.ofHours(5));
            case NEW_ISP ->
                deviceCodeFromAnotherNetwork(script, user, at, newProvider(user, random), Duration.ofHours(10));
            case AUTOMATION_ACCOUNT -> {
                return automationAccount(script, at);
            }
            case ADMIN_RECOVERY -> adminRecovery(script, user, at);
            case FLOODED_SESSION -> floodedSession(script, user, at);
            case BROWSER_UA_POLLER_UNDER_CLI_ALLOWLIST -> browserLikePoller(script, user, at);
            case SECOND_BURST_AFTER_ALLOWLISTED_LOGIN -> secondBurstAfterAllowlistedLogin(script, user, at);
            case BROKER_CLIENT_PHISHING ->
                phishing(
                        script,
                        user,
                        at,
                        Delivered.ON_TIME,
                        BROKER_CLIENT,
                        POLLER_USER_AGENTS.get(brokerClientRuns++ % POLLER_USER_AGENTS.size()));
            case BROKER_CLIENT_ONBOARDING -> brokerClientOnboarding(script, user, at);
            case DEVICE_REGISTRATION_CHAIN -> deviceRegistrationChain(script, user, at);
            case AUTOPILOT_JOIN -> autopilotJoin(script, user, at);
            case TEAMS_ROOM_DEVICE_CODE -> {
                return teamsRoomDeviceCode(script, at);
            }
            case BROKER_KIOSK_REGISTRATION -> brokerKioskRegistration(script, user, at);
        }
        return script.scenario(user.tenantId(), user.id(), user.userPrincipalName(), at);
    }

    private enum Delivered {
        ON_TIME,
        TWICE,
        POLLER_MINUTES_LATE,
        POLLER_HOURS_LATE
    }

    /**
     * The victim enters the attacker's code in their own browser at home: two interactive sign-ins seconds apart (the
     * code, then MFA). The attacker's poller, polling all along, redeems the tokens seconds later from a hosting
     * network, and half the time fetches a second token for mail a minute or two later.
     */
    private void phishing(Script script, User victim, Instant at, Delivered delivered) {
        PhishingApp app = PHISHING_APPS.get(phishingRuns % PHISHING_APPS.size());
        String pollerAgent = POLLER_USER_AGENTS.get(phishingRuns % POLLER_USER_AGENTS.size());
        phishingRuns++;
        phishing(script, victim, at, delivered, app, pollerAgent);
    }

    private void phishing(
            Script script, User victim, Instant at, Delivered delivered, PhishingApp app, String pollerAgent) {
        // the victim's code entry is on time in every delivery, and it is a device-code sign-in to the app
        script.alsoFiresForApp(app);
        Network hosting = Networks.HOSTING.get(script.random.nextInt(Networks.HOSTING.size()));
        script.history(victim, at);

        SignInSpec codeEntry = victimsBrowser(script, victim, at)
                .deviceCode(true)
                .app(app.appId(), app.appName())
                .resource(app.resourceId(), app.resourceName());
        CodeRedeemed redeemed = redeemedByPoller(script, codeEntry, at, hosting, pollerAgent);
        SignInSpec mfa = redeemed.mfa();
        SignInSpec redemption = redeemed.redemption();
        List<SignInSpec> poller = new ArrayList<>(List.of(redemption));
        if (script.random.nextBoolean()) {
            poller.add(redemption
                    .copy(script.nextId(), redemption.time.plusSeconds(30 + script.random.nextInt(91)))
                    .resource(LoadSignIns.EXCHANGE_RESOURCE, "Office 365 Exchange Online"));
        }

        script.situation(codeEntry, 0);
        script.situation(mfa, 0);
        long pollerDelay = switch (delivered) {
            case POLLER_MINUTES_LATE ->
                Duration.ofSeconds(150 + script.random.nextInt(121)).toMillis();
            case POLLER_HOURS_LATE ->
                Duration.ofMinutes(110 + script.random.nextInt(21)).toMillis();
            default -> 0;
        };
        poller.forEach(signIn -> script.situation(signIn, pollerDelay));
        if (delivered == Delivered.TWICE) {
            // Event Hubs re-delivers: every record of the run arrives again a little later
            for (SignInSpec signIn : concat(List.of(codeEntry, mfa), poller)) {
                script.deliver(
                        signIn,
                        Duration.ofSeconds(20 + script.random.nextInt(71)).toMillis());
            }
        }
        if (delivered == Delivered.POLLER_HOURS_LATE) {
            // the victim works on: their later sign-ins move event time on, so the poller's records arrive behind the
            // watermark however sparse the rest of the traffic is
            script.context(
                    homeSignIn(script, victim, at.plus(Duration.ofMinutes(20))).tokenRefresh());
            script.context(
                    homeSignIn(script, victim, at.plus(Duration.ofMinutes(60))).tokenRefresh());
        }
        script.details(
                "poller " + pollerAgent + " on AS" + hosting.asn() + " " + hosting.owner() + ", app " + app.appName());
    }

    /**
     * Phishing whose poller, once it holds the refresh token, asks for a token for one resource after another: 55 to
     * 64 non-interactive sign-ins within a minute of the victim's MFA sign-in, all in the victim's session. A session
     * buffer of the newest 50 sign-ins (session-multi-source's before it kept a sample) loses the victim's two
     * deviceCode sign-ins before they are judged, so this is the test that a flood cannot hide a session.
     */
    private void floodedSession(Script script, User victim, Instant at) {
        Network hosting = Networks.HOSTING.get(script.random.nextInt(Networks.HOSTING.size()));
        script.history(victim, at);

        SignInSpec codeEntry =
                victimsBrowser(script, victim, at).deviceCode(true).app(SignInSpec.OFFICE_APP, "Microsoft Office");
        SignInSpec mfa = codeEntry.copy(script.nextId(), at.plusSeconds(10 + script.random.nextInt(16)));
        script.situation(codeEntry, 0);
        script.situation(mfa, 0);
        String pollerIp = hosting.ip(script.random.nextLong());
        int tokens = FLOOD_MIN_TOKENS + script.random.nextInt(10);
        // the first token 5 to 20 s after MFA, the last at most 39 s later: all within a minute of the victim
        Instant first = mfa.time.plusSeconds(5 + script.random.nextInt(16));
        for (int i = 0; i < tokens; i++) {
            Resource resource = FLOOD_RESOURCES.get(i % FLOOD_RESOURCES.size());
            script.situation(
                    codeEntry
                            .copy(script.nextId(), first.plusMillis(39_000L * i / tokens))
                            .tokenRefresh()
                            .deviceCode(false)
                            .network(pollerIp, hosting.asn(), hosting.country(), hosting.city())
                            .userAgent(PYTHON_POLLER)
                            .unknownDevice()
                            .resource(resource.id(), resource.name()),
                    0);
        }
        script.details(
                tokens + " token requests of " + PYTHON_POLLER + " on AS" + hosting.asn() + " " + hosting.owner());
    }

    /** The victim's MFA after the code entry, and the poller's redemption of the code seconds after the MFA. */
    private record CodeRedeemed(SignInSpec mfa, SignInSpec redemption) {}

    /**
     * The MFA 10 to 25 s after the victim's code entry at {@code at}, then the redemption 5 to 20 s after the MFA: a
     * token request from {@code hosting} with {@code pollerAgent} on an unknown device, as a phishing kit's poller
     * makes it.
     */
    private static CodeRedeemed redeemedByPoller(
            Script script, SignInSpec codeEntry, Instant at, Network hosting, String pollerAgent) {
        SignInSpec mfa = codeEntry.copy(script.nextId(), at.plusSeconds(10 + script.random.nextInt(16)));
        SignInSpec redemption = codeEntry
                .copy(script.nextId(), mfa.time.plusSeconds(5 + script.random.nextInt(16)))
                .tokenRefresh()
                .deviceCode(false)
                .network(hosting.ip(script.random.nextLong()), hosting.asn(), hosting.country(), hosting.city())
                .userAgent(pollerAgent)
                .unknownDevice();
        return new CodeRedeemed(mfa, redemption);
    }

    /**
     * Phishing for Azure CLI's app id by an attacker who knows the Azure CLI allowlist of docs/tuning.md (the app id
     * and {@code AZURECLI/*}): the victim completes the code in their browser at home, code then MFA, and the poller
     * redeems it seconds later from a hosting network with a current browser's user agent, or with none. The runs
     * alternate between the two.
     */
    private void browserLikePoller(Script script, User victim, Instant at) {
        String pollerAgent =
                BROWSER_LIKE_POLLER_USER_AGENTS.get(browserLikeRuns++ % BROWSER_LIKE_POLLER_USER_AGENTS.size());
        Network hosting = Networks.HOSTING.get(script.random.nextInt(Networks.HOSTING.size()));
        script.history(victim, at);

        SignInSpec codeEntry = victimsBrowser(script, victim, at)
                .deviceCode(true)
                .app(SignInSpec.AZURE_CLI_APP, "Microsoft Azure CLI")
                .resource(AZURE_MANAGEMENT_RESOURCE, "Windows Azure Service Management API");
        CodeRedeemed redeemed = redeemedByPoller(script, codeEntry, at, hosting, pollerAgent);
        script.situation(codeEntry, 0);
        script.situation(redeemed.mfa(), 0);
        script.situation(redeemed.redemption(), 0);
        script.details("poller " + (pollerAgent.isEmpty() ? "without a user agent" : pollerAgent) + " on AS"
                + hosting.asn() + " " + hosting.owner() + ", app Microsoft Azure CLI");
    }

    /**
     * An administrator's own Azure CLI device-code login, as {@link ScenarioKind#AZURE_CLI} (browser and CLI from home,
     * what the allowlist of docs/tuning.md silences), then, two to two and a half minutes later in the same session, a
     * python poller on a hosting network using the session's token, perhaps twice. The login is context: the label
     * names the poller's sign-ins only, so that a detection hits it only when its evidence shows the poller.
     */
    private void secondBurstAfterAllowlistedLogin(Script script, User admin, Instant at) {
        Network hosting = Networks.HOSTING.get(script.random.nextInt(Networks.HOSTING.size()));
        script.history(admin, at);

        SignInSpec browser = victimsBrowser(script, admin, at)
                .deviceCode(true)
                .app(SignInSpec.AZURE_CLI_APP, "Microsoft Azure CLI")
                .resource(AZURE_MANAGEMENT_RESOURCE, "Windows Azure Service Management API");
        SignInSpec cli = browser.copy(script.nextId(), at.plusSeconds(8 + script.random.nextInt(33)))
                .tokenRefresh()
                .deviceCode(false)
                .userAgent(AZURE_CLI_USER_AGENT);
        script.context(browser);
        script.context(cli);
        SignInSpec poller = cli.copy(script.nextId(), cli.time.plusSeconds(120 + script.random.nextInt(31)))
                .network(hosting.ip(script.random.nextLong()), hosting.asn(), hosting.country(), hosting.city())
                .userAgent(PYTHON_POLLER)
                .unknownDevice();
        script.situation(poller, 0);
        if (script.random.nextBoolean()) {
            script.situation(
                    poller.copy(script.nextId(), poller.time.plusSeconds(20 + script.random.nextInt(41)))
                            .resource(SignInSpec.GRAPH_RESOURCE, "Microsoft Graph"),
                    0);
        }
        script.details("Azure CLI from " + admin.homeIp() + ", then " + PYTHON_POLLER + " on AS" + hosting.asn() + " "
                + hosting.owner());
    }

    /**
     * An administrator enrolls a kiosk: on the office network, where he works every day (his week holds an office
     * sign-in each day besides his home ones, so the office's ASN is in his baseline), his managed workstation completes
     * the kiosk's device code for the Microsoft Authentication Broker, and the kiosk, not yet managed, redeems it
     * seconds later for the Device Registration Service from the same egress address.
     */
    private SignInSpec brokerClientOnboarding(Script script, User admin, Instant at) {
        script.history(admin, at);
        Network office = Networks.OFFICE;
        String officeIp = office.ip(script.random.nextLong());
        for (int day = HISTORY_LAST_DAY; day >= HISTORY_FIRST_DAY; day--) {
            Instant workday = at.minus(Duration.ofDays(day)).plus(Duration.ofMinutes(script.random.nextInt(120)));
            script.context(userSignIn(script, admin, workday)
                    .network(office.ip(script.random.nextLong()), office.asn(), office.country(), office.city()));
        }
        SignInSpec codeEntry = victimsBrowser(script, admin, at)
                .network(officeIp, office.asn(), office.country(), office.city())
                .deviceCode(true)
                .app(BROKER_CLIENT.appId(), BROKER_CLIENT.appName())
                .resource(BROKER_CLIENT.resourceId(), BROKER_CLIENT.resourceName());
        SignInSpec kiosk = codeEntry
                .copy(script.nextId(), at.plusSeconds(10 + script.random.nextInt(31)))
                .tokenRefresh()
                .deviceCode(false)
                .userAgent(KIOSK_USER_AGENT)
                .unknownDevice();
        script.situation(codeEntry, 0);
        script.situation(kiosk, 0);
        script.details("kiosk enrolled from " + officeIp + " (AS" + office.asn() + " " + office.owner() + ")");
        return kiosk;
    }

    /**
     * Storm-2372's chain: device-code phishing as in {@link ScenarioKind#PHISHING} (to the broker's app or Office's,
     * in turn), then, 3 to 9 minutes after the poller redeemed the code, the attacker registers a Windows device of
     * their own with the victim's token, from the poller's address and client (Register device, Workplace; the
     * directory's Add device and Add registered owner to device), and 1 to 5 minutes later redeems the device's
     * Primary Refresh Token from there, on a device the tenant neither manages nor finds compliant.
     */
    private void deviceRegistrationChain(Script script, User victim, Instant at) {
        PhishingApp app = registrationChainRuns % 2 == 0 ? BROKER_CLIENT : PHISHING_APPS.get(0);
        String pollerAgent = POLLER_USER_AGENTS.get(registrationChainRuns % POLLER_USER_AGENTS.size());
        registrationChainRuns++;
        script.alsoFiresForApp(app);
        Network hosting = Networks.HOSTING.get(script.random.nextInt(Networks.HOSTING.size()));
        script.history(victim, at);

        SignInSpec codeEntry = victimsBrowser(script, victim, at)
                .deviceCode(true)
                .app(app.appId(), app.appName())
                .resource(app.resourceId(), app.resourceName());
        CodeRedeemed redeemed = redeemedByPoller(script, codeEntry, at, hosting, pollerAgent);
        script.situation(codeEntry, 0);
        script.situation(redeemed.mfa(), 0);
        script.situation(redeemed.redemption(), 0);

        SignInSpec poller = redeemed.redemption();
        RegisteredDevice desktop = new RegisteredDevice(
                script.nextId(),
                script.nextId(),
                "DESKTOP-" + randomName(script.random, 7),
                "Windows",
                "10.0.19045.3803",
                RegisteredDevice.Trust.WORKPLACE);
        Instant registered = poller.time.plusSeconds(180 + script.random.nextInt(361));
        registration(script, victim, desktop, registered, poller.ipAddress, pollerAgent);
        script.situation(
                primaryRefreshTokenUse(script, victim, registered.plusSeconds(60 + script.random.nextInt(241)), desktop)
                        .network(poller.ipAddress, hosting.asn(), hosting.country(), hosting.city())
                        .userAgent(pollerAgent)
                        .device("Windows 10", "", false),
                0);
        script.details("poller " + pollerAgent + " on AS" + hosting.asn() + " " + hosting.owner() + ", app "
                + app.appName() + ", then " + desktop.displayName() + " registered and its PRT used from "
                + poller.ipAddress);
    }

    /**
     * A new laptop's Autopilot: at the office the user signs in at the laptop's first start, Windows joins it to the
     * directory with the user's token (Register device, AzureAd), and the laptop then signs the user in with its
     * Primary Refresh Token, as a managed, compliant device. No device code anywhere.
     */
    private void autopilotJoin(Script script, User user, Instant at) {
        script.history(user, at);
        Network office = Networks.OFFICE;
        String officeIp = office.ip(script.random.nextLong());
        script.situation(
                new SignInSpec(script.nextId(), at)
                        .user(user.tenantId(), user.id(), user.userPrincipalName(), user.displayName())
                        .session(script.session, script.session)
                        .network(officeIp, office.asn(), office.country(), office.city())
                        .app(WINDOWS_SIGN_IN_APP, "Windows Sign In")
                        .userAgent(KIOSK_USER_AGENT)
                        .unknownDevice(),
                0);
        RegisteredDevice laptop = new RegisteredDevice(
                script.nextId(),
                script.nextId(),
                "LT-" + randomName(script.random, 6),
                "Windows",
                "10.0.22631.3447",
                RegisteredDevice.Trust.AZURE_AD);
        Instant joined = at.plusSeconds(40 + script.random.nextInt(81));
        registration(script, user, laptop, joined, officeIp, DSREG_USER_AGENT);
        Instant logon = joined.plusSeconds(240 + script.random.nextInt(361));
        script.situation(
                primaryRefreshTokenUse(script, user, logon, laptop)
                        .network(officeIp, office.asn(), office.country(), office.city())
                        .app(WINDOWS_SIGN_IN_APP, "Windows Sign In")
                        .userAgent(KIOSK_USER_AGENT)
                        .device("Windows 10", "", true),
                0);
        script.situation(
                primaryRefreshTokenUse(script, user, logon.plusSeconds(30 + script.random.nextInt(91)), laptop)
                        .network(officeIp, office.asn(), office.country(), office.city())
                        .userAgent(SignInSpec.OUTLOOK_DESKTOP)
                        .device("Windows 10", "", true),
                0);
        script.details(laptop.displayName() + " joined from " + officeIp + " (AS" + office.asn() + ")");
    }

    /**
     * A Teams Rooms display signs its resource account in with a device code: at the office, an administrator enters
     * the display's code on his managed workstation as the room account, and the display redeems it from the same
     * egress address. The room account has signed in from the office's display every day of the week before. No
     * device is registered.
     */
    private Scenario teamsRoomDeviceCode(Script script, Instant at) {
        String id = Guids.of(ROOM_ACCOUNT_IDS ^ seed, script.number);
        String upn = "room-" + script.number + "@" + population.domain();
        String name = "Meeting room " + script.number;
        Network office = Networks.OFFICE;
        String officeIp = office.ip(script.random.nextLong());
        for (int day = HISTORY_LAST_DAY; day >= 1; day--) {
            Instant morning = at.minus(Duration.ofDays(day)).minus(Duration.ofMinutes(script.random.nextInt(120)));
            String session = Guids.of(SESSION_IDS ^ script.stream, 2 + morning.getEpochSecond());
            script.context(new SignInSpec(script.nextId(), morning)
                    .user(population.tenantId(), id, upn, name)
                    .session(session, session)
                    .network(officeIp, office.asn(), office.country(), office.city())
                    .tokenRefresh()
                    .app(LoadSignIns.TEAMS_APP, "Microsoft Teams")
                    .userAgent(TEAMS_ROOM_USER_AGENT)
                    .unknownDevice());
        }
        SignInSpec codeEntry = new SignInSpec(script.nextId(), at)
                .user(population.tenantId(), id, upn, name)
                .session(script.session, Guids.of(SESSION_IDS ^ script.stream, 1))
                .network(officeIp, office.asn(), office.country(), office.city())
                .deviceCode(true)
                .app(LoadSignIns.TEAMS_APP, "Microsoft Teams");
        SignInSpec display = codeEntry
                .copy(script.nextId(), at.plusSeconds(8 + script.random.nextInt(23)))
                .tokenRefresh()
                .deviceCode(false)
                .userAgent(TEAMS_ROOM_USER_AGENT)
                .unknownDevice();
        script.situation(codeEntry, 0);
        script.situation(display, 0);
        script.details("room display signed in from " + officeIp + " (AS" + office.asn() + " " + office.owner() + ")");
        return script.scenario(population.tenantId(), id, upn, at);
    }

    /**
     * {@link ScenarioKind#BROKER_CLIENT_ONBOARDING}, and the kiosk joins the directory with the administrator's token
     * a minute or two after it redeemed the code (Register device, AzureAd, from the office with Windows' registration
     * client), then signs him in with its Primary Refresh Token: the chain the attack makes, on a corporate device.
     */
    private void brokerKioskRegistration(Script script, User admin, Instant at) {
        SignInSpec redemption = brokerClientOnboarding(script, admin, at);
        RegisteredDevice kiosk = new RegisteredDevice(
                script.nextId(),
                script.nextId(),
                "KIOSK-" + randomName(script.random, 5),
                "Windows",
                "10.0.22631.3447",
                RegisteredDevice.Trust.AZURE_AD);
        Instant joined = redemption.time.plusSeconds(60 + script.random.nextInt(61));
        registration(script, admin, kiosk, joined, redemption.ipAddress, DSREG_USER_AGENT);
        script.situation(
                primaryRefreshTokenUse(script, admin, joined.plusSeconds(120 + script.random.nextInt(181)), kiosk)
                        .network(
                                redemption.ipAddress,
                                Networks.OFFICE.asn(),
                                Networks.OFFICE.country(),
                                Networks.OFFICE.city())
                        .userAgent(KIOSK_USER_AGENT)
                        .device("Windows 10", "", false),
                0);
        script.details("kiosk " + kiosk.displayName() + " enrolled and joined from " + redemption.ipAddress + " (AS"
                + Networks.OFFICE.asn() + " " + Networks.OFFICE.owner() + ")");
    }

    /**
     * A device registration as Entra logs it, part of the situation: the user's Register device from {@code ipAddress}
     * with {@code userAgent}, then within a second the directory's Add device and Add registered owner to device.
     */
    private static void registration(
            Script script, User user, RegisteredDevice device, Instant at, String ipAddress, String userAgent) {
        String correlation = script.nextId();
        DeviceRegistrationSpec register = DeviceRegistrationSpec.registerDevice(
                script.auditId(correlation),
                at,
                user.tenantId(),
                device,
                correlation,
                user.id(),
                user.userPrincipalName(),
                ipAddress,
                userAgent);
        script.situation(register, 0);
        script.situation(register.deviceAdded(script.auditId(correlation), at.plusMillis(110)), 0);
        script.situation(register.ownerAdded(script.auditId(correlation), at.plusMillis(270)), 0);
    }

    /** A token request with the Primary Refresh Token of {@code device}, in a session of its own. */
    private static SignInSpec primaryRefreshTokenUse(Script script, User user, Instant time, RegisteredDevice device) {
        return userSignIn(script, user, time)
                .tokenRefresh()
                .primaryRefreshToken(device.deviceId(), device.trust().signInValue());
    }

    /** A device name's random part: upper-case letters and digits, as Windows makes them. */
    private static String randomName(SplittableRandom random, int length) {
        StringBuilder name = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            name.append(DEVICE_NAME_CHARACTERS.charAt(random.nextInt(DEVICE_NAME_CHARACTERS.length())));
        }
        return name.toString();
    }

    /** Azure logs the browser side with the poller's IP too: one network, two clients. */
    private void phishingLoggedWithPollerIp(Script script, User victim, Instant at) {
        PhishingApp app = PHISHING_APPS.get(phishingRuns % PHISHING_APPS.size());
        String pollerAgent = POLLER_USER_AGENTS.get(phishingRuns % POLLER_USER_AGENTS.size());
        phishingRuns++;
        script.alsoFiresForApp(app);
        Network hosting = Networks.HOSTING.get(script.random.nextInt(Networks.HOSTING.size()));
        String pollerIp = hosting.ip(script.random.nextLong());
        script.history(victim, at);

        SignInSpec codeEntry = victimsBrowser(script, victim, at)
                .deviceCode(true)
                .app(app.appId(), app.appName())
                .resource(app.resourceId(), app.resourceName())
                .network(pollerIp, hosting.asn(), hosting.country(), hosting.city());
        SignInSpec redemption = codeEntry
                .copy(script.nextId(), at.plusSeconds(20 + script.random.nextInt(41)))
                .tokenRefresh()
                .deviceCode(false)
                .userAgent(pollerAgent)
                .unknownDevice();
        script.situation(codeEntry, 0);
        script.situation(redemption, 0);
        script.details("both sides logged with " + pollerIp + " (AS" + hosting.asn() + " " + hosting.owner()
                + "), poller " + pollerAgent + ", app " + app.appName());
    }

    /**
     * A tool's own device-code login: the user's browser completes the code, the tool on the same machine redeems it
     * seconds later. Same IP, two clients: what seed 000 warns about.
     */
    private void toolLogin(Script script, User user, Instant at, String appId, String appName, String toolAgent) {
        script.history(user, at);
        SignInSpec browser = victimsBrowser(script, user, at)
                .deviceCode(true)
                .app(appId, appName)
                .resource(AZURE_MANAGEMENT_RESOURCE, "Windows Azure Service Management API");
        SignInSpec tool = browser.copy(script.nextId(), at.plusSeconds(8 + script.random.nextInt(33)))
                .tokenRefresh()
                .deviceCode(false)
                .userAgent(toolAgent);
        script.situation(browser, 0);
        script.situation(tool, 0);
        script.details(appName + " from " + user.homeIp());
    }

    /**
     * Away from home since some hours (a hotel, or a new provider after a move): ordinary sign-ins from the new
     * network first — inside the excluded last day, so still not in the baseline — then a device-code sign-in for a
     * meeting-room or TV display from it.
     */
    private void deviceCodeFromAnotherNetwork(Script script, User user, Instant at, Network network, Duration since) {
        script.history(user, at);
        String ip = network.ip(script.random.nextLong());
        script.context(userSignIn(script, user, at.minus(since))
                .network(ip, network.asn(), network.country(), network.city()));
        script.context(userSignIn(script, user, at.minus(since).plus(Duration.ofHours(2)))
                .network(ip, network.asn(), network.country(), network.city())
                .tokenRefresh());
        script.situation(
                victimsBrowser(script, user, at)
                        .network(ip, network.asn(), network.country(), network.city())
                        .deviceCode(true)
                        .app(LoadSignIns.TEAMS_APP, "Microsoft Teams")
                        .resource(LoadSignIns.SHAREPOINT_RESOURCE, "Office 365 SharePoint Online"),
                0);
        script.details("AS" + network.asn() + " " + network.owner() + ", " + network.city());
    }

    /**
     * A pipeline's service account: its refresh token came from a device-code login, and it refreshes it every day
     * from Azure-hosted runners (Entra logs the transfer method as none on those, as it often does); today the job
     * runs on a new self-hosted runner at another cloud, and the record says deviceCodeFlow.
     */
    private Scenario automationAccount(Script script, Instant at) {
        String id = Guids.of(ACCOUNT_IDS ^ seed, script.number);
        String upn = "svc-deploy-" + script.number + "@" + population.domain();
        String name = "Deployment pipeline " + script.number;
        Network runner = Networks.HOSTED_RUNNER;
        for (int day = 1; day <= HISTORY_LAST_DAY; day++) {
            script.context(pipelineRun(script, id, upn, name, at.minus(Duration.ofDays(day)))
                    .network(runner.ip(script.number * 16L + day % 3), runner.asn(), runner.country(), runner.city()));
        }
        Network moved = Networks.NEW_RUNNER;
        script.situation(
                pipelineRun(script, id, upn, name, at)
                        .deviceCode(false)
                        .network(moved.ip(script.number), moved.asn(), moved.country(), moved.city()),
                0);
        script.details("runner moved from AS" + runner.asn() + " to AS" + moved.asn() + " " + moved.owner());
        return script.scenario(population.tenantId(), id, upn, at);
    }

    private SignInSpec pipelineRun(Script script, String id, String upn, String name, Instant time) {
        return new SignInSpec(script.nextId(), time)
                .user(population.tenantId(), id, upn, name)
                .session(script.session, script.session)
                .tokenRefresh()
                .app(SignInSpec.AZURE_CLI_APP, "Microsoft Azure CLI")
                .resource(AZURE_MANAGEMENT_RESOURCE, "Windows Azure Service Management API")
                .userAgent(AZURE_CLI_ON_LINUX_USER_AGENT)
                .unknownDevice();
    }

    /** An administrator of the outsourced service desk completes a device code for the user, on a managed workstation. */
    private void adminRecovery(Script script, User user, Instant at) {
        script.history(user, at);
        Network desk = Networks.SERVICE_DESK;
        script.situation(
                victimsBrowser(script, user, at)
                        .deviceCode(true)
                        .network(desk.ip(script.random.nextLong()), desk.asn(), desk.country(), desk.city())
                        .device("Windows 10", "Edge 124.0.2478", true)
                        .userAgent(SignInSpec.EDGE_ON_WINDOWS),
                0);
        script.details("service desk on AS" + desk.asn() + " " + desk.owner());
    }

    private static Network newProvider(User user, SplittableRandom random) {
        List<Network> others = new ArrayList<>(Networks.HOME);
        others.remove(user.home());
        return others.get(random.nextInt(others.size()));
    }

    /** A sign-in of the user's in the scenario's session, from their laptop at home. */
    private static SignInSpec victimsBrowser(Script script, User user, Instant time) {
        return homeSignIn(script, user, time).session(script.session, Guids.of(SESSION_IDS ^ script.stream, 1));
    }

    private static SignInSpec homeSignIn(Script script, User user, Instant time) {
        return userSignIn(script, user, time)
                .network(
                        user.homeIp(),
                        user.home().asn(),
                        user.home().country(),
                        user.home().city());
    }

    /** An ordinary interactive Office sign-in from the user's laptop, in a session of its own. */
    private static SignInSpec userSignIn(Script script, User user, Instant time) {
        String id = script.nextId();
        return new SignInSpec(id, time)
                .user(user.tenantId(), user.id(), user.userPrincipalName(), user.displayName())
                .session(Guids.of(SESSION_IDS ^ script.stream, 2 + time.getEpochSecond()), id)
                .device(user.laptop().operatingSystem(), user.laptop().browser(), true)
                .userAgent(user.laptop().userAgent());
    }

    private static List<SignInSpec> concat(List<SignInSpec> first, List<SignInSpec> second) {
        List<SignInSpec> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    /** The sign-ins of one scenario as they are written, and what its label will say. */
    private final class Script {
        final int number;
        final ScenarioKind kind;
        final SplittableRandom random;
        /** Salts this scenario's ids: scenario 7's ids share nothing with scenario 8's or the ordinary traffic's. */
        final long stream;

        final String session;
        final List<Delivery> deliveries = new ArrayList<>();
        final List<String> situationIds = new ArrayList<>();
        private int ids;
        private String details = "";
        private final List<String> shouldFire;

        Script(int number, ScenarioKind kind, SplittableRandom random) {
            this.number = number;
            this.kind = kind;
            this.random = random;
            this.stream = Guids.mix(seed) ^ ((long) number << 20);
            this.session = Guids.of(SESSION_IDS ^ stream, 0);
            this.shouldFire = new ArrayList<>(kind.shouldFire());
        }

        String nextId() {
            return Guids.of(SIGN_IN_IDS ^ stream, ids++);
        }

        /** The user's week at home before the scenario: an Office sign-in each morning and a refresh two hours later. */
        void history(User user, Instant at) {
            for (int day = HISTORY_LAST_DAY; day >= HISTORY_FIRST_DAY; day--) {
                Instant morning = at.minus(Duration.ofDays(day)).minus(Duration.ofMinutes(random.nextInt(240)));
                context(homeSignIn(this, user, morning));
                context(homeSignIn(this, user, morning.plus(Duration.ofHours(2)))
                        .tokenRefresh());
            }
        }

        /** A sign-in around the situation (history, the day's other sign-ins): delivered on time, not in the label. */
        void context(SignInSpec signIn) {
            deliver(signIn, 0);
        }

        /**
         * A record of the situation itself (a sign-in, or an audit record of a device registration): in the label,
         * delivered {@code delayMillis} after it happened.
         */
        void situation(GeneratedRecord record, long delayMillis) {
            situationIds.add(record.id());
            deliver(record, delayMillis);
        }

        void deliver(GeneratedRecord record, long delayMillis) {
            deliveries.add(new Delivery(record, record.time().toEpochMilli() + delayMillis));
        }

        /** An audit record's id as the directory makes them: the correlation id, a tag and a sequence number. */
        String auditId(String correlation) {
            return "Directory_" + correlation + "_" + randomName(random, 5) + "_"
                    + (10_000_000 + random.nextInt(90_000_000));
        }

        void details(String text) {
            details = text;
        }

        /** The label names the broker-client rule too when the run's sign-ins are to the broker's app. */
        void alsoFiresForApp(PhishingApp app) {
            if (app.equals(BROKER_CLIENT) && !shouldFire.contains(RuleCatalogue.DEVICE_CODE_BROKER_CLIENT)) {
                shouldFire.add(RuleCatalogue.DEVICE_CODE_BROKER_CLIENT);
            }
        }

        Scenario scenario(String tenantId, String userId, String userPrincipalName, Instant at) {
            ScenarioLabel label = new ScenarioLabel(
                    String.format(Locale.ROOT, "%04d-%s", number, kind.id()),
                    kind.id(),
                    kind.malicious(),
                    tenantId,
                    userId,
                    userPrincipalName,
                    session,
                    at,
                    situationIds,
                    shouldFire,
                    kind.description() + "; " + details);
            return new Scenario(label, deliveries);
        }
    }
}
