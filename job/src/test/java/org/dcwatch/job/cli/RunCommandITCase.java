package org.dcwatch.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dcwatch.job.DemoExpectations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dcwatch run} as a user runs it: flags in, files out, exit codes. */
class RunCommandITCase {

    private static final String DEMO = "../testdata/demo/signins.jsonl";

    @TempDir
    Path temp;

    private final ConsoleCapture console = new ConsoleCapture();

    private int dcwatch(String... args) {
        return console.dcwatch(args);
    }

    @Test
    void runsTheDemoAndWritesEveryOutputAsOneFile() throws Exception {
        Path alerts = temp.resolve("out/alerts.jsonl");
        int exit = dcwatch(
                "run",
                "--input",
                DEMO,
                "--alerts",
                alerts.toString(),
                "--visibility",
                temp.resolve("out/visibility.jsonl").toString(),
                "--dead-letters",
                temp.resolve("out/dead-letters.jsonl").toString(),
                "--late",
                temp.resolve("out/late.jsonl").toString());
        assertEquals(ExitCode.OK, exit, console.stderr());
        assertEquals(DemoExpectations.ALERTS.size(), Files.readAllLines(alerts).size());
        assertEquals(
                DemoExpectations.VISIBILITY.size(),
                Files.readAllLines(temp.resolve("out/visibility.jsonl")).size());
        assertEquals(
                1, Files.readAllLines(temp.resolve("out/dead-letters.jsonl")).size(), "the broken line");
        assertEquals(4, Files.readAllLines(temp.resolve("out/late.jsonl")).size());
        assertFalse(Files.exists(temp.resolve("out/alerts.jsonl.parts")), "part files are joined and removed");
        String printed = console.stdout();
        assertTrue(printed.contains("concurrent-interactive-noninteractive  alice@contoso.example"), printed);
        assertTrue(printed.contains("(update 1 of alert"), printed);
        assertTrue(
                printed.contains("dcwatch: " + DemoExpectations.ALERTS.size() + " alert documents -> " + alerts),
                printed);
        assertTrue(printed.contains("dcwatch: 1 audit record skipped (not a device registration)"), printed);
    }

    @Test
    void takesItsSettingsFromAConfigFileWithFlagsWinning() throws Exception {
        Path config = temp.resolve("dcwatch.properties");
        Files.writeString(
                config,
                "input=" + DEMO + "\nalerts=" + temp.resolve("from-config.jsonl")
                        + "\ntuning=../testdata/demo/tuning.jsonl\n");
        Path flagAlerts = temp.resolve("from-flag.jsonl");
        assertEquals(
                ExitCode.OK,
                dcwatch("run", "--config", config.toString(), "--alerts", flagAlerts.toString(), "--quiet"),
                console.stderr());
        assertEquals(
                DemoExpectations.ALERTS.size() - 1,
                Files.readAllLines(flagAlerts).size(),
                "the tuning file of the config silences Bob's Azure CLI login");
        assertFalse(Files.exists(temp.resolve("from-config.jsonl")));
    }

    @Test
    void stopsBeforeReadingAnyEventWhenTheConfigurationIsWrong() throws Exception {
        assertEquals(ExitCode.USAGE, dcwatch("run", "--input", DEMO));
        assertTrue(console.stderr().contains("--alerts is required"));

        Path tuning = temp.resolve("tuning.jsonl");
        Files.writeString(tuning, "# comment\n{\"type\":\"rule\",\"rule\":\"unseen-asn\",\"lookback\":\"30 days\"}\n");
        assertEquals(
                ExitCode.USAGE,
                dcwatch(
                        "run",
                        "--input",
                        DEMO,
                        "--alerts",
                        temp.resolve("a.jsonl").toString(),
                        "--tuning",
                        tuning.toString()));
        assertTrue(console.stderr().contains("line 2: \"lookback\" must be a duration"), console.stderr());

        assertEquals(
                ExitCode.USAGE, dcwatch("run", "--input", DEMO, "--alerts", "a.jsonl", "--out-of-orderness", "soon"));
        assertEquals(
                ExitCode.USAGE,
                dcwatch("run", "--input", temp.resolve("missing").toString(), "--alerts", "a.jsonl"));
        assertTrue(console.stderr().contains("--input: no such file or directory"));
    }
}
