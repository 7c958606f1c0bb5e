package org.dcwatch.job.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import org.dcwatch.udfs.event.SignInEvent;

/**
 * A normalized sign-in as one JSON line (the late output): the event's fields by their names, the ASN as its unsigned
 * number (0 when unknown), not the int that holds its bits.
 */
public final class SignInEventJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SignInEventJson() {}

    public static String toJson(SignInEvent event) {
        try {
            ObjectNode node = MAPPER.valueToTree(event);
            node.put("asn", Integer.toUnsignedLong(event.asn()));
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
