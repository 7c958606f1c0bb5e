package org.dcwatch.job.cli;

/** Exit codes scripts can rely on. */
public final class ExitCode {

    public static final int OK = 0;
    /** The command was right but the work failed: an unreadable input, a job that failed. */
    public static final int FAILURE = 1;
    /** The command line was wrong: an unknown subcommand or flag, a missing or malformed value. */
    public static final int USAGE = 2;

    private ExitCode() {}
}
