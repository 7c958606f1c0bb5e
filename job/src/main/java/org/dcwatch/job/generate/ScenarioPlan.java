package org.dcwatch.job.generate;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Which scenarios a run injects, from {@code --scenarios} and {@code --attack-rate}:
 *
 * <ul>
 *   <li>{@code kind=N} injects exactly N scenarios of the kind ({@code all=N}: N of every kind);
 *   <li>{@code --attack-rate R} injects R scenarios per 100,000 records, each of a kind drawn at random from the kinds
 *       named without a count ({@code --scenarios phishing,azure-cli}), or from every kind when none is named.
 * </ul>
 *
 * Both may be combined. The scenarios are then shuffled, so that every kind is spread over the time span.
 */
public final class ScenarioPlan {

    public static final ScenarioPlan NONE = new ScenarioPlan(new EnumMap<>(ScenarioKind.class), List.of(), 0);

    private static final String ALL = "all";

    private final Map<ScenarioKind, Integer> counts;
    private final List<ScenarioKind> drawnKinds;
    private final double perHundredThousand;

    private ScenarioPlan(Map<ScenarioKind, Integer> counts, List<ScenarioKind> drawnKinds, double perHundredThousand) {
        this.counts = counts;
        this.drawnKinds = List.copyOf(drawnKinds);
        this.perHundredThousand = perHundredThousand;
    }

    /**
     * @param scenarios the {@code --scenarios} list, or null
     * @param attackRate scenarios per 100,000 records, or null
     * @throws IllegalArgumentException with a message for the user when the two do not make a plan
     */
    public static ScenarioPlan parse(String scenarios, Double attackRate) {
        Map<ScenarioKind, Integer> counts = new EnumMap<>(ScenarioKind.class);
        Set<ScenarioKind> drawn = new LinkedHashSet<>();
        if (scenarios != null) {
            for (String item : scenarios.split(",")) {
                String entry = item.strip();
                if (entry.isEmpty()) continue;
                int equals = entry.indexOf('=');
                String name = equals < 0 ? entry : entry.substring(0, equals).strip();
                List<ScenarioKind> kinds =
                        name.equals(ALL) ? List.of(ScenarioKind.values()) : List.of(ScenarioKind.byId(name));
                if (equals < 0) {
                    drawn.addAll(kinds);
                } else {
                    int count = count(entry.substring(equals + 1).strip(), entry);
                    kinds.forEach(kind -> counts.merge(kind, count, Integer::sum));
                }
            }
        }
        if (attackRate != null && (attackRate < 0 || attackRate.isNaN() || attackRate.isInfinite())) {
            throw new IllegalArgumentException(
                    "the attack rate must be a number of scenarios per 100000 records, 0 or more");
        }
        if (!drawn.isEmpty() && attackRate == null) {
            throw new IllegalArgumentException(
                    "scenarios without a count (" + drawn.iterator().next().id()
                            + ") are drawn at the attack rate: give --attack-rate, or a count such as "
                            + drawn.iterator().next().id() + "=3");
        }
        List<ScenarioKind> pool = drawn.isEmpty() ? List.of(ScenarioKind.values()) : new ArrayList<>(drawn);
        return new ScenarioPlan(counts, pool, attackRate == null ? 0 : attackRate);
    }

    /** The kinds of a run of {@code records} records, in the order they happen. */
    List<ScenarioKind> kinds(long records, SplittableRandom random) {
        List<ScenarioKind> kinds = new ArrayList<>();
        counts.forEach((kind, count) -> {
            for (int i = 0; i < count; i++) kinds.add(kind);
        });
        long drawn = Math.round(records * perHundredThousand / 100_000);
        for (long i = 0; i < drawn; i++) {
            kinds.add(drawnKinds.get(random.nextInt(drawnKinds.size())));
        }
        for (int i = kinds.size() - 1; i > 0; i--) {
            int other = random.nextInt(i + 1);
            kinds.set(other, kinds.set(i, kinds.get(other)));
        }
        return kinds;
    }

    private static int count(String text, String entry) {
        try {
            int count = Integer.parseInt(text);
            if (count < 0) throw new NumberFormatException();
            return count;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + entry + "': the count after = must be a whole number, 0 or more");
        }
    }
}
