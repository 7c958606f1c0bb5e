package org.dcwatch.job.quality;

import static org.dcwatch.udfs.rules.RuleCatalogue.CONCURRENT_INTERACTIVE_NONINTERACTIVE;
import static org.dcwatch.udfs.rules.RuleCatalogue.DEVICE_CODE_BROKER_CLIENT;
import static org.dcwatch.udfs.rules.RuleCatalogue.DEVICE_CODE_DEVICE_REGISTRATION;
import static org.dcwatch.udfs.rules.RuleCatalogue.DEVICE_CODE_VISIBILITY;
import static org.dcwatch.udfs.rules.RuleCatalogue.DEVICE_REGISTRATION_PRT_USE;
import static org.dcwatch.udfs.rules.RuleCatalogue.SESSION_MULTI_SOURCE;
import static org.dcwatch.udfs.rules.RuleCatalogue.UNSEEN_ASN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.dcwatch.job.cli.ConsoleCapture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dcwatch quality} on the attacker's evasions alone, two runs of each kind: a flooded session, a browser-like
 * poller under Azure CLI's app id, and a python poller after an allowlisted Azure CLI login in the same session
 * (docs/quality.md). Each is run with the Azure CLI allowlist of docs/tuning.md ({@code testdata/demo/tuning.jsonl}) in
 * force, which two of them are made to slip past, and without any tuning: either way every rule must fire exactly
 * where the labels say, and nothing else may alert.
 *
 * <p>EXPECTED TO FAIL until the rules stop being starved, flooded or slipped past (they are fixed separately; this test
 * lands with the fixes). On the tree it was written on:
 *
 * <ul>
 *   <li>both tests: {@code session-multi-source} misses both {@code flooded-session} runs — a session keeps its 50
 *       newest sign-ins, so the poller's 55 or more token requests evict the victim's two deviceCode sign-ins before
 *       their timers fire, and no window qualifies;
 *   <li>both tests: it misses both {@code second-burst-after-allowlisted-login} runs — the detector counts the login's
 *       sign-ins as reported when its first alert leaves it, so the window that holds the python poller never alerts
 *       (with the allowlist the first alert is silenced and nothing at all is raised; without it the first alert shows
 *       the login only, which is a detection of no scenario);
 *   <li>with the allowlist: it misses both {@code browser-ua-poller-under-cli-allowlist} runs — the allowlist lets a
 *       current browser's user agent and an empty one pass its pattern check on every sign-in, the poller's too.
 * </ul>
 */
class EvasionQualityITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    static final String EVASIONS =
            "flooded-session=2,browser-ua-poller-under-cli-allowlist=2,second-burst-after-allowlisted-login=2";
    private static final Path DEMO_TUNING = Path.of("../testdata/demo/tuning.jsonl");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    static Path temp;

    static Path input;
    static Path labels;

    @BeforeAll
    static void generate() {
        input = temp.resolve("signins.jsonl");
        labels = temp.resolve("labels.jsonl");
        ConsoleCapture console = new ConsoleCapture();
        int exit = console.dcwatch(
                "generate",
                "--records",
                "5000",
                "--users",
                "100",
                "--days",
                "7",
                "--seed",
                "7",
                "--scenarios",
                EVASIONS,
                "--labels",
                labels.toString(),
                "--out",
                input.toString());
        assertEquals(0, exit, console.stderr());
    }

    @Test
    void theReadmesAzureCliAllowlistSilencesNoneOfTheEvasions() throws Exception {
        assertEveryRuleFiresWhereTheLabelsSay("--tuning", DEMO_TUNING.toString());
    }

    @Test
    void withoutTuningTheEvasionsAreCaughtToo() throws Exception {
        assertEveryRuleFiresWhereTheLabelsSay();
    }

    private static void assertEveryRuleFiresWhereTheLabelsSay(String... tuning) throws Exception {
        List<String> args =
                new ArrayList<>(List.of("quality", "--input", input.toString(), "--labels", labels.toString()));
        args.addAll(List.of(tuning));
        ConsoleCapture console = new ConsoleCapture();
        assertEquals(0, console.dcwatch(args.toArray(String[]::new)), console.stderr());
        String table = console.stdout();
        List<String> printed = table.lines().toList();
        JsonNode figures = MAPPER.readTree(printed.get(printed.size() - 1));

        assertEquals(6, figures.path("scenarios").asInt(), table);
        assertEquals(6, figures.path("malicious").asInt(), table);
        assertEquals(0, figures.path("deadLetters").asInt(), table);
        // hits per kind and rule, 2 runs of each kind: exactly the labels' shouldFire
        assertEquals(
                Map.of(
                        "flooded-session",
                                Map.of(
                                        SESSION_MULTI_SOURCE,
                                        2,
                                        CONCURRENT_INTERACTIVE_NONINTERACTIVE,
                                        2,
                                        DEVICE_CODE_VISIBILITY,
                                        2,
                                        UNSEEN_ASN,
                                        2,
                                        DEVICE_CODE_BROKER_CLIENT,
                                        0,
                                        DEVICE_CODE_DEVICE_REGISTRATION,
                                        0,
                                        DEVICE_REGISTRATION_PRT_USE,
                                        0),
                        "browser-ua-poller-under-cli-allowlist",
                                Map.of(
                                        SESSION_MULTI_SOURCE,
                                        2,
                                        CONCURRENT_INTERACTIVE_NONINTERACTIVE,
                                        2,
                                        DEVICE_CODE_VISIBILITY,
                                        0,
                                        UNSEEN_ASN,
                                        2,
                                        DEVICE_CODE_BROKER_CLIENT,
                                        0,
                                        DEVICE_CODE_DEVICE_REGISTRATION,
                                        0,
                                        DEVICE_REGISTRATION_PRT_USE,
                                        0),
                        "second-burst-after-allowlisted-login",
                                Map.of(
                                        SESSION_MULTI_SOURCE,
                                        2,
                                        CONCURRENT_INTERACTIVE_NONINTERACTIVE,
                                        0,
                                        DEVICE_CODE_VISIBILITY,
                                        2,
                                        UNSEEN_ASN,
                                        2,
                                        DEVICE_CODE_BROKER_CLIENT,
                                        0,
                                        DEVICE_CODE_DEVICE_REGISTRATION,
                                        0,
                                        DEVICE_REGISTRATION_PRT_USE,
                                        0)),
                hitsByKind(figures),
                table);
        assertEquals(0, figures.path("differences").size(), table);
        assertEquals(0, figures.path("unlabelledDetections").asInt(), "nothing alerts outside the evasions\n" + table);
        for (String rule : QualityReport.RULES) {
            JsonNode quality = figures.path("rules").path(rule);
            assertEquals(0, quality.path("fn").asInt(), rule + "\n" + table);
            assertEquals(0, quality.path("fp").asInt(), rule + "\n" + table);
            if (List.of(DEVICE_CODE_BROKER_CLIENT, DEVICE_CODE_DEVICE_REGISTRATION, DEVICE_REGISTRATION_PRT_USE)
                    .contains(rule)) {
                // no evasion asks for the broker client's app or registers a device: none is in these rules' reach,
                // so they have no recall
                assertTrue(quality.path("recall").isNull(), rule + "\n" + table);
            } else {
                assertEquals(1.0, quality.path("recall").asDouble(), rule + "\n" + table);
            }
        }
    }

    private static Map<String, Map<String, Integer>> hitsByKind(JsonNode figures) {
        Map<String, Map<String, Integer>> hits = new TreeMap<>();
        figures.path("kinds").fields().forEachRemaining(kind -> {
            Map<String, Integer> byRule = new TreeMap<>();
            kind.getValue()
                    .path("hits")
                    .fields()
                    .forEachRemaining(
                            rule -> byRule.put(rule.getKey(), rule.getValue().asInt()));
            hits.put(kind.getKey(), byRule);
        });
        return hits;
    }
}
