package org.dcwatch.udfs.parse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test resources: the public Event Hub records (fixtures/public) and hand-written samples of each format. */
final class Fixtures {

    private Fixtures() {}

    static String text(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/" + resource)) {
            if (in == null) throw new IllegalArgumentException("no test resource " + resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> lines(String resource) {
        return text(resource).lines().filter(line -> !line.isBlank()).toList();
    }

    /** The headers the parser makes of a message that must hold no dead letter. */
    static List<SignInHeader> headers(SignInParser parser, byte[] message) {
        List<SignInHeader> headers = new ArrayList<>();
        parser.parseHeaders(message, new HeaderOutput() {
            @Override
            public void header(SignInHeader header) {
                headers.add(header);
            }

            @Override
            public void deadLetter(DeadLetter deadLetter) {
                throw new AssertionError(deadLetter.toString());
            }
        });
        return headers;
    }
}
