package org.dcwatch.job.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ScenarioPlanTest {

    private static Map<ScenarioKind, Long> counts(ScenarioPlan plan, long records) {
        return plan.kinds(records, new SplittableRandom(1)).stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    @Test
    void injectsExactCountsOfNamedKinds() {
        assertEquals(
                Map.of(ScenarioKind.PHISHING, 3L, ScenarioKind.AZURE_CLI, 1L),
                counts(ScenarioPlan.parse("phishing=3, azure-cli=1", null), 1_000_000));
        Map<ScenarioKind, Long> all = counts(ScenarioPlan.parse("all=2", null), 10);
        assertEquals(ScenarioKind.values().length, all.size());
        assertTrue(all.values().stream().allMatch(n -> n == 2));
    }

    @Test
    void drawsAtTheAttackRateFromTheNamedKindsOrFromAll() {
        assertEquals(Map.of(ScenarioKind.TRAVEL, 25L), counts(ScenarioPlan.parse("travel", 2.5), 1_000_000));
        assertEquals(
                25,
                ScenarioPlan.parse(null, 2.5)
                        .kinds(1_000_000, new SplittableRandom(1))
                        .size());
        assertEquals(List.of(), ScenarioPlan.NONE.kinds(1_000_000, new SplittableRandom(1)));
        assertEquals(
                13,
                ScenarioPlan.parse("vscode=3", 1.0)
                        .kinds(1_000_000, new SplittableRandom(1))
                        .size(),
                "counts and the rate add up");
    }

    @Test
    void refusesWhatItCannotPlan() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ScenarioPlan.parse("phishing", null))
                .getMessage()
                .contains("give --attack-rate"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ScenarioPlan.parse("phishnig=1", null))
                .getMessage()
                .contains("unknown scenario 'phishnig'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ScenarioPlan.parse("phishing=many", null))
                .getMessage()
                .contains("whole number"));
        assertThrows(IllegalArgumentException.class, () -> ScenarioPlan.parse(null, -1.0));
    }
}
