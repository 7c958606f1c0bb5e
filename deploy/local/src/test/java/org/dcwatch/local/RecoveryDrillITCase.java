package org.dcwatch.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The recovery drill, as CI runs it: {@code deploy/local/drill} against a real local stack — a Kafka broker, a Flink
 * JobManager and TaskManagers, each its own JVM — on free ports and in a state directory of its own under target/.
 * The stack is stopped afterwards whether the drill passed or not, and no process of it may be left.
 */
class RecoveryDrillITCase {

    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path HOME = MODULE.resolve("target/drill-home");
    private static final Path OUTPUT = MODULE.resolve("target/drill-output.txt");
    private static final Path STOP_OUTPUT = MODULE.resolve("target/drill-stop-output.txt");

    @Test
    void commitsEveryAlertExactlyOnceAcrossATaskManagerKillAndASavepointRestart() throws Exception {
        Map<String, String> environment = Map.of(
                "DCWATCH_LOCAL_HOME", HOME.toString(),
                "DCWATCH_LOCAL_KAFKA_PORT", freePort(),
                "DCWATCH_LOCAL_CONTROLLER_PORT", freePort(),
                "DCWATCH_LOCAL_UI_PORT", freePort(),
                "DCWATCH_LOCAL_JOBMANAGER_PORT", freePort());
        Process drill = start(environment, "drill", OUTPUT);
        try {
            boolean ended = drill.waitFor(12, TimeUnit.MINUTES);
            String output = Files.readString(OUTPUT, StandardCharsets.UTF_8);
            System.out.println(output);
            assertTrue(ended, "the drill did not end within 12 minutes:\n" + output);
            assertEquals(0, drill.exitValue(), "the drill failed:\n" + output);
            assertEquals(
                    2,
                    output.lines()
                            .filter(line -> line.equals("exactly once: yes"))
                            .count(),
                    output);
            assertTrue(output.contains("drill passed"), output);
        } finally {
            // the stack's processes run in sessions of their own: stop ends them by their recorded pids
            drill.descendants().forEach(ProcessHandle::destroyForcibly);
            drill.destroyForcibly();
            Process stop = start(environment, "stop", STOP_OUTPUT);
            assertTrue(stop.waitFor(2, TimeUnit.MINUTES), "stop did not end");
            assertEquals(0, stop.exitValue(), "stop failed: " + Files.readString(STOP_OUTPUT, StandardCharsets.UTF_8));
        }
        List<String> left = ProcessHandle.allProcesses()
                .filter(process -> process.info().commandLine().orElse("").contains(HOME.toString()))
                .map(process ->
                        process.pid() + " " + process.info().commandLine().orElse(""))
                .toList();
        assertEquals(List.of(), left, "processes of the stack left running");
        assertTrue(Files.notExists(HOME), "stop removes the state directory");
    }

    /** Runs deploy/local/SCRIPT from the repository's top, its output to a file. */
    private static Process start(Map<String, String> environment, String script, Path output) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("bash", "deploy/local/" + script)
                .directory(MODULE.resolve("../..").normalize().toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        return builder.start();
    }

    private static String freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return String.valueOf(socket.getLocalPort());
        }
    }
}
