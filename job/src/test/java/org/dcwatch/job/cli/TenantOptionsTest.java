package org.dcwatch.job.cli;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code bench --tenant-users}: its flags are its own, and no other mode's apply to it. */
class TenantOptionsTest {

    private static void run(String... args) throws Exception {
        new BenchCommand(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run(List.of(args));
    }

    @Test
    void probesNeedTheTenant() {
        UsageException e = assertThrows(UsageException.class, () -> run("--tenant-probes", "10"));
        assertTrue(e.getMessage().contains("--tenant-users"), e.getMessage());
    }

    @Test
    void thePhasesFlagsDoNotApply() {
        UsageException e = assertThrows(UsageException.class, () -> run("--tenant-users", "1000", "--records", "5000"));
        assertTrue(e.getMessage().contains("--records"), e.getMessage());
    }

    @Test
    void theFloodsFlagsDoNotApply() {
        UsageException e = assertThrows(UsageException.class, () -> run("--tenant-users", "1000", "--flood", "2000"));
        assertTrue(e.getMessage().contains("--flood"), e.getMessage());
    }

    @Test
    void aTenantHasAHundredUsersAtLeast() {
        assertThrows(UsageException.class, () -> run("--tenant-users", "99"));
    }
}
