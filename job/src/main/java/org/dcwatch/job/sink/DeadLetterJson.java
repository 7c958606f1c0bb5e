package org.dcwatch.job.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import org.dcwatch.udfs.parse.DeadLetter;

/** A dead letter as one JSON line: the reason first, so that {@code grep} and {@code jq} find it at once. */
public final class DeadLetterJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DeadLetterJson() {}

    public static String toJsonLine(DeadLetter deadLetter) {
        ObjectNode node = MAPPER.createObjectNode()
                .put("reason", deadLetter.reason().name())
                .put("detail", deadLetter.detail())
                .put("origin", deadLetter.origin())
                .put("recordIndex", deadLetter.recordIndex())
                .put("rawBytes", deadLetter.rawBytes())
                .put("truncated", deadLetter.truncated())
                .put("raw", deadLetter.raw());
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
