package org.dcwatch.job.generate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.dcwatch.udfs.rules.RuleCatalogue;

/**
 * The bundled demo input ({@code testdata/demo/signins.jsonl}): four weeks of ordinary sign-ins of five people of one
 * tenant, then one morning with an attack for every rule and the look-alikes the seeds warn about:
 *
 * <ul>
 *   <li>Alice is phished: she enters the attacker's code in her browser, a python poller from a hosting network
 *       redeems the tokens (session-multi-source, concurrent-interactive-noninteractive, unseen-asn);
 *   <li>Dave is phished and Azure logs both sides with the poller's IP; only the clients differ
 *       (session-multi-source, unseen-asn);
 *   <li>Bob logs in to Azure CLI with a device code from the office: the seed's false positive (session-multi-source,
 *       silenced by the tuning example of docs/tuning.md);
 *   <li>Carol signs in to a meeting-room device with a device code from a hotel network (unseen-asn);
 *   <li>Erin is phished as Storm-2372 phished: she completes a device code for the Microsoft Authentication Broker, a
 *       python poller redeems it, ten minutes later a {@code Register device} of a DESKTOP- device the attacker owns
 *       follows, initiated with her token, and then a sign-in with that device's Primary Refresh Token, all from a
 *       hosting network (session-multi-source, unseen-asn, device-code-broker-client; the chain is what the
 *       device-registration rules look for);
 * </ul>
 *
 * plus what real input has: a re-published record, a record that arrives after the watermark, an audit log on the same
 * hub (a group membership: no device registration, so the job skips and counts it) and a broken line (a dead letter).
 * Deterministic: {@code DemoSignInsTest} checks that the committed file is what this makes.
 */
public final class DemoSignIns {

    public static final String TENANT = "7f1e5a0c-3b7d-4c61-9a55-2f0e6d1c9b10";
    /** The morning of the attacks. */
    public static final Instant ATTACK_DAY = Instant.parse("2026-03-02T09:00:00Z");

    /** When Erin enters the attacker's code: after the morning's other sign-ins. */
    private static final Instant ERIN_PHISHED =
            ATTACK_DAY.plus(Duration.ofMinutes(150)).plusSeconds(5);

    private static final int HISTORY_DAYS = 27;
    private static final int RECORDS_PER_ENVELOPE = 4;

    private record Person(String id, String upn, String name, String ip, int asn, String country, String city) {}

    private static final Person ALICE = new Person(
            "a1b2c3d4-1111-4222-8333-944455556666",
            "alice@contoso.example",
            "Alice Wilber",
            "93.184.10.21",
            3320,
            "DE",
            "Berlin");
    private static final Person BOB = new Person(
            "b2c3d4e5-2222-4333-9444-a55566667777",
            "bob@contoso.example",
            "Bob Franco",
            "20.50.2.14",
            8075,
            "DE",
            "Frankfurt");
    private static final Person CAROL = new Person(
            "c3d4e5f6-3333-4444-a555-b66677778888",
            "carol@contoso.example",
            "Carol Meyer",
            "87.123.40.7",
            3209,
            "DE",
            "Hamburg");
    private static final Person DAVE = new Person(
            "d4e5f6a7-4444-4555-b666-c77788889999",
            "dave@contoso.example",
            "Dave Kowalski",
            "93.184.77.3",
            3320,
            "DE",
            "Munich");
    private static final Person ERIN = new Person(
            "e5f6a7b8-5555-4666-c777-d8889999aaaa",
            "erin@contoso.example",
            "Erin Novak",
            "87.123.99.8",
            3209,
            "DE",
            "Cologne");
    private static final List<Person> PEOPLE = List.of(ALICE, BOB, CAROL, DAVE, ERIN);

    private DemoSignIns() {}

    public static void main(String[] args) throws IOException {
        Path target = Path.of(args.length > 0 ? args[0] : "testdata/demo/signins.jsonl");
        Files.createDirectories(target.getParent());
        Files.write(target, lines(), StandardCharsets.UTF_8);
    }

    /** The file's lines: Event Hub envelopes of a few records each, in time order, with the oddities inserted. */
    public static List<String> lines() {
        List<SignInSpec> signIns = new ArrayList<>(history());
        signIns.addAll(attackMorning());
        signIns.sort(Comparator.comparing((SignInSpec s) -> s.time).thenComparing(s -> s.id));

        List<String> lines = new ArrayList<>();
        List<String> envelope = new ArrayList<>();
        for (SignInSpec signIn : signIns) {
            envelope.add(EventHubRecord.render(signIn));
            if (envelope.size() == RECORDS_PER_ENVELOPE) {
                lines.add(envelope(envelope));
                envelope.clear();
            }
        }
        if (!envelope.isEmpty()) lines.add(envelope(envelope));

        // Event Hubs delivers at least once: the envelope with Alice's token redemption arrives twice
        int redemption = indexOf(lines, "alice-poller-1");
        lines.add(redemption + 1, lines.get(redemption));
        // an hour-old refresh of Erin's, delivered at the end: behind the watermark
        lines.add(EventHubRecord.render(erinsLateRefresh()));
        // an audit log on the same hub, skipped as no device registration, and a line cut off in transfer
        lines.add(
                lines.size() / 2,
                "{\"records\":[{\"time\":\"2026-02-14T10:00:00.0000000Z\",\"category\":\"AuditLogs\","
                        + "\"tenantId\":\"" + TENANT
                        + "\",\"operationName\":\"Add member to group\",\"properties\":{\"id\":\"audit-1\"}}]}");
        lines.add(
                lines.size() / 3,
                "{\"records\":[{\"time\":\"2026-02-10T08:00:00.0000000Z\",\"category\":\"SignInLogs\",\"tenantId\":\"");
        // Erin's chain is the morning's last: its messages go before the late refresh, after every other line, so
        // that adding it left the other lines as they were
        lines.addAll(indexOf(lines, "erin-late-1"), erinsChain());
        // and the afternoon begins: a sign-in an hour after the chain carries event time past it, so that a run that
        // never ends (on Kafka) decides the chain's rules too
        lines.add(indexOf(lines, "erin-late-1"), EventHubRecord.render(afternoon()));
        return lines;
    }

    /**
     * Erin's phish, registration and Primary Refresh Token, as the hub delivers them: the two sign-ins of the code in
     * one message, the audit record in the next, the device's sign-in in a third.
     */
    private static List<String> erinsChain() {
        Instant t = ERIN_PHISHED;
        String attackerIp = "203.0.113.45";
        String attackerAgent = "python-requests/2.31.0";
        SignInSpec codeEntry = signIn(ERIN, "erin-browser-1", t)
                .session("5b7c9d1e-3f2a-4b6c-8d0e-1f3a5b7c9d2e", "4a6c8e0f-2b4d-4f6a-9c8e-0a2c4e6f8b1d")
                .deviceCode(true)
                .app(RuleCatalogue.AUTHENTICATION_BROKER_APP_ID, "Microsoft Authentication Broker")
                .resource(ScenarioFactory.DEVICE_REGISTRATION_RESOURCE, "Device Registration Service");
        SignInSpec poller = codeEntry
                .copy("erin-poller-1", t.plusSeconds(26))
                .tokenRefresh()
                .deviceCode(false)
                .network(attackerIp, 16509, "DE", "Frankfurt")
                .userAgent(attackerAgent)
                .unknownDevice();
        RegisteredDevice desktop = new RegisteredDevice(
                "2f8d6b4a-0c1e-4a3f-9d5b-7e9a1c3d5f60",
                "9e7c5a3b-1d0f-4e2a-8b6c-4d2f0a8e6c13",
                "DESKTOP-4HX8T2M",
                "Windows",
                "10.0.19045.3803",
                RegisteredDevice.Trust.WORKPLACE);
        DeviceRegistrationSpec registration = DeviceRegistrationSpec.registerDevice(
                "Directory_7c1e3a5b-9d2f-4b6a-8e0c-2a4c6e8f0b13_QX3TM_52918804",
                t.plusSeconds(10 * 60 + 7),
                TENANT,
                desktop,
                "7c1e3a5b-9d2f-4b6a-8e0c-2a4c6e8f0b13",
                ERIN.id,
                ERIN.upn,
                attackerIp,
                attackerAgent);
        SignInSpec primaryRefreshToken = signIn(ERIN, "erin-prt-1", t.plusSeconds(14 * 60 + 35))
                .session("6c8e0a2b-4d6f-4a8c-9e0b-2c4e6a8c0e3f", "erin-prt-1")
                .tokenRefresh()
                .network(attackerIp, 16509, "DE", "Frankfurt")
                .userAgent(attackerAgent)
                .device("Windows 10", "", false)
                .primaryRefreshToken(desktop.deviceId(), desktop.trust().signInValue());
        return List.of(
                envelope(List.of(EventHubRecord.render(codeEntry), EventHubRecord.render(poller))),
                envelope(List.of(EventHubAuditRecord.render(registration))),
                envelope(List.of(EventHubRecord.render(primaryRefreshToken))));
    }

    private static List<SignInSpec> history() {
        List<SignInSpec> history = new ArrayList<>();
        Instant start = ATTACK_DAY.minus(Duration.ofDays(HISTORY_DAYS));
        for (int day = 0; day < HISTORY_DAYS; day += 3) {
            for (int p = 0; p < PEOPLE.size(); p++) {
                Person person = PEOPLE.get(p);
                Instant morning = start.plus(Duration.ofDays(day)).plus(Duration.ofMinutes(7 * p));
                String session = "hist-" + p + "-" + day;
                history.add(
                        signIn(person, "hist-" + p + "-" + day + "-a", morning).session(session, session));
                history.add(signIn(person, "hist-" + p + "-" + day + "-b", morning.plus(Duration.ofHours(3)))
                        .session(session, session)
                        .tokenRefresh());
            }
        }
        return history;
    }

    private static List<SignInSpec> attackMorning() {
        List<SignInSpec> morning = new ArrayList<>();
        Instant t = ATTACK_DAY;

        // Alice: her browser completes the attacker's device code twice (code entry, then MFA), the poller redeems
        String aliceSession = "0d4f6a2b-7c91-4e35-a8b0-1f2e3d4c5b6a";
        SignInSpec aliceBrowser = signIn(ALICE, "alice-browser-1", t.plusSeconds(14 * 60 + 2))
                .session(aliceSession, "c0a8e3f2-51d4-4c8e-9f6b-0d2c4b7e1a93")
                .deviceCode(true)
                .unknownDevice();
        morning.add(aliceBrowser);
        morning.add(aliceBrowser.copy("alice-browser-2", t.plusSeconds(14 * 60 + 20)));
        morning.add(aliceBrowser
                .copy("alice-poller-1", t.plusSeconds(14 * 60 + 31))
                .tokenRefresh()
                .deviceCode(false)
                .network("198.51.100.77", 14061, "NL", "Amsterdam")
                .userAgent("python-requests/2.31.0")
                .unknownDevice());

        // Dave: both sides logged with the poller's IP; the clients differ
        String daveSession = "6e1f0a9b-2c3d-4e5f-8a7b-9c0d1e2f3a4b";
        SignInSpec daveBrowser = signIn(DAVE, "dave-browser-1", t.plusSeconds(41 * 60 + 5))
                .session(daveSession, "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d")
                .deviceCode(true)
                .network("198.51.100.80", 14061, "NL", "Amsterdam")
                .unknownDevice();
        morning.add(daveBrowser);
        morning.add(daveBrowser
                .copy("dave-poller-1", t.plusSeconds(41 * 60 + 40))
                .tokenRefresh()
                .deviceCode(false)
                .userAgent("axios/1.6.8"));

        // Bob: Azure CLI's own device-code login, from the office, browser and CLI side by side
        String bobSession = "7f2a1b0c-3d4e-4f5a-9b8c-0d1e2f3a4b5c";
        SignInSpec bobBrowser = signIn(BOB, "bob-browser-1", t.plusSeconds(52 * 60 + 12))
                .session(bobSession, "8b9c0d1e-2f3a-4b4c-9d5e-6f7a8b9c0d1e")
                .deviceCode(true)
                .app(SignInSpec.AZURE_CLI_APP, "Microsoft Azure CLI");
        morning.add(bobBrowser);
        morning.add(bobBrowser
                .copy("bob-cli-1", t.plusSeconds(52 * 60 + 25))
                .tokenRefresh()
                .deviceCode(false)
                .userAgent("AZURECLI/2.61.0 (MSI) azsdk-python-core/1.28.0 Python/3.11.8 (Windows-10-10.0.22631-SP0)"));

        // Carol: a meeting-room device, completed on her phone in a hotel
        morning.add(signIn(CAROL, "carol-room-1", t.plus(Duration.ofMinutes(75)))
                .session("8c3b2a1d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "carol-room-1")
                .deviceCode(true)
                .network("80.187.110.32", 6805, "DE", "Stuttgart")
                .app("1fec8e78-bce4-4aaf-ab1b-5451cc387264", "Microsoft Teams"));

        // the rest of the morning: ordinary sign-ins that move the watermark on
        for (int p = 0; p < PEOPLE.size(); p++) {
            Person person = PEOPLE.get(p);
            morning.add(signIn(person, "morning-" + p, t.plus(Duration.ofMinutes(100 + 10 * p)))
                    .session("morning-" + p, "morning-" + p));
        }
        return morning;
    }

    private static SignInSpec afternoon() {
        return signIn(BOB, "afternoon-1", ERIN_PHISHED.plus(Duration.ofHours(1)))
                .session("afternoon-1", "afternoon-1");
    }

    private static SignInSpec erinsLateRefresh() {
        return signIn(ERIN, "erin-late-1", ATTACK_DAY.plus(Duration.ofMinutes(30)))
                .session("erin-late", "erin-late")
                .tokenRefresh();
    }

    private static SignInSpec signIn(Person person, String id, Instant time) {
        return new SignInSpec(id, time)
                .user(TENANT, person.id, person.upn, person.name)
                .network(person.ip, person.asn, person.country, person.city);
    }

    private static String envelope(List<String> records) {
        return "{\"records\":[" + String.join(",", records) + "]}";
    }

    private static int indexOf(List<String> lines, String signInId) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("\"id\":\"" + signInId + "\"")) return i;
        }
        throw new IllegalStateException(signInId + " is not in the demo");
    }
}
