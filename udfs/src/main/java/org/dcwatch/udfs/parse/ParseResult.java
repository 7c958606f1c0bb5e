package org.dcwatch.udfs.parse;

import java.util.ArrayList;
import java.util.List;
import org.dcwatch.udfs.event.SignInEvent;

/** Everything one message yielded, collected; for tests and tools. The job streams through {@link ParseOutput}. */
public final class ParseResult implements ParseOutput {

    private final List<SignInEvent> events = new ArrayList<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();

    @Override
    public void event(SignInEvent event) {
        events.add(event);
    }

    @Override
    public void deadLetter(DeadLetter deadLetter) {
        deadLetters.add(deadLetter);
    }

    public List<SignInEvent> events() {
        return events;
    }

    public List<DeadLetter> deadLetters() {
        return deadLetters;
    }
}
