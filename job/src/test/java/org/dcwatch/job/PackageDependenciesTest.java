package org.dcwatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point down: the command line depends on the job, never the reverse, and the job's packages form no
 * cycle, so that each can be read, tested and replaced without the ones above it. Read from the import statements of
 * the main sources ({@code org.dcwatch.job} is the root package: {@code DetectionJob}, the graph).
 */
class PackageDependenciesTest {

    private static final Path SOURCES = Path.of("src/main/java/org/dcwatch/job");
    private static final Pattern IMPORT =
            Pattern.compile("^import (?:static )?org\\.dcwatch\\.job\\.([a-z]+\\.)?([A-Z])", Pattern.MULTILINE);
    private static final String ROOT = "(root)";
    private static final String COMMAND_LINE = "cli";

    @Test
    void nothingBelowTheCommandLineImportsIt() throws IOException {
        Map<String, Set<String>> importers = new TreeMap<>();
        dependencies().forEach((from, to) -> {
            if (!from.equals(COMMAND_LINE) && to.contains(COMMAND_LINE)) importers.put(from, to);
        });
        assertEquals(Map.of(), importers, "packages that import " + COMMAND_LINE + " (map the error to a config type)");
    }

    @Test
    void packagesFormNoCycle() throws IOException {
        Map<String, Set<String>> dependencies = dependencies();
        List<List<String>> cycles = new ArrayList<>();
        for (String start : dependencies.keySet()) {
            List<String> cycle =
                    cycleFrom(start, start, dependencies, new ArrayList<>(List.of(start)), new TreeSet<>());
            if (cycle != null && cycle.get(0).equals(new TreeSet<>(cycle).first())) cycles.add(cycle);
        }
        assertEquals(List.of(), cycles, "package cycles, each from its smallest name: " + dependencies);
    }

    /** A path from {@code at} back to {@code start}, or null. */
    private static List<String> cycleFrom(
            String start, String at, Map<String, Set<String>> dependencies, List<String> path, Set<String> seen) {
        for (String next : dependencies.getOrDefault(at, Set.of())) {
            if (next.equals(start)) return path;
            if (!seen.add(next)) continue;
            path.add(next);
            List<String> cycle = cycleFrom(start, next, dependencies, path, seen);
            if (cycle != null) return cycle;
            path.remove(path.size() - 1);
        }
        return null;
    }

    /** Per package of the job, the other packages of the job it imports. */
    private static Map<String, Set<String>> dependencies() throws IOException {
        Map<String, Set<String>> dependencies = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file :
                    files.filter(path -> path.toString().endsWith(".java")).toList()) {
                Path folder = SOURCES.relativize(file).getParent();
                String from = folder == null ? ROOT : folder.toString().replace('/', '.');
                Set<String> to = dependencies.computeIfAbsent(from, key -> new TreeSet<>());
                Matcher matcher = IMPORT.matcher(Files.readString(file));
                while (matcher.find()) {
                    String imported =
                            matcher.group(1) == null ? ROOT : matcher.group(1).replace(".", "");
                    if (!imported.equals(from)) to.add(imported);
                }
            }
        }
        return dependencies;
    }
}
