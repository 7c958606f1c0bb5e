package org.dcwatch.job.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.dcwatch.udfs.event.DeviceRegistrationEvent;
import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.event.SourceFormat;
import org.dcwatch.udfs.rules.RuleCatalogue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A whole generated run: bytes, counts, order and labels, read back through the job's parser. */
class LabelledSignInsTest {

    private static final ScenarioPlan EVERY_KIND_ONCE = GeneratedRun.scenarios("all=1");

    @ParameterizedTest
    @EnumSource(SignInFormat.class)
    void theSameSeedAndSettingsGiveTheSameBytes(SignInFormat format) {
        String first = GeneratedRun.of(3_000, 100, 10, 42, EVERY_KIND_ONCE, format).text;
        String second = GeneratedRun.of(3_000, 100, 10, 42, EVERY_KIND_ONCE, format).text;
        String otherSeed = GeneratedRun.of(3_000, 100, 10, 43, EVERY_KIND_ONCE, format).text;
        assertEquals(first, second);
        assertNotEquals(first, otherSeed);
    }

    @ParameterizedTest
    @EnumSource(SignInFormat.class)
    void everyRecordParsesAsASignInOfItsFormat(SignInFormat format) {
        GeneratedRun run = GeneratedRun.of(2_000, 100, 10, 7, EVERY_KIND_ONCE, format);
        assertEquals(List.of(), run.deadLetters);
        assertEquals(0, run.skippedAuditRecords);
        assertEquals(
                2_000,
                run.events.size() + run.registrations.size(),
                "exactly the records asked for, scenarios and their device registrations included");
        SourceFormat expected = format == SignInFormat.LOGANALYTICS ? SourceFormat.LOGANALYTICS : SourceFormat.EVENTHUB;
        assertTrue(run.events.stream().allMatch(event -> event.format() == expected));
        assertTrue(run.registrations.stream().allMatch(registration -> registration.format() == expected));
        assertEquals(format.envelopes() ? 200 : 2_000, run.lines.size(), "10 records an envelope, or one a line");
    }

    @ParameterizedTest
    @EnumSource(SignInFormat.class)
    void recordsHaveTheSizeOfRealOnes(SignInFormat format) {
        GeneratedRun run = GeneratedRun.of(2_000, 100, 10, 7, ScenarioPlan.NONE, format);
        long average = run.text.length() / run.events.size();
        assertTrue(average > 3_000 && average < 5_000, "average record size " + average);
    }

    @Test
    void onlyLateAndRepublishedScenarioRecordsArriveOutOfTimeOrder() {
        GeneratedRun run =
                GeneratedRun.of(5_000, 200, 14, 3, GeneratedRun.scenarios("all=2"), SignInFormat.EVENTHUB_LINES);
        Set<String> delayed = run.labels().stream()
                .filter(label -> label.kind().contains("delivery"))
                .flatMap(label -> label.signInIds().stream())
                .collect(Collectors.toSet());
        long newest = Long.MIN_VALUE;
        Set<String> seen = new HashSet<>();
        for (SignInEvent event : run.events) {
            boolean republished = !seen.add(event.id());
            if (event.eventTime() < newest || republished) {
                assertTrue(
                        delayed.contains(event.id()),
                        event.id() + " arrived out of order but is not a delivery scenario's");
            }
            newest = Math.max(newest, event.eventTime());
        }
    }

    @Test
    void everyLabelNamesSignInsOfItsUserThatAreInTheData() {
        GeneratedRun run = GeneratedRun.of(5_000, 200, 14, 5, GeneratedRun.scenarios("all=2"), SignInFormat.EVENTHUB);
        Map<String, SignInEvent> byId = run.events.stream()
                .collect(Collectors.toMap(SignInEvent::id, Function.identity(), (first, copy) -> first));
        Map<String, DeviceRegistrationEvent> registrations =
                run.registrations.stream().collect(Collectors.toMap(DeviceRegistrationEvent::id, Function.identity()));
        assertEquals(ScenarioKind.values().length * 2, run.labels().size());
        for (ScenarioLabel label : run.labels()) {
            assertTrue(!label.signInIds().isEmpty(), label.scenarioId());
            for (String id : label.signInIds()) {
                DeviceRegistrationEvent registration = registrations.get(id);
                if (registration != null) {
                    // the registration kinds' audit records: of the label's tenant, and of its user's registration
                    assertEquals(label.tenantId(), registration.tenantId());
                    if (registration.initiatedByUserId() != null) {
                        assertEquals(label.userId(), registration.initiatedByUserId(), label.scenarioId());
                    }
                    continue;
                }
                SignInEvent signIn = byId.get(id);
                assertTrue(signIn != null, label.scenarioId() + ": " + id + " is not in the data");
                assertEquals(label.tenantId(), signIn.tenantId());
                assertEquals(label.userId(), signIn.userId());
                if (!SignInSpec.PRIMARY_REFRESH_TOKEN.equals(signIn.incomingTokenType())) {
                    // a Primary Refresh Token starts a session of its own device
                    assertEquals(label.sessionId(), signIn.sessionId());
                }
            }
            // a phishing run to the broker client's app adds the broker rule to its kind's
            List<String> kindShouldFire = ScenarioKind.byId(label.kind()).shouldFire();
            List<String> beyondKind = label.shouldFire().stream()
                    .filter(rule -> !kindShouldFire.contains(rule))
                    .toList();
            assertTrue(label.shouldFire().containsAll(kindShouldFire), label.scenarioId());
            assertTrue(
                    beyondKind.isEmpty() || beyondKind.equals(List.of(RuleCatalogue.DEVICE_CODE_BROKER_CLIENT)),
                    label.scenarioId() + ": " + beyondKind);
            assertEquals(ScenarioKind.byId(label.kind()).malicious(), label.malicious());
        }
    }

    @Test
    void theEvasionScenariosGetTheSameLabelsEveryRunAndNameTheRulesThatMustCatchThem() {
        ScenarioPlan evasions = GeneratedRun.scenarios(
                "flooded-session=2,browser-ua-poller-under-cli-allowlist=2,second-burst-after-allowlisted-login=2");
        List<ScenarioLabel> labels = GeneratedRun.of(5_000, 200, 14, 7, evasions, SignInFormat.EVENTHUB)
                .labels();
        List<String> first = labels.stream().map(ScenarioLabel::toJson).toList();
        List<String> second = GeneratedRun.of(5_000, 200, 14, 7, evasions, SignInFormat.EVENTHUB).labels().stream()
                .map(ScenarioLabel::toJson)
                .toList();
        assertEquals(first, second);
        assertNotEquals(
                first,
                GeneratedRun.of(5_000, 200, 14, 8, evasions, SignInFormat.EVENTHUB).labels().stream()
                        .map(ScenarioLabel::toJson)
                        .toList());

        assertEquals(6, labels.size());
        assertTrue(labels.stream().allMatch(ScenarioLabel::malicious));
        Map<String, List<String>> shouldFire =
                labels.stream().collect(Collectors.toMap(ScenarioLabel::kind, ScenarioLabel::shouldFire, (a, b) -> a));
        assertEquals(
                Map.of(
                        "flooded-session",
                                List.of(
                                        "session-multi-source",
                                        "concurrent-interactive-noninteractive",
                                        "device-code-visibility",
                                        "unseen-asn"),
                        "browser-ua-poller-under-cli-allowlist",
                                List.of("session-multi-source", "concurrent-interactive-noninteractive", "unseen-asn"),
                        "second-burst-after-allowlisted-login",
                                List.of("session-multi-source", "device-code-visibility", "unseen-asn")),
                shouldFire);
    }

    @Test
    void spreadsScenariosOverTheSpanEachWithItsOwnUser() {
        LabelledSignIns generator = GeneratedRun.generator(20_000, 500, 30, 9, GeneratedRun.scenarios("all=4"));
        List<ScenarioLabel> labels = generator.labels();
        Instant start = GeneratedRun.END.minus(Duration.ofDays(30));
        assertEquals(
                labels.size(),
                labels.stream().map(ScenarioLabel::userId).distinct().count(),
                "one user a scenario");
        for (int week = 0; week < 4; week++) {
            Instant from = start.plus(Duration.ofDays(7L * week));
            Instant until = from.plus(Duration.ofDays(7));
            long inWeek = labels.stream()
                    .filter(l -> !l.time().isBefore(from) && l.time().isBefore(until))
                    .count();
            assertTrue(inWeek >= 8, "week " + week + " has " + inWeek + " of " + labels.size() + " scenarios");
        }
        assertTrue(labels.stream()
                .allMatch(l -> l.time().isAfter(start) && l.time().isBefore(GeneratedRun.END)));
        List<Instant> times = labels.stream().map(ScenarioLabel::time).toList();
        assertEquals(times.stream().sorted().toList(), times, "numbered in time order");
    }

    @Test
    void drawsScenariosAtTheAttackRate() {
        LabelledSignIns generator =
                GeneratedRun.generator(200_000, 5_000, 10, 1, ScenarioPlan.parse("phishing,azure-cli", 15.0));
        List<ScenarioLabel> labels = generator.labels();
        assertEquals(30, labels.size(), "15 per 100000 records");
        assertEquals(
                Set.of("phishing", "azure-cli"),
                labels.stream().map(ScenarioLabel::kind).collect(Collectors.toSet()));
    }

    @Test
    void refusesScenariosThatDoNotFitTheRecordsOrTheUsers() {
        IllegalArgumentException records = assertThrows(
                IllegalArgumentException.class,
                () -> GeneratedRun.generator(100, 100, 1, 1, GeneratedRun.scenarios("phishing=10")));
        assertTrue(records.getMessage().contains("more than the 100 asked for"), records.getMessage());
        IllegalArgumentException users = assertThrows(
                IllegalArgumentException.class,
                () -> GeneratedRun.generator(10_000, 3, 1, 1, GeneratedRun.scenarios("phishing=4")));
        assertTrue(users.getMessage().contains("raise --users"), users.getMessage());
    }

    @Test
    void startsWithEveryUsersHomeSignInDaysBeforeTheSpan() {
        GeneratedRun run = GeneratedRun.of(2_000, 100, 1, 4, ScenarioPlan.NONE, SignInFormat.EVENTHUB_LINES);
        long spanStart = GeneratedRun.END.minus(Duration.ofDays(1)).toEpochMilli();
        List<SignInEvent> before = run.events.stream()
                .filter(event -> event.eventTime() < spanStart)
                .toList();
        assertEquals(100, before.size());
        assertEquals(100, before.stream().map(SignInEvent::userId).distinct().count());
        assertTrue(before.stream()
                .allMatch(event ->
                        event.eventTime() <= spanStart - Duration.ofDays(2).toMillis()
                                && event.isSuccess()
                                && Networks.HOME.stream().anyMatch(home -> home.asn() == event.asn())));
    }
}
