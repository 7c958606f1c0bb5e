package org.dcwatch.job.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The one JSON line of a benchmark's result, as {@code bench} prints it and appends it to its results file. */
final class ResultJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ResultJson() {}

    /** A result's values (maps, lists, numbers, text) as one line of JSON. */
    static String write(Object values) {
        try {
            return MAPPER.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a benchmark result is plain values: " + e.getMessage(), e);
        }
    }
}
