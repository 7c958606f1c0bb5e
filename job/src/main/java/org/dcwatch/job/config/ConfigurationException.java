package org.dcwatch.job.config;

/**
 * A setting given to dcwatch is wrong: the message names it and says what to fix. Thrown below the command line
 * (durations, Kafka client settings, tuning fields), which maps it to its usage exit code.
 */
public class ConfigurationException extends RuntimeException {

    public ConfigurationException(String message) {
        super(message);
    }
}
