package org.dcwatch.job.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dcwatch.job.config.Durations;

/**
 * The flags of one subcommand: {@code --name value}, {@code --name=value}, or {@code --name} alone for a switch.
 * Unknown flags, repeated flags and stray words are usage errors, so that a typo never silently changes a run.
 */
public final class CommandLine {

    private final Map<String, String> values = new LinkedHashMap<>();

    private CommandLine() {}

    /**
     * @param valueFlags flags that take a value
     * @param switches flags that take none
     */
    public static CommandLine parse(List<String> args, Set<String> valueFlags, Set<String> switches) {
        CommandLine line = new CommandLine();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "': flags start with --");
            }
            String name = arg.substring(2);
            String value = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            if (switches.contains(name)) {
                if (value != null) throw new UsageException("--" + name + " takes no value");
                value = "true";
            } else if (valueFlags.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                        throw new UsageException("--" + name + " needs a value");
                    }
                    value = args.get(++i);
                }
                if (value.isBlank()) throw new UsageException("--" + name + " needs a value");
            } else {
                throw new UsageException("unknown flag --" + name);
            }
            if (line.values.put(name, value) != null) {
                throw new UsageException("--" + name + " is given twice");
            }
        }
        return line;
    }

    /**
     * Adds the settings of a properties file ({@code name=value}, names as the flags without dashes) for every flag
     * the command line did not give: flags win over the file.
     */
    public CommandLine withDefaults(java.util.Properties file, Set<String> valueFlags, String fileName) {
        for (String name : file.stringPropertyNames()) {
            if (!valueFlags.contains(name)) {
                throw new UsageException(fileName + ": unknown setting '" + name + "'");
            }
            values.putIfAbsent(name, file.getProperty(name).strip());
        }
        return this;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public String get(String name) {
        return values.get(name);
    }

    public String require(String name) {
        String value = values.get(name);
        if (value == null) throw new UsageException("--" + name + " is required");
        return value;
    }

    public int intValue(String name, int defaultValue, int min, int max) {
        String value = values.get(name);
        if (value == null) return defaultValue;
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed < min || parsed > max) throw new NumberFormatException();
            return parsed;
        } catch (NumberFormatException e) {
            throw new UsageException(
                    "--" + name + " must be a whole number from " + min + " to " + max + ", was '" + value + "'");
        }
    }

    /** A duration such as {@code 90s}, {@code 5m}, {@code 1h}, {@code 30d}, {@code 250ms}, or ISO-8601 {@code PT5M}. */
    public Duration duration(String name, Duration defaultValue) {
        String value = values.get(name);
        return value == null ? defaultValue : Durations.parse("--" + name, value);
    }
}
