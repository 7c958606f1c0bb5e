package org.dcwatch.peers;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code java -cp bench/peers/target/dcwatch-peers.jar:bench/peers/target/lib/* org.dcwatch.peers.PeerMain FILE}:
 * runs the four seeds as SQL on a file of Event Hub sign-in records, one a line, and prints per seed the result rows
 * and the seconds its query took (bench/peers/README.md). Exit code 2 for a wrong command line, 1 for a failed run.
 */
public final class PeerMain {

    private PeerMain() {}

    public static void main(String[] args) {
        if (args.length != 1 || args[0].startsWith("-")) {
            System.err.println("Usage: PeerMain FILE   (a file of Event Hub sign-in records, one JSON record a line)");
            System.exit(2);
        }
        Path input = Path.of(args[0]);
        if (!Files.isRegularFile(input)) {
            System.err.println("peer: no such file: " + input);
            System.exit(2);
        }
        try {
            print(SqlPeer.run(input), input, System.out);
        } catch (Exception e) {
            System.err.println("peer: the run failed: " + e);
            System.exit(1);
        }
    }

    static void print(PeerRun run, Path input, PrintStream out) {
        out.printf(
                Locale.ROOT, "peer: %d sign-ins loaded from %s in %s s%n", run.signIns(), input, seconds(run.load()));
        out.printf(Locale.ROOT, "%-5s %-40s %10s %9s%n", "seed", "rule", "rows", "seconds");
        for (SeedResult seed : run.seeds()) {
            out.printf(
                    Locale.ROOT,
                    "%-5s %-40s %10d %9s%n",
                    seed.seed().number(),
                    seed.seed().rule(),
                    seed.rows(),
                    seconds(seed.elapsed()));
        }
        out.printf(Locale.ROOT, "peer: load and 4 queries in %s s%n", seconds(run.total()));
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.3f", duration.toNanos() / 1e9);
    }
}
