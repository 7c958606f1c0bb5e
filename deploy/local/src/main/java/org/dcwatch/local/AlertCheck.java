package org.dcwatch.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The drill's verdict: does a read_committed consumer of the alerts topic see every expected alert document exactly
 * once, and nothing else? The expected documents are what the embedded job wrote for the same input; a document is
 * identified by its alert id and revision, which are deterministic.
 *
 * <pre>AlertCheck BOOTSTRAP TOPIC EXPECTED.jsonl TIMEOUT_SECONDS</pre>
 *
 * It waits up to the timeout for the last expected document to be committed, then reports, and also counts what a
 * read_uncommitted consumer sees: copies there (alerts written again after a restore, in transactions that were
 * aborted) show that the check could see a duplicate if exactly-once failed. Exit code 0 when exactly once, else 1.
 */
public final class AlertCheck {

    private AlertCheck() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 4)
            throw new IllegalArgumentException("usage: AlertCheck BOOTSTRAP TOPIC EXPECTED.jsonl TIMEOUT_SECONDS");
        Set<String> expected = expected(Path.of(args[2]));
        long deadline =
                System.nanoTime() + Duration.ofSeconds(Long.parseLong(args[3])).toNanos();

        Map<String, Integer> committed = new TreeMap<>();
        try (AlertTopic topic = new AlertTopic(args[0], args[1], true)) {
            do {
                for (String document : topic.readToEnd())
                    committed.merge(AlertTopic.idAndRevision(document), 1, Integer::sum);
                if (committed.keySet().containsAll(expected)) break;
                Thread.sleep(500);
            } while (System.nanoTime() < deadline);
        }
        Map<String, Integer> uncommitted = new TreeMap<>();
        try (AlertTopic topic = new AlertTopic(args[0], args[1], false)) {
            for (String document : topic.readToEnd())
                uncommitted.merge(AlertTopic.idAndRevision(document), 1, Integer::sum);
        }

        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(committed.keySet());
        List<String> doubled = moreThanOnce(committed);
        Set<String> unexpected = new TreeSet<>(committed.keySet());
        unexpected.removeAll(expected);
        System.out.printf(
                "read_committed:   %d records; %d expected alert documents: %d present exactly once, %d missing, "
                        + "%d more than once; %d unexpected%n",
                total(committed),
                expected.size(),
                expected.size() - missing.size() - count(doubled, expected),
                missing.size(),
                doubled.size(),
                unexpected.size());
        System.out.printf(
                "read_uncommitted: %d records; %d alert documents more than once (copies in aborted transactions)%n",
                total(uncommitted), moreThanOnce(uncommitted).size());
        report("missing", missing);
        report("more than once", doubled);
        report("unexpected", unexpected);
        boolean exactlyOnce = missing.isEmpty() && doubled.isEmpty() && unexpected.isEmpty();
        System.out.println(exactlyOnce ? "exactly once: yes" : "exactly once: NO");
        System.exit(exactlyOnce ? 0 : 1);
    }

    /** The alert id and revision of every document of the embedded run's alerts file. */
    private static Set<String> expected(Path file) throws IOException {
        Set<String> expected = new TreeSet<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !expected.add(AlertTopic.idAndRevision(line))) {
                throw new IllegalStateException(file + " holds " + AlertTopic.idAndRevision(line) + " twice");
            }
        }
        if (expected.isEmpty())
            throw new IllegalStateException(file + " holds no alert: the drill would prove nothing");
        return expected;
    }

    private static List<String> moreThanOnce(Map<String, Integer> counts) {
        List<String> keys = new ArrayList<>();
        counts.forEach((key, count) -> {
            if (count > 1) keys.add(key + " x" + count);
        });
        return keys;
    }

    private static long count(List<String> doubled, Set<String> expected) {
        return doubled.stream()
                .filter(entry -> expected.contains(entry.substring(0, entry.indexOf(' '))))
                .count();
    }

    private static int total(Map<String, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static void report(String what, Iterable<String> keys) {
        for (String key : keys) System.out.println("  " + what + ": " + key);
    }
}
