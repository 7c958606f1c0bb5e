package org.dcwatch.job.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import org.dcwatch.udfs.event.SignInEvent;

/** A normalized sign-in as one JSON line (the late output): the event's fields by their names. */
public final class SignInEventJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SignInEventJson() {}

    public static String toJson(SignInEvent event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
