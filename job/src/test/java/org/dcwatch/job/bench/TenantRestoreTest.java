package org.dcwatch.job.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tenant benchmark's restore, small: 2,000 users' baselines on RocksDB survive a savepoint, and a restore from it
 * at parallelism 1 and rescaled to 2. Each probed user from an ASN of their history raises no unseen-asn alert, each
 * from a new ASN exactly one, and nothing else alerts.
 */
class TenantRestoreTest {

    private static final int USERS = 2_000;
    private static final int PROBES = 100;

    @TempDir
    Path work;

    @Test
    void baselinesSurviveASavepointAndARescaleFromOneToTwo() throws Exception {
        TenantResult result;
        try (BenchCluster cluster = new BenchCluster(2, TenantRun.clusterOptions())) {
            result = TenantRun.measure(
                    cluster,
                    work,
                    USERS,
                    PROBES,
                    List.of(1, 2),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        }

        assertThat(result.history().signIns()).isGreaterThan(2L * USERS);
        assertThat(result.savepoint().bytes()).isPositive();
        assertThat(result.restores())
                .extracting(TenantResult.Restore::parallelism)
                .containsExactly(1, 2);
        for (TenantResult.Restore restore : result.restores()) {
            assertThat(restore.knownAsnProbes()).isEqualTo(PROBES / 2 - 1);
            assertThat(restore.newAsnProbes()).isEqualTo(PROBES / 2 + 1);
            assertThat(restore.knownAsnAlerted()).as("known-ASN probes alerted").isZero();
            assertThat(restore.newAsnAlertedOnce())
                    .as("new-ASN probes alerted once")
                    .isEqualTo(PROBES / 2 + 1);
            assertThat(restore.otherAlerts()).as("other alerts").isZero();
            assertThat(restore.baselinesIntact()).isTrue();
        }
    }
}
