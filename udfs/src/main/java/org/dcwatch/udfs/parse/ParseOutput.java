package org.dcwatch.udfs.parse;

import org.dcwatch.udfs.event.SignInEvent;

/** Receives what one message yields: zero or more events and zero or more dead letters, in input order. */
public interface ParseOutput extends DeadLetterOutput {

    void event(SignInEvent event);
}
