package org.dcwatch.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.dcwatch.job.cli.Dcwatch;
import org.dcwatch.job.generate.ScenarioLabel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The peer's SQL does each seed's detection, not only runs: on labelled sign-ins from the job's own generator (every
 * scenario kind twice, one record a line), each seed's query names every user whose scenario the labels say its rule
 * fires on, and, where the seed alerts, no user that no scenario touched (ordinary traffic is benign by construction).
 */
class SqlPeerTest {

    @TempDir
    static Path temp;

    static List<ScenarioLabel> labels;
    static PeerRun run;
    static long auditRecords;

    @BeforeAll
    static void generateAndRun() throws Exception {
        Path input = temp.resolve("signins.jsonl");
        Path labelFile = temp.resolve("labels.jsonl");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new Dcwatch(
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .execute(
                        "generate",
                        "--records",
                        "20000",
                        "--users",
                        "200",
                        "--days",
                        "14",
                        "--seed",
                        "7",
                        "--scenarios",
                        "all=2",
                        "--format",
                        "eventhub-lines",
                        "--labels",
                        labelFile.toString(),
                        "--out",
                        input.toString());
        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
        labels = ScenarioLabel.read(labelFile);
        try (var lines = Files.lines(input)) {
            auditRecords = lines.filter(line -> line.contains("\"category\":\"AuditLogs\""))
                    .count();
        }
        run = SqlPeer.run(input);
    }

    @Test
    void readsEverySignInOfTheFile() {
        // the file's other records are the device-registration scenarios' audit records, which no seed reads
        assertEquals(20_000 - auditRecords, run.signIns());
        assertEquals(Seed.values().length, run.seeds().size());
    }

    @Test
    void sessionMultiSourceFindsEveryUserItsRuleFiresOn() {
        assertFindsTheLabelledUsersAndNoOthers(Seed.SESSION_MULTI_SOURCE);
    }

    @Test
    void concurrentInteractiveNonInteractiveFindsEveryUserItsRuleFiresOn() {
        assertFindsTheLabelledUsersAndNoOthers(Seed.CONCURRENT_INTERACTIVE_NONINTERACTIVE);
    }

    @Test
    void unseenAsnFindsEveryUserItsRuleFiresOn() {
        assertFindsTheLabelledUsersAndNoOthers(Seed.UNSEEN_ASN);
    }

    @Test
    void visibilityListsEveryUserItsRuleRaisesAndTheOrdinaryDeviceCodeSignInsToo() {
        SeedResult visibility = run.seed(Seed.DEVICE_CODE_VISIBILITY);
        Set<String> expected = usersItsRuleFiresOn(Seed.DEVICE_CODE_VISIBILITY);
        assertTrue(expected.size() >= 8, "the labels name the users visibility raises: " + expected);
        assertMissingNone(expected, visibility);
        // the hunt lists every device-code sign-in, the ordinary traffic's 1% too, not only the scenarios'
        assertTrue(
                visibility.users().size() > labelledUsers().size(),
                visibility.users().size() + " users listed");
        assertTrue(visibility.rows() > 150, visibility.rows() + " sign-ins listed");
    }

    private static void assertFindsTheLabelledUsersAndNoOthers(Seed seed) {
        SeedResult result = run.seed(seed);
        Set<String> expected = usersItsRuleFiresOn(seed);
        assertTrue(expected.size() >= 8, "the labels name the users " + seed.rule() + " fires on: " + expected);
        assertMissingNone(expected, result);
        Set<String> unlabelled = new TreeSet<>(result.users());
        unlabelled.removeAll(labelledUsers());
        assertEquals(Set.of(), unlabelled, seed.rule() + " reports users of ordinary traffic");
    }

    private static void assertMissingNone(Set<String> expected, SeedResult result) {
        Set<String> missed = new TreeSet<>(expected);
        missed.removeAll(result.users());
        assertEquals(Set.of(), missed, result.seed().rule() + " misses users the labels say it fires on");
    }

    private static Set<String> usersItsRuleFiresOn(Seed seed) {
        return labels.stream()
                .filter(label -> label.shouldFire().contains(seed.rule()))
                .map(ScenarioLabel::userId)
                .collect(Collectors.toSet());
    }

    private static Set<String> labelledUsers() {
        return labels.stream().map(ScenarioLabel::userId).collect(Collectors.toSet());
    }
}
