package org.dcwatch.job.tuning;

/** A tuning record that cannot be applied; the message says what to fix. The previous tuning stays in force. */
public final class InvalidTuningException extends Exception {

    public InvalidTuningException(String message) {
        super(message);
    }
}
