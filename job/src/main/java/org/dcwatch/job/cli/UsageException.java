package org.dcwatch.job.cli;

import org.dcwatch.job.config.ConfigurationException;

/**
 * The command line is wrong: the message says what to fix; the process exits with {@link ExitCode#USAGE}, as for any
 * {@link ConfigurationException}.
 */
public final class UsageException extends ConfigurationException {

    public UsageException(String message) {
        super(message);
    }
}
