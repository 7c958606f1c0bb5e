package org.dcwatch.job.cli;

/** The command line is wrong: the message says what to fix; the process exits with {@link ExitCode#USAGE}. */
public final class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }
}
