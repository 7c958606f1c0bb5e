package org.dcwatch.udfs.parse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One parser's memory of which {@link RecordShape.Key} each field name stands for, by the name's exact bytes.
 *
 * <p>A stream repeats the same few hundred names in every record, spelled the same way. Matching a name against a
 * shape means a string, lower-cased and without separators ({@link RecordShape#keyOfRawName}); remembering the answer
 * for the raw bytes turns that into one hash probe and one comparison, with no string. Names a shape does not know are
 * remembered too (most names of a record are those). Per parser, so not shared between threads; bounded, so that input
 * with endless distinct names only falls back to matching.
 */
final class KnownNames {

    private static final int CAPACITY = 1024;
    private static final RecordShape.Key UNKNOWN = new RecordShape.Key(null, null);

    private final RecordShape[] shapes = new RecordShape[CAPACITY * 2];
    private final byte[][] names = new byte[CAPACITY * 2][];
    private final RecordShape.Key[] keys = new RecordShape.Key[CAPACITY * 2];
    private int size;

    /**
     * The key of the plain (ASCII, unescaped, undotted) name {@code in[from..to)} in {@code shape}, or null.
     *
     * @param hash a hash of the name's bytes, {@link JsonScanner#nameHash}
     */
    RecordShape.Key keyOf(RecordShape shape, byte[] in, int from, int to, int hash) {
        int mask = names.length - 1;
        int slot = spread(hash + 0x9E3779B9 * shape.id()) & mask;
        for (; names[slot] != null; slot = (slot + 1) & mask) {
            if (shapes[slot] == shape && sameBytes(names[slot], in, from, to)) {
                RecordShape.Key key = keys[slot];
                return key == UNKNOWN ? null : key;
            }
        }
        // first sight of this spelling: match it the slow way, once
        RecordShape.Key key = shape.keyOfRawName(new String(in, from, to - from, StandardCharsets.US_ASCII));
        if (size < CAPACITY) {
            shapes[slot] = shape;
            names[slot] = Arrays.copyOfRange(in, from, to);
            keys[slot] = key == null ? UNKNOWN : key;
            size++;
        }
        return key;
    }

    /** A plain loop: names are short, and {@code Arrays.equals} on ranges costs more in its checks than it saves. */
    private static boolean sameBytes(byte[] name, byte[] in, int from, int to) {
        if (name.length != to - from) return false;
        for (int i = 0; i < name.length; i++) {
            if (name[i] != in[from + i]) return false;
        }
        return true;
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }
}
