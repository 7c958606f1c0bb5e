package org.dcwatch.job.cli;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.dcwatch.job.generate.LoadSignIns;

/** {@code generate}: synthetic Entra sign-in logs in the Event Hub format, deterministic for a seed. */
final class GenerateCommand {

    static final String USAGE = """
            Usage: dcwatch generate --records N --out FILE [--users N] [--days D] [--seed S] [--per-envelope N]

            Writes N synthetic sign-ins of one tenant as Event Hub envelopes, one envelope a line: mostly
            non-interactive token refreshes, interactive browser sign-ins, failures and about 1% device-code flows,
            3-4 KB a record, in time order over the given days. The same seed gives the same bytes.

              --records N        how many sign-in records
              --out FILE         where to write them; - for standard output
              --users N          distinct users (default 10000)
              --days D           the time the records span, ending now-ish at 2026-03-01 (default 1)
              --seed S           random seed (default 1)
              --per-envelope N   records per Event Hub envelope (default 10)
            """;

    private static final Set<String> VALUE_FLAGS = Set.of("records", "out", "users", "days", "seed", "per-envelope");
    private static final Instant END = Instant.parse("2026-03-01T00:00:00Z");

    private final PrintStream out;

    GenerateCommand(PrintStream out) {
        this.out = out;
    }

    int run(List<String> args) throws Exception {
        CommandLine line = CommandLine.parse(args, VALUE_FLAGS, Set.of());
        line.require("records");
        long records = line.intValue("records", 0, 1, Integer.MAX_VALUE);
        String target = line.require("out");
        int users = line.intValue("users", 10_000, 1, 100_000_000);
        int days = line.intValue("days", 1, 1, 3650);
        int seed = line.intValue("seed", 1, Integer.MIN_VALUE, Integer.MAX_VALUE);
        int perEnvelope = line.intValue("per-envelope", 10, 1, 500);

        Duration span = Duration.ofDays(days);
        LoadSignIns generator = new LoadSignIns(seed, users, END.minus(span), span);
        long started = System.nanoTime();
        if (target.equals("-")) {
            BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 20);
            generator.write(writer, records, perEnvelope);
            writer.flush();
        } else {
            Path file = Path.of(target);
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                generator.write(writer, records, perEnvelope);
            }
            System.err.printf("dcwatch generate: %d records, %d MB in %s, %.1f s%n", records, Files.size(file) >> 20,
                    file, (System.nanoTime() - started) / 1e9);
        }
        return ExitCode.OK;
    }
}
