package org.dcwatch.job;

import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The Flink options of a dcwatch job, in one place. Whoever builds a {@link DetectionJob} — {@code run} on files or on
 * Kafka, {@code quality}, {@code bench}, the tests — makes its environment from one of these, and
 * {@link DetectionJob#build} refuses an environment without them. A caller adds only what is its own: a Kafka run's
 * checkpoint interval, a benchmark's state backend.
 */
public final class JobConfiguration {

    /**
     * How often a run checkpoints when it is not told otherwise: checkpoints commit the output files of a file run
     * and the transactions of a Kafka run, so this is also how far behind its input what a run wrote may be.
     */
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

    private JobConfiguration() {}

    /**
     * What every dcwatch job needs. Generic types off: a record type without a serializer of its own fails the build
     * instead of falling back to Kryo, which is slow and breaks state compatibility when a class changes. Object reuse
     * on: every record type of the graph is immutable and no function keeps a reference to its input, so chained
     * operators can hand records on without copying them, which the hot path would otherwise pay per record. No
     * restart strategy and no checkpointing: a Kafka run takes Flink's or the cluster's.
     */
    public static Configuration defaults() {
        Configuration config = new Configuration();
        config.set(PipelineOptions.GENERIC_TYPES, false);
        config.set(PipelineOptions.OBJECT_REUSE, true);
        return config;
    }

    /** The {@link #defaults()}, and a failure ends the job: where a failure is a bug or a bad input, not a blip. */
    public static Configuration failFast() {
        Configuration config = defaults();
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return config;
    }

    /**
     * A bounded run on files, embedded, as {@code run --input} and {@code quality} make it: checkpoints commit the
     * output files, and a failure ends the run rather than retrying it silently.
     */
    public static Configuration failFast(Duration checkpointInterval) {
        Configuration config = failFast();
        config.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, checkpointInterval);
        return config;
    }

    /** Whether {@code env} holds the options of {@link #defaults()}. */
    static boolean holds(StreamExecutionEnvironment env) {
        return env.getConfig().isObjectReuseEnabled()
                && env.getConfig().getSerializerConfig().hasGenericTypesDisabled();
    }
}
