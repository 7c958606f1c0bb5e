package org.dcwatch.job.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.dcwatch.job.generate.Networks.Network;
import org.dcwatch.job.generate.Population.User;

/**
 * Ordinary sign-in traffic of a large tenant — the haystack the scenarios hide in. Per record: 70% non-interactive
 * token refreshes by desktop and mobile clients, 24% interactive browser sign-ins, 5% failures (wrong password, MFA
 * required, expired refresh token, the keep-me-signed-in prompt) and 1% device-code sign-ins. Each person signs in
 * from their home network most of the time, from the office or the mobile network now and then.
 *
 * <p>The device-code sign-ins are benign by construction, so that every alert on generated data belongs to a labelled
 * scenario: each is the only device-code sign-in of its session (a user completing the code of their own Teams display,
 * or that display refreshing its token), so no session rule can fire on it; and each comes from the user's home
 * network once that network is in the user's 30-day baseline (see {@link HomeSightings}), so {@code unseen-asn} cannot
 * either. Before that a would-be device-code sign-in is an ordinary browser sign-in; {@link #lastSeenAtHome} puts a
 * user's home network in the baseline ahead of time.
 *
 * <p>Deterministic for a seed: records must be asked for in time order, the order the baseline sees them.
 */
public final class LoadSignIns {

    public static final String TENANT = "3c9d5e1f-7a2b-4c8d-9e0f-1a2b3c4d5e6f";
    public static final String DOMAIN = "fabrikam.example";

    static final String TEAMS_APP = "1fec8e78-bce4-4aaf-ab1b-5451cc387264";
    static final String ONEDRIVE_APP = "ab9b8c07-8f02-4f72-87fa-80105867a763";
    static final String OUTLOOK_MOBILE_APP = "27922004-5251-4030-b22d-91ecd9a37ea4";
    static final String AZURE_PORTAL_APP = "c44b4083-3bb0-49c1-b47d-974e53cbdf3c";
    static final String EXCHANGE_RESOURCE = "00000002-0000-0ff1-ce00-000000000000";
    static final String SHAREPOINT_RESOURCE = "00000003-0000-0ff1-ce00-000000000000";

    static final String TEAMS_DESKTOP =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                    + "Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0 Teams/24102.2223.2870.9480/49";
    static final String ONEDRIVE_SYNC = "Microsoft SkyDriveSync 24.070.0407.0003 ship; Windows NT 10.0 (19045)";
    static final String OUTLOOK_ANDROID = "Outlook-Android/2.0";
    /** A Teams display: the kind of device people complete a device code for, legitimately. */
    static final String TEAMS_DISPLAY =
            "Mozilla/5.0 (Linux; Android 12; Neat Frame) AppleWebKit/537.36 (KHTML, like Gecko) "
                    + "Chrome/120.0.6099.230 Safari/537.36 Teams/1449/1.0.96.2024042301";

    /** Per 10,000 records. */
    private static final int TOKEN_REFRESHES = 7_000;

    private static final int BROWSER_SIGN_INS = 2_400;
    private static final int FAILURES = 500;
    /** The rest, 100 in 10,000, are device-code sign-ins. */
    private static final int ORDINARY = TOKEN_REFRESHES + BROWSER_SIGN_INS + FAILURES;

    /** Per 100 ordinary records: from home, else from the office, else from the phone. */
    private static final int AT_HOME = 78;

    private static final int AT_OFFICE = 92;

    private static final long SIGN_IN_IDS = 0x7369676e696eL;
    private static final long CORRELATION_IDS = 0x636f7272L;
    private static final long PROLOGUE_IDS = 0x70726f6cL;
    private static final long SESSION_IDS = 0x73657373L;
    private static final long DEVICE_CODE_SESSION_IDS = 0x6463736573L;
    private static final long DAY = Duration.ofDays(1).toMillis();

    private final SplittableRandom random;
    private final long seed;
    private final Population population;
    private final Instant start;
    private final Duration span;
    private final HomeSightings homeSightings = new HomeSightings();

    public LoadSignIns(long seed, int users, Instant start, Duration span) {
        this.random = new SplittableRandom(seed);
        this.seed = seed;
        this.population = new Population(TENANT, DOMAIN, users);
        this.start = start;
        this.span = span;
    }

    public Population population() {
        return population;
    }

    /**
     * Writes {@code records} ordinary records as lines of Event Hub envelopes of {@code perEnvelope} records each: what
     * {@code generate} writes without scenarios, kept for load runs that build their own input.
     */
    public void write(BufferedWriter out, long records, int perEnvelope) throws IOException {
        LabelledSignIns generator = new LabelledSignIns(this, records, start, span, ScenarioPlan.NONE, seed);
        try (SignInMessages messages =
                new SignInMessages(SignInFormat.EVENTHUB, perEnvelope, MessageTarget.lines(out))) {
            generator.write(messages);
        }
    }

    /**
     * A refresh of user {@code userIndex}'s mail client at home: what the run starts with for every user, days before
     * the span (see {@link LabelledSignIns}), so that the home network is in every baseline from the span's start.
     */
    public SignInSpec lastSeenAtHome(int userIndex, Instant time) {
        User user = population.user(userIndex);
        SignInSpec signIn = new SignInSpec(Guids.of(PROLOGUE_IDS ^ seed, userIndex), time)
                .user(user.tenantId(), user.id(), user.userPrincipalName(), user.displayName())
                .session(
                        Guids.of(SESSION_IDS ^ seed ^ user.index(), Math.floorDiv(time.toEpochMilli(), DAY)),
                        Guids.of(PROLOGUE_IDS ^ seed, ~userIndex))
                .device(user.laptop().operatingSystem(), user.laptop().browser(), true)
                .tokenRefresh()
                .resource(EXCHANGE_RESOURCE, "Office 365 Exchange Online");
        home(signIn, user);
        homeSightings.saw(user.index(), time.toEpochMilli());
        return signIn;
    }

    /** The ordinary sign-in number {@code index} of the run, at {@code time}; call in time order. */
    public SignInSpec next(long index, Instant time) {
        User user = population.user(random.nextInt(population.size()));
        long at = time.toEpochMilli();
        SignInSpec signIn = new SignInSpec(Guids.of(SIGN_IN_IDS ^ seed, index), time)
                .user(user.tenantId(), user.id(), user.userPrincipalName(), user.displayName())
                .session(
                        Guids.of(SESSION_IDS ^ seed ^ user.index(), Math.floorDiv(at, DAY)),
                        Guids.of(CORRELATION_IDS ^ seed, index))
                .device(user.laptop().operatingSystem(), user.laptop().browser(), true)
                .userAgent(user.laptop().userAgent());
        int roll = random.nextInt(10_000);
        int place = random.nextInt(100);
        int variant = random.nextInt(4);
        if (roll >= ORDINARY) {
            deviceCode(signIn, user, at, index, variant);
        } else {
            boolean atHome = place < AT_HOME;
            if (atHome) {
                home(signIn, user);
            } else if (place < AT_OFFICE) {
                Network office = Networks.OFFICE;
                signIn.network(office.ip(user.index() % 4), office.asn(), office.country(), office.city());
            } else {
                signIn.network(
                        Networks.MOBILE.ip(random.nextLong()),
                        Networks.MOBILE.asn(),
                        "DE",
                        user.home().city());
            }
            if (roll < TOKEN_REFRESHES) {
                tokenRefresh(signIn, place >= AT_OFFICE, variant);
            } else if (roll < TOKEN_REFRESHES + BROWSER_SIGN_INS) {
                browserSignIn(signIn, variant);
            } else {
                failure(signIn, variant);
            }
        }
        if (signIn.errorCode == 0 && signIn.asn == user.home().asn()) homeSightings.saw(user.index(), at);
        return signIn;
    }

    private static void home(SignInSpec signIn, User user) {
        signIn.network(
                user.homeIp(),
                user.home().asn(),
                user.home().country(),
                user.home().city());
    }

    private static void tokenRefresh(SignInSpec signIn, boolean phone, int variant) {
        signIn.tokenRefresh();
        if (phone) {
            signIn.app(OUTLOOK_MOBILE_APP, "Outlook Mobile")
                    .resource(EXCHANGE_RESOURCE, "Office 365 Exchange Online")
                    .userAgent(OUTLOOK_ANDROID)
                    .device("Android", "", true);
            return;
        }
        switch (variant) {
            case 0 -> signIn.resource(EXCHANGE_RESOURCE, "Office 365 Exchange Online"); // Outlook
            case 1 -> signIn.app(TEAMS_APP, "Microsoft Teams").userAgent(TEAMS_DESKTOP);
            case 2 ->
                signIn.app(ONEDRIVE_APP, "OneDrive SyncEngine")
                        .resource(SHAREPOINT_RESOURCE, "Office 365 SharePoint Online")
                        .userAgent(ONEDRIVE_SYNC);
            // non-interactive records often come without a user agent
            default -> signIn.userAgent("");
        }
    }

    private static void browserSignIn(SignInSpec signIn, int variant) {
        switch (variant) {
            case 0 ->
                signIn.app(AZURE_PORTAL_APP, "Azure Portal")
                        .resource("797f4846-ba00-4fd7-ba43-dac1f8f63013", "Windows Azure Service Management API");
            case 1 ->
                signIn.app(TEAMS_APP, "Microsoft Teams").resource(SHAREPOINT_RESOURCE, "Office 365 SharePoint Online");
            default -> {} // Microsoft Office to Graph, the default
        }
    }

    private static void failure(SignInSpec signIn, int variant) {
        switch (variant) {
            case 0 -> signIn.failed(50126); // wrong user name or password
            case 1 -> signIn.failed(50074); // strong authentication required
            case 2 -> signIn.failed(50140); // the "stay signed in?" interrupt
            default -> signIn.tokenRefresh().failed(70043); // refresh token expired by sign-in frequency
        }
    }

    /**
     * A device-code sign-in from home: the browser side of a flow for the user's Teams display (one in ten stopped at
     * the confirmation prompt, 50199), or the display's own token refresh. Alone in its session. Until the home network
     * is in the user's baseline it is an ordinary browser sign-in instead.
     */
    private void deviceCode(SignInSpec signIn, User user, long at, long index, int variant) {
        home(signIn, user);
        if (!homeSightings.inBaseline(user.index(), at)) {
            return;
        }
        signIn.session(Guids.of(DEVICE_CODE_SESSION_IDS ^ seed, index), signIn.correlationId)
                .app(TEAMS_APP, "Microsoft Teams")
                .resource(SHAREPOINT_RESOURCE, "Office 365 SharePoint Online");
        if (variant < 2) {
            signIn.deviceCode(true);
            if (random.nextInt(10) == 0) signIn.failed(50199);
        } else {
            signIn.tokenRefresh().deviceCode(false).userAgent(TEAMS_DISPLAY).device("Android", "", false);
        }
    }

    /**
     * When each user's home network entered their baseline. {@code unseen-asn} asks whether the user's successful
     * sign-ins touched an ASN between 30 days and 1 day before; this keeps, per user, the first and last successful
     * home sign-in of the current run of them (a gap of 25 days starts a new run) and answers conservatively: first at
     * least 26 hours before, last at most 25 days before. The margins cover the rule's hour-precise spans.
     */
    static final class HomeSightings {
        private static final long NEW_RUN_AFTER = Duration.ofDays(25).toMillis();
        private static final long SETTLED_AFTER = Duration.ofHours(26).toMillis();

        private final Map<Integer, long[]> firstAndLast = new HashMap<>();

        void saw(int user, long at) {
            long[] run = firstAndLast.get(user);
            if (run == null) {
                firstAndLast.put(user, new long[] {at, at});
            } else if (at - run[1] > NEW_RUN_AFTER) {
                run[0] = at;
                run[1] = at;
            } else {
                run[1] = Math.max(run[1], at);
            }
        }

        boolean inBaseline(int user, long at) {
            long[] run = firstAndLast.get(user);
            return run != null && run[0] <= at - SETTLED_AFTER && run[1] >= at - NEW_RUN_AFTER;
        }
    }
}
