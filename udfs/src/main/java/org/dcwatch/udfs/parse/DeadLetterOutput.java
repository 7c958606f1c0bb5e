package org.dcwatch.udfs.parse;

/** Receives what a message yields that is not a sign-in. */
public interface DeadLetterOutput {

    void deadLetter(DeadLetter deadLetter);
}
