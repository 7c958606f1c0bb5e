package org.dcwatch.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LauncherTest {

    @Test
    void aFileRunIsARunGivenAnInputOnItsCommandLine() {
        assertTrue(Launcher.isFileRun(new String[] {"run", "--input", "signins.jsonl", "--alerts", "a.jsonl"}));
        assertFalse(
                Launcher.isFileRun(new String[] {"run", "--bootstrap-servers=127.0.0.1:9092", "--input-topic", "t"}));
        assertTrue(Launcher.isFileRun(new String[] {"run", "--input=signins.jsonl", "--alerts", "a.jsonl"}));
        assertFalse(Launcher.isFileRun(new String[] {"run", "--input-topic", "t", "--bootstrap-servers", "h:9092"}));
        assertFalse(Launcher.isFileRun(new String[] {"run", "--config", "kafka.properties"}));
        assertFalse(Launcher.isFileRun(new String[] {"quality"}));
        assertFalse(Launcher.isFileRun(new String[] {}));
    }

    @Test
    void aFileRunCollectsWithTheSerialCollectorUnlessTheUserChoseOne() {
        assertTrue(Launcher.fileRunOptions(List.of("-Xmx2g")).contains(Launcher.FILE_RUN_COLLECTOR));
        assertTrue(Launcher.fileRunOptions(List.of()).containsAll(Launcher.COMPILER_OPTIONS));
        for (String collector : List.of("-XX:+UseG1GC", "-XX:+UseParallelGC", "-XX:+UseZGC", "-XX:-UseSerialGC")) {
            assertEquals(Launcher.COMPILER_OPTIONS, Launcher.fileRunOptions(List.of("-Xmx2g", collector)), collector);
        }
    }

    /** The JVM refuses two collectors: a user's own must not meet ours, or the child would not start at all. */
    @Test
    void theChildJvmStartsWithTheFileRunOptionsAndTheUsersOwnCollector() throws Exception {
        assertEquals(0, javaVersionWith(List.of()));
        assertEquals(0, javaVersionWith(List.of("-XX:+UseG1GC")));
        assertEquals(0, javaVersionWith(List.of("-XX:+UseParallelGC")));
    }

    private static int javaVersionWith(List<String> userOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Launcher.fileRunOptions(userOptions));
        command.addAll(userOptions); // after ours, as the launcher orders them
        command.add("-version");
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start()
                .waitFor();
    }
}
