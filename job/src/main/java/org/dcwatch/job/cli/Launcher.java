package org.dcwatch.job.cli;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The jar's entry point. The same {@code dcwatch.jar} runs on a Flink cluster, which provides Flink's runtime, and
 * standalone with {@code java -jar}, where Flink's runtime comes from the {@code lib/} folder that the build copies
 * beside the jar. This class touches no Flink class itself, so that it can decide which case it is in.
 *
 * <p>Standalone, it runs the command line in a child JVM whose class path is the jar and {@code lib/*}: Flink
 * deserializes the job's functions with the application class loader, so Flink and the job must be on one class path
 * (a child class loader for Flink alone is not enough). The child maps the {@link ClassDataArchive}, and on a run on
 * files it compiles with {@link #COMPILER_OPTIONS} and collects with {@link #FILE_RUN_COLLECTOR}: all three make a
 * bounded run cheaper.
 */
public final class Launcher {

    private static final String FLINK_RUNTIME_CLASS =
            "org.apache.flink.streaming.api.environment.StreamExecutionEnvironment";
    private static final String EMBEDDED_LOG_CONFIG = "dcwatch-embedded-log4j2.properties";
    /** What Flink's own launch scripts open to Flink on Java 17. */
    private static final List<String> ADD_OPENS = List.of(
            "java.base/java.lang",
            "java.base/java.util",
            "java.base/java.lang.reflect",
            "java.base/java.io",
            "java.base/java.net",
            "java.base/java.nio",
            "java.base/sun.nio.ch",
            "java.base/java.time",
            "java.base/java.util.concurrent");
    /**
     * For a run on files, later compilation by C2, the optimizing compiler. Flink's start-up code (the RPC system,
     * the job graph's Java serialization, class generation) runs thousands of times, often enough for C2 by the JVM's
     * defaults, yet only for seconds: C1's code is good enough for it and far cheaper to make. The record path runs
     * millions of times and still reaches C2 early in the file. With about thirty times the default thresholds a file
     * run costs much less CPU (BENCHMARKS.md, "A file run against the SQL peer"). A job that runs
     * for weeks (on Kafka, or the benchmark's warm runs) keeps the JVM's defaults: there the later compilation only
     * lengthens the warm-up. Options of the user's own for the same thresholds win.
     */
    static final List<String> COMPILER_OPTIONS = List.of(
            "-XX:Tier4InvocationThreshold=150000",
            "-XX:Tier4MinInvocationThreshold=60000",
            "-XX:Tier4CompileThreshold=150000",
            "-XX:Tier4BackEdgeThreshold=4000000");

    /**
     * For a run on files, the serial collector. A run on files is a batch on one or two cores: the JVM's default, G1,
     * spends CPU on concurrent work (refinement, marking) that only pays off for a heap that must never pause long,
     * and the file run's garbage is almost all young (each record's bytes, dropped after routing). A job that runs for
     * weeks keeps G1: there the serial collector made the warm benchmark slower (BENCHMARKS.md, "A file run against the
     * SQL peer"). A collector of the user's own choosing wins: the JVM refuses two.
     */
    static final String FILE_RUN_COLLECTOR = "-XX:+UseSerialGC";

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        Path jar = thisJar();
        Path lib = jar == null ? null : jar.resolveSibling("lib");
        if (isVisible(FLINK_RUNTIME_CLASS)) {
            // submitted to a Flink cluster: the JVM is Flink's, not ours to exit
            Dcwatch.main(args);
            return;
        }
        if (lib == null || !Files.isDirectory(lib)) {
            // without lib/: rules and validate need no Flink, run says what is missing
            CommandLineMain.main(args);
            return;
        }
        List<String> jvmOptions = ManagementFactory.getRuntimeMXBean().getInputArguments();
        boolean fileRun = isFileRun(args);
        ClassDataArchive archive = ClassDataArchive.of(jar, lib, jvmOptions, fileRun);
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        if (fileRun) command.addAll(fileRunOptions(jvmOptions));
        if (archive != null) command.addAll(archive.childOptions());
        command.addAll(jvmOptions); // after ours: the JVM takes an option's last value, so the user's win
        ADD_OPENS.forEach(module -> command.add("--add-opens=" + module + "=ALL-UNNAMED"));
        if (System.getProperty("log4j2.configurationFile") == null) {
            command.add("-Dlog4j2.configurationFile=" + EMBEDDED_LOG_CONFIG);
        }
        command.add("-cp");
        command.add(jar + File.pathSeparator + lib.resolve("*"));
        command.add(CommandLineMain.class.getName());
        command.addAll(Arrays.asList(args));
        Process child = new ProcessBuilder(command).inheritIO().start();
        // Ctrl-C reaches the whole process group; this only makes sure no child outlives its launcher
        Thread stopChild = new Thread(() -> {
            child.destroy();
            if (archive != null) archive.abandoned();
        });
        Runtime.getRuntime().addShutdownHook(stopChild);
        int exitCode = child.waitFor();
        if (archive != null) archive.childExited(exitCode);
        Runtime.getRuntime().removeShutdownHook(stopChild);
        System.exit(exitCode);
    }

    /**
     * A {@code run} given {@code --input} on its command line: a bounded run, whose start-up is a share of its cost.
     * A run whose input comes from a {@code --config} file is treated as the JVM's defaults suit it, as a Kafka run.
     */
    static boolean isFileRun(String[] args) {
        return args.length > 0
                && args[0].equals("run")
                && Arrays.stream(args).anyMatch(arg -> arg.equals("--input") || arg.startsWith("--input="));
    }

    /** The child's options for a run on files, before the user's own {@code jvmOptions}. */
    static List<String> fileRunOptions(List<String> jvmOptions) {
        List<String> options = new ArrayList<>(COMPILER_OPTIONS);
        if (jvmOptions.stream().noneMatch(Launcher::choosesCollector)) options.add(FILE_RUN_COLLECTOR);
        return options;
    }

    /** {@code -XX:+UseG1GC}, {@code -XX:-UseSerialGC} and the like: a JVM takes one collector, and the user's wins. */
    private static boolean choosesCollector(String jvmOption) {
        return jvmOption.matches("-XX:[+-]Use\\w+GC");
    }

    private static boolean isVisible(String className) {
        try {
            Class.forName(className, false, Launcher.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The jar this class was loaded from, or null when it was not loaded from a jar. */
    private static Path thisJar() {
        try {
            Path location = Path.of(Launcher.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return Files.isRegularFile(location) ? location : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
