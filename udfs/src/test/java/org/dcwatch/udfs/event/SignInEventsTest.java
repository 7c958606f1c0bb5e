package org.dcwatch.udfs.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The fixture builder copies every field, so a test that changes one field changes only that one. */
class SignInEventsTest {

    @Test
    void aCopyIsEqualToItsEvent() {
        SignInEvent event = SignInEvents.deviceCode().build();

        assertEquals(event, SignInEvents.from(event).build());
        assertEquals(
                SignInEvents.absent().build(),
                SignInEvents.from(SignInEvents.absent().build()).build());
    }

    @Test
    void aCopyChangesOnlyWhatItIsTold() {
        SignInEvent event = SignInEvents.deviceCode().build();
        SignInEvent withoutId = SignInEvents.from(event).id(null).build();

        assertNull(withoutId.id());
        assertEquals(SignInEvents.from(withoutId).id(event.id()).build(), event);
    }
}
