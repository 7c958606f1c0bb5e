package org.dcwatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.dcwatch.job.config.JobSettings;
import org.dcwatch.job.source.SignInFiles;
import org.dcwatch.udfs.alert.Alert;
import org.junit.jupiter.api.Test;

class JobConfigurationTest {

    /** No serializer of its own: Flink would treat it as a generic type and hand it to Kryo. */
    static final class Opaque {
        final String value;

        Opaque(String value) {
            this.value = value;
        }
    }

    @Test
    void aJobOfTheConfigurationRefusesGenericTypes() {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(JobConfiguration.defaults());
        UnsupportedOperationException refused = assertThrows(UnsupportedOperationException.class, () -> {
            env.fromData(new Opaque("a")).print();
            env.getStreamGraph();
        });
        assertTrue(refused.getMessage().contains("Generic types have been disabled"), refused.getMessage());
    }

    @Test
    void everyJobReusesObjectsAndHasNoGenericTypes() {
        for (Configuration config : List.of(
                JobConfiguration.defaults(),
                JobConfiguration.failFast(),
                JobConfiguration.failFast(Duration.ofSeconds(1)))) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
            assertTrue(env.getConfig().isObjectReuseEnabled());
            assertTrue(env.getConfig().getSerializerConfig().hasGenericTypesDisabled());
            assertTrue(JobConfiguration.holds(env));
        }
    }

    @Test
    void onlyAFailFastJobGoesWithoutRestartsAndOnlyAFileRunSetsCheckpoints() {
        assertFalse(JobConfiguration.defaults().contains(RestartStrategyOptions.RESTART_STRATEGY));
        assertFalse(JobConfiguration.defaults().contains(CheckpointingOptions.CHECKPOINTING_INTERVAL));
        assertEquals("none", JobConfiguration.failFast().get(RestartStrategyOptions.RESTART_STRATEGY));
        assertFalse(JobConfiguration.failFast().contains(CheckpointingOptions.CHECKPOINTING_INTERVAL));
        Configuration fileRun = JobConfiguration.failFast(Duration.ofSeconds(10));
        assertEquals("none", fileRun.get(RestartStrategyOptions.RESTART_STRATEGY));
        assertEquals(Duration.ofSeconds(10), fileRun.get(CheckpointingOptions.CHECKPOINTING_INTERVAL));
    }

    @Test
    void theJobIsNotBuiltOnAnEnvironmentWithoutTheConfiguration() {
        StreamExecutionEnvironment plain = StreamExecutionEnvironment.getExecutionEnvironment();
        assertFalse(JobConfiguration.holds(plain));
        DetectionJob job = new DetectionJob(
                JobSettings.defaults(),
                SignInFiles.source(DetectionJobITCase.DEMO, JobSettings.defaults()),
                null,
                List.of(),
                new DetectionJob.Outputs(new CollectingSink<Alert>(), null, null, null));
        assertThrows(IllegalStateException.class, () -> job.build(plain));
    }
}
