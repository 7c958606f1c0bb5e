package org.dcwatch.job.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.dcwatch.udfs.rules.RuleCatalogue;

/**
 * What the flood benchmark measured ({@link FloodRun}), as text for a person and as one JSON line: per shape and
 * flood size, the CPU the job spent on the flood, the state it checkpointed at most meanwhile, and the alerts it
 * raised; and per shape the growth of the CPU from one size to the next, beside the growth of the flood.
 *
 * @param startUpMillis the embedded Flink's start-up, excluded from every figure
 * @param cores the machine's available processors
 * @param timeoutSeconds a run still going after this long was cancelled: its figures are lower bounds
 * @param runs in the order they ran: shape by shape, smallest flood first
 * @param kafka the Kafka run, or null when it was not asked for
 */
public record FloodResult(long startUpMillis, int cores, long timeoutSeconds, List<Run> runs, Kafka kafka) {

    /** The session rules: the flood's own rules, whose alerts the shapes expect or forbid. */
    static final List<String> SESSION_RULES =
            List.of(RuleCatalogue.SESSION_MULTI_SOURCE, RuleCatalogue.CONCURRENT_INTERACTIVE_NONINTERACTIVE);

    public FloodResult {
        runs = List.copyOf(runs);
    }

    /**
     * One flood through the job.
     *
     * @param cpuMillis the JVM's CPU time over the job on the flood's file (all threads: tasks, Flink's own, GC, JIT)
     * @param wallMillis the same job's wall-clock time, submission to end
     * @param cut the job was cancelled at the timeout: CPU and wall time are lower bounds, the alerts incomplete
     * @param largestCheckpointBytes the largest checkpoint of the paced run of the same flood (hashmap backend: the
     *     whole state), -1 when none completed
     * @param largestStateBytesByTask per task (a chain of operators, by name), its largest state in those checkpoints
     * @param stateRunCut the paced run was cancelled at the timeout
     * @param alertDocuments per rule, the alert documents (first revisions and updates)
     * @param alertIds per rule, the distinct alerts
     */
    public record Run(
            FloodSignIns.Shape shape,
            int signIns,
            long cpuMillis,
            long wallMillis,
            boolean cut,
            long largestCheckpointBytes,
            Map<String, Long> largestStateBytesByTask,
            boolean stateRunCut,
            Map<String, Integer> alertDocuments,
            Map<String, Integer> alertIds) {

        public Run {
            largestStateBytesByTask = Map.copyOf(largestStateBytesByTask);
            alertDocuments = Map.copyOf(alertDocuments);
            alertIds = Map.copyOf(alertIds);
        }

        public double cpuSeconds() {
            return cpuMillis / 1000.0;
        }

        public double cpuMicrosPerSignIn() {
            return cpuMillis * 1000.0 / signIns;
        }

        /**
         * Whether the session rules said what the shape calls for: both alert on the two-source shape (a phishing
         * session, however flooded), neither on the one-source shape (one place is not two). A cut run says no.
         */
        public boolean expectedAlerts() {
            if (cut) return false;
            for (String rule : SESSION_RULES) {
                boolean alerted = alertIds.getOrDefault(rule, 0) > 0;
                if (alerted != (shape == FloodSignIns.Shape.TWO_SOURCES)) return false;
            }
            return true;
        }
    }

    /**
     * The Kafka run ({@link KafkaFloodRun}): another tenant's alert delays, alone and during a one-source flood.
     *
     * @param floodSignIns tenant A's flood
     * @param quietDelayMillis per rule, from tenant B's last sign-in of its session alone acknowledged by the broker to
     *     its first alert of the rule readable read_committed; -1: none within the timeout
     * @param floodDelayMillis the same for B's session produced in the middle of A's flood
     */
    public record Kafka(
            int floodSignIns,
            long checkpointIntervalMillis,
            long timeoutSeconds,
            Map<String, Long> quietDelayMillis,
            Map<String, Long> floodDelayMillis) {

        public Kafka {
            quietDelayMillis = Map.copyOf(quietDelayMillis);
            floodDelayMillis = Map.copyOf(floodDelayMillis);
        }

        /** The longest delay of the flooded session: until every rule's alert was readable; -1 if one never was. */
        public long floodDelayOfAllMillis() {
            return allOf(floodDelayMillis);
        }

        public long quietDelayOfAllMillis() {
            return allOf(quietDelayMillis);
        }

        private static long allOf(Map<String, Long> delays) {
            long max = 0;
            for (long delay : delays.values()) {
                if (delay < 0) return -1;
                max = Math.max(max, delay);
            }
            return max;
        }
    }

    public FloodResult withKafka(Kafka value) {
        return new FloodResult(startUpMillis, cores, timeoutSeconds, runs, value);
    }

    /** The growth of CPU from one flood of a shape to the next larger one, beside the growth of the flood. */
    public record Growth(
            FloodSignIns.Shape shape, int fromSignIns, int toSignIns, double cpuRatio, boolean lowerBound) {

        public double signInRatio() {
            return (double) toSignIns / fromSignIns;
        }
    }

    /** Each shape's consecutive sizes, smallest first. */
    public List<Growth> growth() {
        List<Growth> growth = new ArrayList<>();
        for (FloodSignIns.Shape shape : FloodSignIns.Shape.values()) {
            Run previous = null;
            for (Run run : runs) {
                if (run.shape() != shape) continue;
                if (previous != null) {
                    growth.add(new Growth(
                            shape,
                            previous.signIns(),
                            run.signIns(),
                            (double) run.cpuMillis() / Math.max(previous.cpuMillis(), 1),
                            run.cut()));
                }
                previous = run;
            }
        }
        return growth;
    }

    public String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", "flood");
        json.put("startUpMillis", startUpMillis);
        json.put("cores", cores);
        json.put("timeoutSeconds", timeoutSeconds);
        List<Map<String, Object>> runList = new ArrayList<>();
        for (Run run : runs) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("shape", run.shape().cliName());
            r.put("signIns", run.signIns());
            r.put("cpuSeconds", hundredths(run.cpuSeconds()));
            r.put("wallSeconds", hundredths(run.wallMillis() / 1000.0));
            r.put("cut", run.cut());
            r.put("cpuMicrosPerSignIn", Math.round(run.cpuMicrosPerSignIn()));
            r.put("largestCheckpointBytes", run.largestCheckpointBytes());
            r.put("largestStateBytesByTask", new TreeMap<>(run.largestStateBytesByTask()));
            r.put("stateRunCut", run.stateRunCut());
            r.put("alertDocuments", new TreeMap<>(run.alertDocuments()));
            r.put("alertIds", new TreeMap<>(run.alertIds()));
            r.put("expectedAlerts", run.expectedAlerts());
            runList.add(r);
        }
        json.put("runs", runList);
        List<Map<String, Object>> growthList = new ArrayList<>();
        for (Growth g : growth()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("shape", g.shape().cliName());
            r.put("from", g.fromSignIns());
            r.put("to", g.toSignIns());
            r.put("cpuRatio", hundredths(g.cpuRatio()));
            r.put("signInRatio", hundredths(g.signInRatio()));
            r.put("lowerBound", g.lowerBound());
            growthList.add(r);
        }
        json.put("growth", growthList);
        if (kafka != null) {
            Map<String, Object> k = new LinkedHashMap<>();
            k.put("floodSignIns", kafka.floodSignIns());
            k.put("checkpointIntervalMillis", kafka.checkpointIntervalMillis());
            k.put("timeoutSeconds", kafka.timeoutSeconds());
            k.put("quietDelayMillis", new TreeMap<>(kafka.quietDelayMillis()));
            k.put("floodDelayMillis", new TreeMap<>(kafka.floodDelayMillis()));
            k.put("quietDelayOfAllMillis", kafka.quietDelayOfAllMillis());
            k.put("floodDelayOfAllMillis", kafka.floodDelayOfAllMillis());
            json.put("kafka", k);
        }
        return ResultJson.write(json);
    }

    public String toText() {
        StringBuilder text = new StringBuilder();
        text.append(format(
                "embedded Flink start-up: %d ms (excluded below); %d cores available; runs cut at %d s%n",
                startUpMillis, cores, timeoutSeconds));
        if (!runs.isEmpty())
            text.append(format(
                    "%-12s %8s %10s %9s %8s %14s  %-9s %s%n",
                    "shape",
                    "sign-ins",
                    "CPU s",
                    "wall s",
                    "µs/each",
                    "state bytes",
                    "expected",
                    "alerts (distinct/documents) per rule"));
        for (Run run : runs) {
            StringBuilder alerts = new StringBuilder();
            for (Map.Entry<String, Integer> rule : new TreeMap<>(run.alertIds()).entrySet()) {
                alerts.append(alerts.length() == 0 ? "" : ", ")
                        .append(rule.getKey())
                        .append(' ')
                        .append(rule.getValue())
                        .append('/')
                        .append(run.alertDocuments().getOrDefault(rule.getKey(), 0));
            }
            String bound = run.cut() ? "> " : "";
            text.append(format(
                    "%-12s %,8d %10s %9s %,8d %14s  %-9s %s%n",
                    run.shape().cliName(),
                    run.signIns(),
                    bound + format("%.1f", run.cpuSeconds()),
                    bound + format("%.1f", run.wallMillis() / 1000.0),
                    Math.round(run.cpuMicrosPerSignIn()),
                    run.largestCheckpointBytes() < 0
                            ? "none"
                            : (run.stateRunCut() ? "> " : "") + format("%,d", run.largestCheckpointBytes()),
                    run.expectedAlerts() ? "yes" : "NO",
                    alerts.length() == 0 ? "none" : alerts));
            StringBuilder tasks = new StringBuilder();
            new TreeMap<>(run.largestStateBytesByTask())
                    .forEach((task, bytes) -> tasks.append(tasks.length() == 0 ? "" : "; ")
                            .append(task.split(" -> ", 2)[0])
                            .append(format(" %,d", bytes)));
            if (tasks.length() > 0) {
                text.append("    state by task (first operator of each chain): ")
                        .append(tasks)
                        .append(format("%n"));
            }
        }
        for (Growth g : growth()) {
            text.append(format(
                    "CPU growth, %s, %,d -> %,d sign-ins (%.1fx): %s%.2fx%n",
                    g.shape().cliName(),
                    g.fromSignIns(),
                    g.toSignIns(),
                    g.signInRatio(),
                    g.lowerBound() ? "> " : "",
                    g.cpuRatio()));
        }
        if (kafka != null) {
            text.append(format(
                    "kafka: tenant B's alerts, from its last sign-in acknowledged to readable read_committed "
                            + "(checkpoints every %d ms):%n",
                    kafka.checkpointIntervalMillis()));
            text.append("  alone:                      ")
                    .append(delays(kafka.quietDelayMillis(), kafka.timeoutSeconds()))
                    .append(format("%n"));
            text.append(format("  during A's flood of %,6d: ", kafka.floodSignIns()))
                    .append(delays(kafka.floodDelayMillis(), kafka.timeoutSeconds()))
                    .append(format("%n"));
        }
        return text.toString();
    }

    private static String delays(Map<String, Long> delays, long timeoutSeconds) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(delays)
                .forEach((rule, millis) -> text.append(text.length() == 0 ? "" : ", ")
                        .append(rule)
                        .append(' ')
                        .append(millis < 0 ? "> " + timeoutSeconds + " s" : format("%.1f s", millis / 1000.0)));
        return text.toString();
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }

    private static double hundredths(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
