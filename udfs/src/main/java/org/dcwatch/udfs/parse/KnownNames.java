package org.dcwatch.udfs.parse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One parser's memory of which {@link RecordShape.Key} each field name stands for, by the name's exact bytes, and of
 * the order in which names came.
 *
 * <p>A stream repeats the same few hundred names in every record, spelled the same way. Matching a name against a
 * shape means a string, lower-cased and without separators ({@link RecordShape#keyOfRawName}); remembering the answer
 * for the raw bytes turns that into one hash probe and one comparison, with no string. Names a shape does not know are
 * remembered too (most names of a record are those). Per parser, so not shared between threads.
 *
 * <p>The input chooses the names, so the memory must not let one message degrade every later one. It is bounded, and
 * when it is full it forgets everything and learns again: a message of a thousand junk names would otherwise fill it
 * for good and leave the stream's real names to the slow path. And a name is looked for, or placed, at most
 * {@value #MAX_PROBES} slots from where its hash points: names crafted to collide then cost their own lookups, not
 * those of the names that hash near them.
 *
 * <p>Records of one kind also list their names in the same order. Each remembered name (a slot) keeps the slot that
 * came after it the last time, and each shape the slot it began with: {@link #nameAfter} is the likely next name,
 * which {@link JsonScanner#next(byte[])} compares with the input before scanning it. A wrong guess costs one
 * comparison; the name is then scanned and looked up as usual.
 */
final class KnownNames {

    /** No slot: the name was not plain, or the memory is full. */
    static final int NONE = -1;

    private static final int CAPACITY = 1024;
    /** How far from its hash's slot a name is looked for or placed; a longer run is left to the slow path. */
    static final int MAX_PROBES = 8;

    private static final int TABLE_SIZE = CAPACITY * 2;
    private static final RecordShape.Key UNKNOWN = new RecordShape.Key(null, null);

    private final RecordShape[] shapes = new RecordShape[TABLE_SIZE];
    private final byte[][] names = new byte[TABLE_SIZE][];
    private final RecordShape.Key[] keys = new RecordShape.Key[TABLE_SIZE];
    /**
     * Per slot, the slot of the name that followed it last time; past the table, one entry per shape for the object's
     * first name ({@link #start}).
     */
    private final int[] following = new int[TABLE_SIZE + RecordShape.count()];

    private int size;
    /** The slot of the last {@link #keyOf}, or {@link #NONE}. */
    private int lastSlot = NONE;

    KnownNames() {
        Arrays.fill(following, NONE);
    }

    /**
     * The key of the plain (ASCII, unescaped, undotted) name {@code in[from..to)} in {@code shape}, or null; its slot
     * is then {@link #lastSlot}.
     *
     * @param hash a hash of the name's bytes, {@link JsonScanner#nameHash}
     */
    RecordShape.Key keyOf(RecordShape shape, byte[] in, int from, int to, int hash) {
        int mask = TABLE_SIZE - 1;
        int slot = spread(hash + 0x9E3779B9 * shape.id()) & mask;
        int probes = 0;
        for (; names[slot] != null && probes < MAX_PROBES; slot = (slot + 1) & mask, probes++) {
            if (shapes[slot] == shape && sameBytes(names[slot], in, from, to)) {
                lastSlot = slot;
                return key(slot);
            }
        }
        // first sight of this spelling: match it the slow way, once
        RecordShape.Key key = shape.keyOfRawName(new String(in, from, to - from, StandardCharsets.US_ASCII));
        if (size == CAPACITY) {
            forgetAll();
            slot = spread(hash + 0x9E3779B9 * shape.id()) & mask;
            probes = 0;
        }
        if (probes < MAX_PROBES) {
            shapes[slot] = shape;
            names[slot] = Arrays.copyOfRange(in, from, to);
            keys[slot] = key == null ? UNKNOWN : key;
            size++;
            lastSlot = slot;
        } else {
            lastSlot = NONE;
        }
        return key;
    }

    int lastSlot() {
        return lastSlot;
    }

    /** Empties the memory, to learn the names the stream uses now. */
    private void forgetAll() {
        Arrays.fill(shapes, null);
        Arrays.fill(names, null);
        Arrays.fill(keys, null);
        Arrays.fill(following, NONE);
        size = 0;
    }

    /** The key of a slot that {@link #nameAfter} guessed right, or null if the shape does not know the name. */
    RecordShape.Key key(int slot) {
        RecordShape.Key key = keys[slot];
        return key == UNKNOWN ? null : key;
    }

    /** Where an object of {@code shape} begins: the slot before its first name. */
    static int start(RecordShape shape) {
        return TABLE_SIZE + shape.id();
    }

    /** The slot that followed {@code previous} last time, or {@link #NONE}. */
    int slotAfter(int previous) {
        return previous == NONE ? NONE : following[previous];
    }

    /** The bytes of the name that followed {@code previous} last time, or null. */
    byte[] nameAfter(int previous) {
        int next = slotAfter(previous);
        return next == NONE ? null : names[next];
    }

    /** Remembers that {@code slot} came after {@code previous}. */
    void follow(int previous, int slot) {
        if (previous != NONE) following[previous] = slot;
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
