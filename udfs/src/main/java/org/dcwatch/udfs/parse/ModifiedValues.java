package org.dcwatch.udfs.parse;

import java.nio.charset.StandardCharsets;
import org.dcwatch.udfs.parse.JsonScanner.SyntaxError;
import org.dcwatch.udfs.parse.JsonScanner.Token;

/**
 * Reads the value of an audit record's modified property. Entra writes {@code oldValue} and {@code newValue} as JSON
 * text inside a JSON string: {@code "[\"Windows\"]"} for a list of one, {@code "\"KeyDescription\""} for a quoted
 * string, sometimes plain text. The value is the first element of the list, the quoted string, or the text itself.
 */
final class ModifiedValues {

    /** A value quoted once more inside its quotes ({@code "\"[\\\"Windows\\\"]\""}) is still read; not deeper. */
    private static final int MAX_WRAPPING = 2;

    private ModifiedValues() {}

    /**
     * The value within {@code text}, or null for none (null, blank, an empty list, JSON null).
     *
     * @throws SyntaxError if the text starts as JSON (a quote or a bracket) but is not valid JSON
     */
    static String unwrap(String text) throws SyntaxError {
        String value = text;
        for (int level = 0; level < MAX_WRAPPING; level++) {
            if (value == null) return null;
            String stripped = value.strip();
            if (stripped.isEmpty()) return null;
            char first = stripped.charAt(0);
            if (first != '"' && first != '[') return stripped;
            value = readJson(stripped);
        }
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String readJson(String text) throws SyntaxError {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        JsonScanner in = new JsonScanner(AuditRecordReader.MAX_NESTING_DEPTH);
        in.reset(bytes, 0, bytes.length);
        Token token = in.next();
        String value = token == Token.START_ARRAY ? AuditRecordReader.firstScalar(in) : in.text();
        Token trailing = in.next();
        if (trailing != null) {
            throw new SyntaxError(
                    DeadLetterReason.MALFORMED_JSON, "more JSON follows the value " + in.at(in.tokenStart()));
        }
        return value;
    }
}
