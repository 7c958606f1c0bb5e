package org.dcwatch.job.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.dcwatch.job.config.ConfigurationException;
import org.dcwatch.job.kafka.KafkaClientProperties;
import org.dcwatch.job.kafka.KafkaSettings;

/** The dcwatch command line: {@code dcwatch <subcommand> [flags]}. */
public final class Dcwatch {

    static final String USAGE = """
            Usage: java -jar job/target/dcwatch.jar <command> [flags]

            dcwatch detects OAuth device-code phishing in Microsoft Entra ID sign-in logs.

            Commands:
              rules      print the detection rules
              validate   parse sign-in logs and report records, formats and dead letters
              run        run the detection job on sign-in log files or on Kafka / Event Hubs
              generate   write synthetic sign-in logs to a file or a Kafka topic, with labelled scenarios if asked
              quality    run the rules on labelled generated data and report per rule TP, FP, FN, precision, recall
              bench      benchmark the whole job: throughput, latency, state and checkpoints (see BENCHMARKS.md)

            Run 'dcwatch <command> --help' for the flags of a command.
            Exit codes: 0 ok, 1 failure, 2 usage error.
            """;

    private final PrintStream out;
    private final PrintStream err;

    public Dcwatch(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /**
     * The entry point on a Flink cluster ({@code flink run}, or the application mode's {@code entryClass}): it must not
     * end the JVM, which there is Flink's own (in application mode the JobManager), so a failure is an exception that
     * Flink reports. The command line's own entry, with exit codes, is {@link CommandLineMain}.
     */
    public static void main(String[] args) {
        int exitCode = new Dcwatch(System.out, System.err).execute(args);
        if (exitCode != ExitCode.OK) {
            throw new IllegalStateException("dcwatch " + String.join(" ", args).split(" ", 2)[0]
                    + " ended with exit code " + exitCode + " (see the messages above)");
        }
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) cause = cause.getCause();
        return cause == e ? e.toString() : e.getMessage() + " (cause: " + cause + ")";
    }

    /**
     * Checks a Kafka {@code run} command line — {@code run --bootstrap-servers ...}, as a deployment passes it to
     * {@link #main} — exactly as {@code run} parses and validates it, and returns its settings, without building or
     * starting a job or connecting to Kafka.
     *
     * @param env the environment the job would see, where the secrets are
     * @throws UsageException what {@code run} would report with exit code 2
     */
    public static KafkaSettings checkKafkaRun(List<String> args, Map<String, String> env) throws IOException {
        if (args.isEmpty() || !args.get(0).equals("run")) {
            throw new UsageException("not a run command line: it must start with 'run', was " + args);
        }
        return RunCommand.checkKafkaRun(args.subList(1, args.size()), env);
    }

    /** Runs one command line and returns its exit code; never exits the JVM itself. */
    public int execute(String... args) {
        if (args.length == 0) {
            err.print(USAGE);
            return ExitCode.USAGE;
        }
        String command = args[0];
        List<String> flags = Arrays.asList(args).subList(1, args.length);
        if (command.equals("--help") || command.equals("-h") || command.equals("help")) {
            out.print(USAGE);
            return ExitCode.OK;
        }
        String usage = switch (command) {
            case "rules" -> RulesCommand.USAGE;
            case "validate" -> ValidateCommand.USAGE;
            case "run" -> RunCommand.USAGE;
            case "generate" -> GenerateCommand.USAGE;
            case "quality" -> QualityCommand.USAGE;
            case "bench" -> BenchCommand.USAGE;
            default -> null;
        };
        if (usage == null) {
            err.println("dcwatch: unknown command '" + command + "'");
            err.print(USAGE);
            return ExitCode.USAGE;
        }
        if (flags.contains("--help") || flags.contains("-h")) {
            out.print(usage);
            return ExitCode.OK;
        }
        try {
            return switch (command) {
                case "rules" -> new RulesCommand(out).run(flags);
                case "validate" -> new ValidateCommand(out).run(flags);
                case "run" -> new RunCommand(out).run(flags);
                case "generate" -> new GenerateCommand(out, err).run(flags);
                case "quality" -> new QualityCommand(out).run(flags);
                case "bench" -> new BenchCommand(out).run(flags);
                default -> throw new IllegalStateException(command);
            };
        } catch (ConfigurationException e) { // a UsageException too: every wrong setting is a usage error
            err.println("dcwatch " + command + ": " + KafkaClientProperties.redact(String.valueOf(e.getMessage())));
            err.println("Run 'dcwatch " + command + " --help' for usage.");
            return ExitCode.USAGE;
        } catch (NoClassDefFoundError e) {
            err.println(
                    "dcwatch " + command + ": Flink's runtime is not on the classpath (" + e.getMessage() + "): run "
                            + "job/target/dcwatch.jar from the build tree, where job/target/lib holds it, or submit it to a Flink cluster");
            return ExitCode.FAILURE;
        } catch (Exception e) {
            // a client's failure may quote its settings, and with them a secret it resolved from a reference
            err.println("dcwatch " + command + ": failed: " + KafkaClientProperties.redact(rootCause(e)));
            return ExitCode.FAILURE;
        }
    }
}
