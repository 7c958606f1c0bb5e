package org.dcwatch.peers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The four source detections dcwatch reproduces, each as the SQL a scheduled query over the exported sign-ins would
 * run: one resource file a seed, whose header says which seed it is and where it differs from it. Each query reads
 * the table {@code signins} that {@link SqlPeer} loads and returns a column {@code user_key}, the user it reports.
 */
public enum Seed {
    SESSION_MULTI_SOURCE("000", "session-multi-source", "seed-000-session-multi-source.sql"),
    CONCURRENT_INTERACTIVE_NONINTERACTIVE(
            "001", "concurrent-interactive-noninteractive", "seed-001-concurrent-interactive-noninteractive.sql"),
    DEVICE_CODE_VISIBILITY("003", "device-code-visibility", "seed-003-device-code-visibility.sql"),
    UNSEEN_ASN("004", "unseen-asn", "seed-004-unseen-asn.sql");

    private final String number;
    private final String rule;
    private final String resource;

    Seed(String number, String rule, String resource) {
        this.number = number;
        this.rule = rule;
        this.resource = resource;
    }

    /** The seed's number in the project's list of source detections. */
    public String number() {
        return number;
    }

    /** The id of the dcwatch rule that reproduces the seed. */
    public String rule() {
        return rule;
    }

    public String sql() {
        return resource(resource);
    }

    static String resource(String name) {
        try (InputStream in = Seed.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name + " beside " + Seed.class);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
