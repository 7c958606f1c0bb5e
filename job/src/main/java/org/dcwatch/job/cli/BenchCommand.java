package org.dcwatch.job.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.dcwatch.job.bench.BenchCluster;
import org.dcwatch.job.bench.BenchmarkResult;
import org.dcwatch.job.bench.FloodResult;
import org.dcwatch.job.bench.FloodRun;
import org.dcwatch.job.bench.FloodSignIns;
import org.dcwatch.job.bench.KafkaFloodRun;
import org.dcwatch.job.bench.LatencyRun;
import org.dcwatch.job.bench.TenantResult;
import org.dcwatch.job.bench.TenantRun;
import org.dcwatch.job.bench.ThroughputRun;

/**
 * {@code bench}: the end-to-end benchmark of the whole job on an embedded MiniCluster, in two bounded phases —
 * throughput on a generated file ({@link ThroughputRun}), then latency, state and checkpoints at a fixed offered load
 * ({@link LatencyRun}). Prints the figures as text, and as one JSON line that it also appends to a results file.
 * With {@code --flood}, instead of both phases, the flood benchmark of one session ({@link FloodRun}); with
 * {@code --tenant-users}, the tenant benchmark on RocksDB: history, savepoint, restores ({@link TenantRun}).
 */
public final class BenchCommand {

    public static final String USAGE = """
            Usage: dcwatch bench [--records N] [--warm-up-records N] [--throughput-runs N] [--parallelism N]
                                 [--rate N] [--duration D] [--scenarios-per-kind N] [--work DIR] [--results FILE]
                                 [--skip-throughput] [--skip-latency]
                   dcwatch bench --tenant-users N [--tenant-probes N] [--work DIR] [--results FILE]
                   dcwatch bench [--flood N[,N...]] [--flood-shapes SHAPES] [--flood-timeout D]
                                 [--flood-kafka N [--kafka-lib DIR]] [--work DIR] [--results FILE]

            The end-to-end benchmark of the job on an embedded Flink (127.0.0.1 only). Phase 1, throughput: the bounded
            job on N generated records of Event Hub envelopes (generated once into DIR and reused), timed from the first
            task running to the last one finished, after unmeasured warm-up runs (a streaming job runs compiled code;
            a cold run spends much of its CPU in the JIT compiler: see BENCHMARKS.md). Phase 2, latency and state:
            generated sign-ins with labelled phishing scenarios, timed from now, emitted at a fixed rate for a fixed
            duration with a 5 s out-of-orderness and checkpoints every 5 s (hashmap backend): arrival-to-alert p50
            and p99, state bytes per user, checkpoint sizes and durations.

              --records N              phase 1 records (default 300000)
              --warm-up-records N      phase 1 warm-up first: the job on a file of 200000 records, again and again
                                       until N records are done, unmeasured (default 2000000; 0: cold)
              --throughput-runs N      phase 1 measured runs after the warm-up; the median is reported, each run
                                       beside it (default 3: on a shared machine runs differ by 20% and more)
              --parallelism N          phase 1 parallelism (default 1, as 'run' on files)
              --rate N                 phase 2 offered records a second (default 2000)
              --duration D             phase 2 duration (default 60s, at most 5m)
              --scenarios-per-kind N   phase 2 scenarios of each kind: phishing, phishing-poller-ip, azure-cli (default 8)
              --work DIR               generated input and checkpoints (default target/bench)
              --results FILE           the JSON line is appended here (default DIR/results.jsonl)
              --skip-throughput        phase 2 only
              --skip-latency           phase 1 only

            The flood benchmark (--flood, instead of both phases): one session of one user with N device-code sign-ins
            within 9 minutes of event time, for each N given, in two shapes: one-source (one IP and one user agent, a
            poller) and two-sources (the victim's browser, then a poller's token uses from a hosting IP: the session
            rules must alert). For each: the job's CPU seconds on the flood's file (generated once into DIR), the
            largest checkpoint of a paced run of it (the state it keeps), the alerts per rule; and how CPU grows from
            one N to the next.

              --flood N[,N...]         the flood sizes, e.g. 2000,6000,20000 (each at least 3)
              --flood-shapes SHAPES    one-source, two-sources or both, comma-separated (default both)
              --flood-timeout D        a run still going after D is cancelled and reported as a lower bound, and the
                                       larger floods of its shape are not run (default 10m)
              --flood-kafka N          also (or, without --flood, only) the Kafka run: a broker (--kafka-lib) on
                                       127.0.0.1, the job with exactly-once alerts; another tenant's small phishing
                                       session alone, then in the middle of a one-source flood of N: the time from
                                       its last sign-in produced to each of its alerts readable read_committed
              --kafka-lib DIR          the broker's jars (default deploy/local/target/kafka, which mvn package fills)

            The tenant benchmark (--tenant-users, instead of both phases): one tenant of N users with 30 days of
            baseline history (a few sign-ins a user from one or two ASNs, generated once into DIR/tenant-N and reused)
            through the job on RocksDB with incremental checkpoints every 10 s, as deploy/k8s configures it, with the
            manifest's TaskManager managed memory: throughput, checkpoint sizes and durations as the state grows, the
            memory with the whole history in state; then a savepoint, its size and the state bytes per user; then the
            job restored from it at parallelism 1 and at 2 (rescaled): the time to run again and to the first alert,
            and device-code probes of sampled users, from a known ASN (no unseen-asn alert) or a new one (one alert).
            Each run's checkpoints, savepoint and RocksDB files are under DIR/tenant-N/run, replaced by the next run.

              --tenant-users N         the tenant's users (at least 100)
              --tenant-probes N        users probed after each restore, half from a known ASN (default 1000)
            """;

    /** The flags of the two phases: none of them applies to the flood benchmark. */
    private static final Set<String> PHASE_FLAGS = Set.of(
            "records",
            "warm-up-records",
            "throughput-runs",
            "parallelism",
            "rate",
            "duration",
            "scenarios-per-kind",
            "skip-throughput",
            "skip-latency");

    private static final Set<String> FLOOD_FLAGS =
            Set.of("flood", "flood-shapes", "flood-timeout", "flood-kafka", "kafka-lib");
    private static final Set<String> TENANT_FLAGS = Set.of("tenant-users", "tenant-probes");
    private static final Set<String> VALUE_FLAGS = Set.of(
            "records",
            "warm-up-records",
            "throughput-runs",
            "parallelism",
            "rate",
            "duration",
            "scenarios-per-kind",
            "work",
            "results",
            "flood",
            "flood-shapes",
            "flood-timeout",
            "flood-kafka",
            "kafka-lib",
            "tenant-users",
            "tenant-probes");
    private static final Set<String> SWITCHES = Set.of("skip-throughput", "skip-latency");
    private static final int MAX_FLOOD = 10_000_000;
    private static final Duration DEFAULT_FLOOD_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration MAX_DURATION = Duration.ofMinutes(5);

    private final PrintStream out;

    public BenchCommand(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        System.exit(new BenchCommand(System.out).run(List.of(args)));
    }

    /** The flags of {@code bench}, both phases' and the flood's. */
    static CommandLine commandLine(List<String> args) {
        return CommandLine.parse(args, VALUE_FLAGS, SWITCHES);
    }

    public int run(List<String> args) throws Exception {
        CommandLine line = commandLine(args);
        if (line.has("tenant-users")) return runTenant(line);
        if (line.has("tenant-probes")) throw new UsageException("--tenant-probes needs --tenant-users");
        FloodOptions flood = FloodOptions.of(line);
        if (flood != null) return runFlood(line, flood);
        int records = line.intValue("records", 300_000, 1_000, Integer.MAX_VALUE);
        int warmUpRecords = line.intValue("warm-up-records", 2_000_000, 0, Integer.MAX_VALUE);
        int throughputRuns = line.intValue("throughput-runs", 3, 1, 100);
        int parallelism = line.intValue("parallelism", 1, 1, 64);
        int rate = line.intValue("rate", 2_000, 10, 1_000_000);
        Duration duration = line.duration("duration", Duration.ofSeconds(60));
        if (duration.compareTo(MAX_DURATION) > 0 || duration.toSeconds() < 5) {
            throw new UsageException("--duration: between 5s and " + MAX_DURATION.toMinutes() + "m");
        }
        int scenariosPerKind = line.intValue("scenarios-per-kind", 8, 1, 1_000);
        Path work = work(line);
        Path results = results(line, work);

        List<BenchmarkResult.Throughput> throughput = new ArrayList<>();
        Path input = null;
        Path warmUpInput = null;
        if (!line.has("skip-throughput")) {
            out.println("bench: generating or reusing " + records + " records in " + work);
            input = ThroughputRun.inputFile(work, records);
            if (warmUpRecords > 0) warmUpInput = ThroughputRun.inputFile(work, ThroughputRun.WARM_UP_FILE_RECORDS);
        }
        BenchmarkResult.Latency latency = null;
        long startUp;
        try (BenchCluster cluster = new BenchCluster(Math.max(2, parallelism))) {
            startUp = cluster.startUpMillis();
            if (input != null) {
                int warmUpFileRecords = ThroughputRun.WARM_UP_FILE_RECORDS;
                for (long done = 0; warmUpInput != null && done < warmUpRecords; done += warmUpFileRecords) {
                    out.println("bench: phase 1, warm-up run on " + warmUpInput);
                    ThroughputRun.measure(cluster, warmUpInput, warmUpFileRecords, parallelism, 0);
                }
                for (int run = 1; run <= throughputRuns; run++) {
                    out.println(
                            "bench: phase 1, throughput on " + input + " (run " + run + " of " + throughputRuns + ")");
                    throughput.add(ThroughputRun.measure(cluster, input, records, parallelism, warmUpRecords));
                }
            }
            if (!line.has("skip-latency")) {
                out.println("bench: phase 2, " + rate + " records/s for " + duration.toSeconds() + " s");
                latency = LatencyRun.measure(cluster, work, rate, duration, scenariosPerKind);
            }
        }
        BenchmarkResult result =
                new BenchmarkResult(startUp, Runtime.getRuntime().availableProcessors(), throughput, latency);
        report(result.toText(), result.toJson(), results);
        return org.dcwatch.job.cli.ExitCode.OK;
    }

    /**
     * What {@code --flood} and its flags ask for.
     *
     * @param sizes the file runs' floods; empty for the Kafka run alone
     * @param kafkaFlood the Kafka run's flood, 0 for none
     */
    record FloodOptions(
            List<Integer> sizes, List<FloodSignIns.Shape> shapes, Duration timeout, int kafkaFlood, Path kafkaLib) {

        static final Path DEFAULT_KAFKA_LIB = Path.of("deploy/local/target/kafka");

        /**
         * The flood benchmark's options, or null when neither {@code --flood} nor {@code --flood-kafka} is given (then
         * none of their flags may be).
         */
        static FloodOptions of(CommandLine line) {
            if (!line.has("flood") && !line.has("flood-kafka")) {
                for (String flag : FLOOD_FLAGS) {
                    if (line.has(flag)) throw new UsageException("--" + flag + " needs --flood or --flood-kafka");
                }
                return null;
            }
            for (String flag : PHASE_FLAGS) {
                if (line.has(flag))
                    throw new UsageException("--" + flag + " is a flag of the two phases, not of --flood");
            }
            Duration timeout = line.duration("flood-timeout", DEFAULT_FLOOD_TIMEOUT);
            if (timeout.toSeconds() < 1) throw new UsageException("--flood-timeout: at least 1s");
            if (line.has("kafka-lib") && !line.has("flood-kafka"))
                throw new UsageException("--kafka-lib needs --flood-kafka");
            if (line.has("flood-shapes") && !line.has("flood"))
                throw new UsageException("--flood-shapes needs --flood");
            return new FloodOptions(
                    line.has("flood") ? sizes(line.get("flood")) : List.of(),
                    shapes(line.has("flood-shapes") ? line.get("flood-shapes") : "one-source,two-sources"),
                    timeout,
                    line.intValue("flood-kafka", 0, FloodSignIns.MIN_COUNT, MAX_FLOOD),
                    line.has("kafka-lib") ? Path.of(line.get("kafka-lib")) : DEFAULT_KAFKA_LIB);
        }

        static List<Integer> sizes(String text) {
            List<Integer> sizes = new ArrayList<>();
            for (String part : text.split(",", -1)) {
                int size;
                try {
                    size = Integer.parseInt(part.strip());
                } catch (NumberFormatException e) {
                    size = -1;
                }
                if (size < FloodSignIns.MIN_COUNT || size > MAX_FLOOD) {
                    throw new UsageException("--flood: comma-separated whole numbers from " + FloodSignIns.MIN_COUNT
                            + " to " + MAX_FLOOD + ", was '" + text + "'");
                }
                if (sizes.contains(size)) throw new UsageException("--flood: " + size + " is given twice");
                sizes.add(size);
            }
            return List.copyOf(sizes);
        }

        static List<FloodSignIns.Shape> shapes(String text) {
            List<FloodSignIns.Shape> shapes = new ArrayList<>();
            for (String part : text.split(",", -1)) {
                FloodSignIns.Shape shape;
                try {
                    shape = FloodSignIns.Shape.byCliName(part.strip());
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--flood-shapes: " + e.getMessage());
                }
                if (shapes.contains(shape))
                    throw new UsageException("--flood-shapes: " + shape.cliName() + " is given twice");
                shapes.add(shape);
            }
            return List.copyOf(shapes);
        }
    }

    private int runFlood(CommandLine line, FloodOptions flood) throws Exception {
        Path work = work(line);
        Path results = results(line, work);
        FloodResult result;
        try (BenchCluster cluster = new BenchCluster(2)) {
            result = FloodRun.measure(cluster, work, flood.sizes(), flood.shapes(), flood.timeout(), out);
            if (flood.kafkaFlood() > 0) {
                result = result.withKafka(KafkaFloodRun.measure(
                        cluster, work, flood.kafkaLib(), flood.kafkaFlood(), flood.timeout(), out));
            }
        }
        report(result.toText(), result.toJson(), results);
        return org.dcwatch.job.cli.ExitCode.OK;
    }

    private int runTenant(CommandLine line) throws Exception {
        for (String flag : PHASE_FLAGS) {
            if (line.has(flag))
                throw new UsageException("--" + flag + " is a flag of the two phases, not of --tenant-users");
        }
        for (String flag : FLOOD_FLAGS) {
            if (line.has(flag)) throw new UsageException("--" + flag + " is a flag of --flood, not of --tenant-users");
        }
        int users = line.intValue("tenant-users", 0, 100, 100_000_000);
        int probes = line.intValue("tenant-probes", 1_000, 2, 100_000);
        Path work = work(line);
        Path results = results(line, work);
        TenantResult result;
        try (BenchCluster cluster = new BenchCluster(2, TenantRun.clusterOptions())) {
            result = TenantRun.measure(cluster, work, users, probes, List.of(1, 2), out);
        }
        report(result.toText(), result.toJson(), results);
        return org.dcwatch.job.cli.ExitCode.OK;
    }

    private static Path work(CommandLine line) {
        return Path.of(line.has("work") ? line.get("work") : "target/bench");
    }

    private static Path results(CommandLine line, Path work) {
        return line.has("results") ? Path.of(line.get("results")) : work.resolve("results.jsonl");
    }

    /** Prints the figures and their JSON line, and appends the line to the results file. */
    private void report(String text, String json, Path results) throws java.io.IOException {
        out.print(text);
        out.println(json);
        if (results.getParent() != null) Files.createDirectories(results.getParent());
        Files.writeString(
                results, json + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        out.println("bench: results appended to " + results);
    }
}
