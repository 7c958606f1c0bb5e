package org.dcwatch.job.generate;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import org.dcwatch.job.generate.Population.User;
import org.dcwatch.job.generate.Scenario.Delivery;

/**
 * A generated run: the ordinary traffic of {@link LoadSignIns} with the planned scenarios injected, written in the
 * order a reader receives it, and the labels of the scenarios.
 *
 * <p>Exactly {@code records} records are written: the scenarios' sign-ins (their users' history, copies of re-published
 * records included) and audit records are counted in, and ordinary traffic fills the rest, evenly spread over the span. When there are
 * at most a tenth as many users as records, the run begins with one sign-in from home for every user, between three
 * and two days before the span: the job then has every user's home network in its baseline from the span's first
 * record on, and ordinary traffic has its 1% of device-code sign-ins from the start (see {@link LoadSignIns}) without
 * a day of {@code unseen-asn} alerts on empty baselines. Scenarios are
 * placed at evenly spaced, jittered moments of the span (keeping a margin at both ends), each for a different user, so
 * that no two scenarios share a user's baseline or suppression window. A record is written when it arrives: ordinary
 * records and most scenario records at their own time, late and re-published ones later. Scenario history may reach up
 * to 8 days before the span's start; it is then written first.
 *
 * <p>Deterministic: ordinary traffic and scenarios draw from two random streams of the seed, so the same seed and
 * settings give the same bytes, and the scenarios do not disturb the ordinary traffic's sequence of users and kinds.
 */
public final class LabelledSignIns {

    /** Salts the scenarios' random stream, so that it is independent of the ordinary traffic's. */
    private static final long SCENARIO_STREAM = 0x5CE7A210L;

    private static final Duration MAX_MARGIN = Duration.ofHours(2);
    /** The users' sign-ins before the span are written when there are at most 1/10 as many users as records. */
    private static final int PROLOGUE_SHARE = 10;

    private static final Duration PROLOGUE_START = Duration.ofDays(3);
    private static final Duration PROLOGUE_SPAN = Duration.ofDays(1);

    private final LoadSignIns traffic;
    private final long records;
    private final long startMillis;
    private final long spanMillis;
    private final List<Scenario> scenarios = new ArrayList<>();
    private final long ordinaryRecords;
    /** How many of the ordinary records are the users' sign-ins from home before the span. */
    private final int prologue;

    /**
     * @throws IllegalArgumentException when the scenarios need more users than there are, or more records than
     *     {@code records}
     */
    public LabelledSignIns(
            LoadSignIns traffic, long records, Instant start, Duration span, ScenarioPlan plan, long seed) {
        if (span.isNegative() || span.isZero()) throw new IllegalArgumentException("the span must be positive");
        this.traffic = traffic;
        this.records = records;
        this.startMillis = start.toEpochMilli();
        this.spanMillis = span.toMillis();

        SplittableRandom random = new SplittableRandom(Guids.mix(seed ^ SCENARIO_STREAM));
        List<ScenarioKind> kinds = plan.kinds(records, random);
        Population population = traffic.population();
        if (kinds.size() > population.size()) {
            throw new IllegalArgumentException(kinds.size() + " scenarios need as many distinct users; there are "
                    + population.size() + " (raise --users)");
        }
        ScenarioFactory factory = new ScenarioFactory(population, seed);
        Set<Integer> victims = new HashSet<>();
        long scenarioRecords = 0;
        for (int i = 0; i < kinds.size(); i++) {
            User user = population.user(distinctUser(random, population.size(), victims));
            Scenario scenario = factory.create(i + 1, kinds.get(i), user, placement(i, kinds.size(), random), random);
            scenarios.add(scenario);
            scenarioRecords += scenario.deliveries().size();
        }
        if (scenarioRecords > records) {
            throw new IllegalArgumentException(kinds.size() + " scenarios make " + scenarioRecords
                    + " records, more than the " + records + " asked for (raise --records or lower the attack rate)");
        }
        this.ordinaryRecords = records - scenarioRecords;
        this.prologue = population.size() <= ordinaryRecords / PROLOGUE_SHARE ? population.size() : 0;
    }

    public List<ScenarioLabel> labels() {
        return scenarios.stream().map(Scenario::label).toList();
    }

    public List<Scenario> scenarios() {
        return List.copyOf(scenarios);
    }

    /** How many records {@link #write} writes. */
    public long records() {
        return records;
    }

    /** Writes every record, in arrival order; the caller closes {@code out}. */
    public void write(SignInMessages out) throws IOException {
        PriorityQueue<Pending> pending = new PriorityQueue<>(
                Comparator.comparingLong(Pending::arrivalMillis).thenComparingLong(Pending::sequence));
        long sequence = 0;
        for (Scenario scenario : scenarios) {
            for (Delivery delivery : scenario.deliveries()) {
                pending.add(new Pending(delivery.arrivalMillis(), sequence++, delivery.record()));
            }
        }
        long prologueStart = startMillis - PROLOGUE_START.toMillis();
        for (int user = 0; user < prologue; user++) {
            long time = prologueStart + PROLOGUE_SPAN.toMillis() * user / prologue;
            flush(pending, time, out);
            out.add(traffic.lastSeenAtHome(user, Instant.ofEpochMilli(time)));
        }
        long inSpan = ordinaryRecords - prologue;
        for (long i = 0; i < inSpan; i++) {
            long time = startMillis + (long) ((double) spanMillis * i / inSpan);
            flush(pending, time, out);
            out.add(traffic.next(i, Instant.ofEpochMilli(time)));
        }
        while (!pending.isEmpty()) {
            out.add(pending.poll().record());
        }
    }

    /** Writes the scenario records that have arrived by {@code time}. */
    private static void flush(PriorityQueue<Pending> pending, long time, SignInMessages out) throws IOException {
        while (!pending.isEmpty() && pending.peek().arrivalMillis() <= time) {
            out.add(pending.poll().record());
        }
    }

    private record Pending(long arrivalMillis, long sequence, GeneratedRecord record) {}

    /**
     * Scenario {@code i} of {@code count}: in the i-th of {@code count} equal slots of the span (less a margin of up to
     * 2 hours at both ends, so that a scenario's own later sign-ins stay inside), at a random point of the slot's middle
     * half, to the second.
     */
    private Instant placement(int i, int count, SplittableRandom random) {
        long margin = Math.min(spanMillis / 20, MAX_MARGIN.toMillis());
        double slot = (double) (spanMillis - 2 * margin) / count;
        long at = startMillis + margin + (long) (slot * (i + 0.25 + 0.5 * random.nextDouble()));
        return Instant.ofEpochSecond(Math.floorDiv(at, 1000));
    }

    private static int distinctUser(SplittableRandom random, int users, Set<Integer> taken) {
        while (true) {
            int user = random.nextInt(users);
            if (taken.add(user)) return user;
        }
    }
}
