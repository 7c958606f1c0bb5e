package org.dcwatch.job.cli;

/**
 * The command line's entry point outside a Flink cluster ({@code java -jar}): runs one command and ends the JVM with
 * its exit code (0 ok, 1 failure, 2 usage), which scripts rely on.
 */
public final class CommandLineMain {

    private CommandLineMain() {}

    public static void main(String[] args) {
        System.exit(new Dcwatch(System.out, System.err).execute(args));
    }
}
