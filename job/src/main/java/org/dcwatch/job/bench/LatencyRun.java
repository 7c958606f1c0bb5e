package org.dcwatch.job.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.dcwatch.job.DetectionJob;
import org.dcwatch.job.config.JobSettings;
import org.dcwatch.job.generate.LabelledSignIns;
import org.dcwatch.job.generate.LoadSignIns;
import org.dcwatch.job.generate.MessageTarget;
import org.dcwatch.job.generate.ScenarioPlan;
import org.dcwatch.job.generate.SignInFormat;
import org.dcwatch.job.generate.SignInMessages;
import org.dcwatch.udfs.alert.Alert;
import org.dcwatch.udfs.alert.VisibilityRecord;
import org.dcwatch.udfs.event.SignInSummary;

/**
 * Phase 2: the job at a fixed offered load, checkpointing. Generated sign-ins with labelled phishing scenarios, timed
 * from now on at the offered rate, are emitted at that rate, so that event time and the watermark advance with the
 * wall clock; an alert's latency is from the arrival of its last evidence sign-in to the alert reaching the sink.
 * The out-of-orderness is short ({@link #OUT_OF_ORDERNESS}): with the production 5 minutes every latency would be
 * 5 minutes, since the rules fire when the watermark passes their evidence. Checkpoints every
 * {@link #CHECKPOINT_INTERVAL} on the hashmap backend give the state's size and the checkpoints' durations.
 */
public final class LatencyRun {

    static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(5);
    static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(5);
    /** Scenarios whose sign-ins arrive in time order within seconds (no late or re-published deliveries). */
    static final String SCENARIO_KINDS = "phishing,phishing-poller-ip,azure-cli";
    /** One user per this many records, so that every user has sign-ins (and state) in the run. */
    static final int RECORDS_PER_USER = 20;

    private static final long SEED = 2;
    private static final String ID_FIELD = "\"properties\":{\"id\":\"";

    private LatencyRun() {}

    public static BenchmarkResult.Latency measure(
            BenchCluster cluster, Path workDir, int perSecond, Duration duration, int scenariosPerKind)
            throws Exception {
        long records = (long) perSecond * duration.toSeconds();
        int users = (int) Math.max(100, records / RECORDS_PER_USER);
        Instant start = Instant.now();
        LabelledSignIns generator = new LabelledSignIns(
                new LoadSignIns(SEED, users, start, duration),
                records,
                start,
                duration,
                ScenarioPlan.parse(plan(scenariosPerKind), null),
                SEED);
        List<byte[]> messages = messages(generator);
        Map<String, Integer> messageOfSignIn = messageOfSignIn(messages);

        PacedMessages paced = new PacedMessages(messages);
        try {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(configuration(workDir));
            env.setParallelism(1);
            env.enableCheckpointing(CHECKPOINT_INTERVAL.toMillis());
            TimedSink<Alert> alerts = new TimedSink<>();
            TimedSink<VisibilityRecord> visibility = new TimedSink<>();
            JobSettings settings = JobSettings.defaults().withOutOfOrderness(OUT_OF_ORDERNESS);
            new DetectionJob(
                            settings,
                            paced.source(perSecond, settings),
                            null,
                            List.of(),
                            new DetectionJob.Outputs(alerts, visibility, null, null))
                    .build(env);
            BenchCluster.JobRun run = cluster.run(env);

            // A scenario placed near the end of the span has sign-ins after it (a phishing run lasts up to ~3 minutes):
            // they arrive last, and the end of the input's final watermark, not the traffic, fires their alerts at
            // once. Their latencies would flatter the rules, so they are counted apart.
            long fedByTrafficUntil = paced.lastArrivalMillis() - OUT_OF_ORDERNESS.toMillis();
            int firedByEndOfInput = 0;
            List<Long> latencies = new ArrayList<>();
            Map<String, List<Long>> latenciesByRule = new TreeMap<>();
            for (TimedSink.Arrival<Alert> alert : alerts.drain()) {
                long lastArrival = 0;
                for (SignInSummary evidence : alert.element().evidence()) {
                    Integer message = messageOfSignIn.get(evidence.id());
                    if (message != null) lastArrival = Math.max(lastArrival, paced.arrivalMillis(message));
                }
                if (lastArrival > fedByTrafficUntil) {
                    firedByEndOfInput++;
                } else if (lastArrival > 0) {
                    latencies.add(alert.wallClockMillis() - lastArrival);
                    latenciesByRule
                            .computeIfAbsent(alert.element().ruleId(), rule -> new ArrayList<>())
                            .add(alert.wallClockMillis() - lastArrival);
                }
            }
            List<Long> visibilityLatencies = new ArrayList<>();
            for (TimedSink.Arrival<VisibilityRecord> record : visibility.drain()) {
                Integer message = messageOfSignIn.get(record.element().signInId());
                if (message != null && paced.arrivalMillis(message) <= fedByTrafficUntil) {
                    visibilityLatencies.add(record.wallClockMillis() - paced.arrivalMillis(message));
                }
            }
            return new BenchmarkResult.Latency(
                    perSecond,
                    duration.toSeconds(),
                    records,
                    OUT_OF_ORDERNESS.toMillis(),
                    generator.labels().size(),
                    new Percentiles(latencies),
                    byRule(latenciesByRule),
                    firedByEndOfInput,
                    new Percentiles(visibilityLatencies),
                    run.processingMillis(),
                    users,
                    CHECKPOINT_INTERVAL.toMillis(),
                    run.checkpoints());
        } finally {
            paced.release();
        }
    }

    private static Map<String, Percentiles> byRule(Map<String, List<Long>> latencies) {
        Map<String, Percentiles> byRule = new TreeMap<>();
        latencies.forEach((rule, values) -> byRule.put(rule, new Percentiles(values)));
        return byRule;
    }

    private static String plan(int scenariosPerKind) {
        StringBuilder plan = new StringBuilder();
        for (String kind : SCENARIO_KINDS.split(",")) {
            plan.append(plan.isEmpty() ? "" : ",").append(kind).append('=').append(scenariosPerKind);
        }
        return plan.toString();
    }

    /** Checkpoints on the heap backend, stored as files under the work directory. */
    private static Configuration configuration(Path workDir) {
        Configuration config = BenchCluster.jobConfiguration();
        config.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        config.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        String checkpoints =
                workDir.resolve("checkpoints").toAbsolutePath().toUri().toString();
        config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints);
        return config;
    }

    /** One Event Hub record a message, so that a message's arrival is its sign-in's. */
    private static List<byte[]> messages(LabelledSignIns generator) throws IOException {
        List<byte[]> messages = new ArrayList<>();
        MessageTarget target = new MessageTarget() {
            @Override
            public void send(CharSequence message, int records) {
                messages.add(message.toString().getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public void close() {}
        };
        try (SignInMessages out = new SignInMessages(SignInFormat.EVENTHUB_LINES, 1, target)) {
            generator.write(out);
        }
        return messages;
    }

    /** Sign-in id to the message that carries it; the generator writes the id first in the record's properties. */
    static Map<String, Integer> messageOfSignIn(List<byte[]> messages) {
        Map<String, Integer> index = new HashMap<>(messages.size() * 2);
        for (int i = 0; i < messages.size(); i++) {
            String text = new String(messages.get(i), StandardCharsets.UTF_8);
            int at = text.indexOf(ID_FIELD);
            if (at < 0) continue;
            int from = at + ID_FIELD.length();
            index.put(text.substring(from, text.indexOf('"', from)), i);
        }
        return index;
    }
}
