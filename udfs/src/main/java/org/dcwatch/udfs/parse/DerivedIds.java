package org.dcwatch.udfs.parse;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The id of a record that has none, sign-in or audit record alike: {@value #PREFIX} and 128 bits of the SHA-256 of its
 * bytes. Without one, every id-less record shared one key in de-duplication and in alert ids (two different alerts had
 * one alertId and revision 0); from the bytes, a copy Azure re-publishes has the same id and is still dropped as one.
 * One instance a reader: the digest is reused, not shared between threads.
 */
final class DerivedIds {

    static final String PREFIX = "derived:";

    /** Made when first needed. */
    private MessageDigest sha256;

    String of(byte[] message, int start, int end) {
        if (sha256 == null) {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JVM has SHA-256", e);
            }
        }
        sha256.update(message, start, end - start);
        return PREFIX + HexFormat.of().formatHex(sha256.digest(), 0, 16);
    }
}
