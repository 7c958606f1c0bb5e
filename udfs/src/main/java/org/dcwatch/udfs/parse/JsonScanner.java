package org.dcwatch.udfs.parse;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A strict pull reader of JSON in UTF-8, made for taking a few dozen values out of sign-in records of a few kilobytes.
 *
 * <p>Most of a record is Conditional Access policies and authentication details that no rule reads. A general JSON
 * parser still decodes all of it: it hashes and interns every field name and turns numbers into values. This reader
 * validates every byte (the grammar, UTF-8 inside strings, the nesting depth) but decodes nothing unless asked: a name
 * is a range of bytes that {@link KnownNames} matches in place, a string becomes a Java string only when the caller
 * keeps it, and {@link #skipChildren} walks a subtree without building anything. Three shortcuts keep the cost per
 * token low without validating less: strings are passed over eight bytes a step (SWAR) up to the first byte that needs
 * a look; a caller that knows the likely next name ({@link KnownNames}) has it compared in place instead of scanned;
 * and a skipped subtree is read by a loop of its own that keeps no per-token state, handing back to the token reader
 * at the first thing it does not expect, so that errors are found and worded in one place.
 *
 * <p>Reused from message to message ({@link #reset}); not thread-safe.
 */
final class JsonScanner {

    enum Token {
        START_OBJECT,
        END_OBJECT,
        START_ARRAY,
        END_ARRAY,
        NAME,
        STRING,
        NUMBER,
        TRUE,
        FALSE,
        NULL
    }

    /** Input that is not JSON in UTF-8: where and why. Thrown without a stack trace: it is an answer, not a bug. */
    static final class SyntaxError extends Exception {
        private final DeadLetterReason reason;

        SyntaxError(DeadLetterReason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }

        DeadLetterReason reason() {
            return reason;
        }
    }

    // What comes next, given where the reader stands: ints rather than an enum, so that next() switches on the value
    // itself (a switch on an enum goes through a lookup table of ordinals first, once per token).
    private static final int ROOT_VALUE = 0;
    private static final int FIRST_NAME_OR_END = 1;
    private static final int FIRST_VALUE_OR_END = 2;
    private static final int VALUE = 3;
    private static final int COMMA_OR_END = 4;

    // Byte classes inside a string: plain bytes are passed over in one tight loop.
    private static final byte PLAIN = 0;
    private static final byte QUOTE = 1;
    private static final byte BACKSLASH = 2;
    private static final byte CONTROL = 3;
    private static final byte NON_ASCII = 4;
    /** Only in names: a dot may be an Elastic flattened path ({@code source.ip}), which the caller splits. */
    private static final byte DOT = 5;
    // Eight bytes at a time: strings are scanned and likely names compared a word (a long) at a time.
    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long QUOTES = ONES * '"';
    private static final long BACKSLASHES = ONES * '\\';
    private static final long CONTROL_LIMIT = ONES * 0x20;
    private static final long DOTS = ONES * '.';
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] STRING_BYTES = new byte[256];
    private static final byte[] NAME_BYTES = new byte[256];

    /** What {@link #scanString} met: flags in {@link #scanned}. */
    private static final int SAW_ESCAPE = 1;

    private static final int SAW_NON_ASCII = 2;
    private static final int SAW_DOT = 4;

    static {
        for (int b = 0; b < 256; b++) {
            byte kind = b == '"' ? QUOTE : b == '\\' ? BACKSLASH : b < 0x20 ? CONTROL : b >= 0x80 ? NON_ASCII : PLAIN;
            STRING_BYTES[b] = kind;
            NAME_BYTES[b] = b == '.' ? DOT : kind;
        }
    }

    private final int maxDepth;
    /** Per open container, from depth 1: true for an object, false for an array. */
    private final boolean[] objectAt;

    private byte[] in;
    private int end;
    private int pos;
    private int depth;
    private int expect;

    private Token token;
    private int tokenStart;
    /** For a string or a name: the bytes between the quotes; for a number or literal: its text. */
    private int valueStart;

    private int valueEnd;
    private boolean valueEscaped;
    private boolean valueNonAscii;

    /** The last name read: it stays while the value after it is read (a skipped object or array may replace it). */
    private int nameStart;

    private int nameEnd;
    private boolean nameEscaped;
    private boolean nameNonAscii;
    private boolean nameDotted;
    private int nameHash;
    private boolean nameWasLikely;
    /** Set by {@link #scanString}. */
    private int scanned;

    JsonScanner(int maxDepth) {
        this.maxDepth = maxDepth;
        this.objectAt = new boolean[maxDepth + 1];
    }

    /** Reads {@code in[from..to)} from its first token on; a UTF-8 byte order mark is passed over. */
    void reset(byte[] in, int from, int to) throws SyntaxError {
        this.in = in;
        this.end = to;
        this.pos = from;
        this.depth = 0;
        this.expect = ROOT_VALUE;
        this.token = null;
        if (to - from >= 3 && in[from] == (byte) 0xEF && in[from + 1] == (byte) 0xBB && in[from + 2] == (byte) 0xBF) {
            pos += 3;
        } else if (to - from >= 2
                && (in[from] == 0
                        || in[from + 1] == 0
                        || (in[from] == (byte) 0xFE && in[from + 1] == (byte) 0xFF)
                        || (in[from] == (byte) 0xFF && in[from + 1] == (byte) 0xFE))) {
            throw new SyntaxError(
                    DeadLetterReason.INVALID_ENCODING,
                    "UTF-16 or UTF-32 text (a zero byte or a byte order mark at the start): JSON must be UTF-8");
        }
    }

    /** The next token, or null after the last top-level value. Several top-level values may follow each other. */
    Token next() throws SyntaxError {
        return next(null);
    }

    /**
     * The next token, like {@link #next()}; if it is a name, it is first compared with {@code likelyName}, and taken
     * without scanning when it is exactly those bytes ({@link #nameWasLikely}).
     *
     * @param likelyName a name's bytes that are plain ASCII (no quote, backslash, control byte or dot), or null
     */
    Token next(byte[] likelyName) throws SyntaxError {
        int b = skipWhitespace();
        switch (expect) {
            case COMMA_OR_END -> {
                if (b == ',') {
                    pos++;
                    b = skipWhitespace();
                    return objectAt[depth] ? name(b, likelyName) : value(b);
                }
                if (b == (objectAt[depth] ? '}' : ']')) return close();
                throw unexpected(
                        b,
                        objectAt[depth]
                                ? "a comma or '}' after a value in an object"
                                : "a comma or ']' after a value in an array");
            }
            case FIRST_NAME_OR_END -> {
                return b == '}' ? close() : name(b, likelyName);
            }
            case FIRST_VALUE_OR_END -> {
                return b == ']' ? close() : value(b);
            }
            case VALUE -> {
                return value(b);
            }
            default -> {
                if (b < 0) {
                    token = null;
                    return null;
                }
                return value(b);
            }
        }
    }

    /**
     * On the start of an object or array, reads up to its end, validating it; on any other token, does nothing. The
     * names inside may replace the last name: take it before.
     */
    void skipChildren() throws SyntaxError {
        if (token != Token.START_OBJECT && token != Token.START_ARRAY) return;
        int outside = depth - 1;
        passOverWellFormed(outside);
        while (depth > outside) {
            next(); // what the quick pass stopped at: the rest, with every error said as next() says it
        }
    }

    /**
     * The quick part of {@link #skipChildren}: the same grammar as {@link #next}, but with the reader's place in
     * locals and nothing recorded per token, since nobody reads the tokens. It checks strings and numbers with the
     * same code as {@link #next}; at anything else it does not expect (a syntax error, the end of the input, a depth
     * beyond the limit) it stops on that token's start, or on the comma before it, so that {@link #next} reads it
     * again and reports it in its own words. It stops too when the container is closed, standing after it.
     */
    private void passOverWellFormed(int outside) throws SyntaxError {
        int p = pos;
        int state = expect;
        int comma = -1; // after a comma: where it is, to stop on it if what follows is wrong
        while (true) {
            while (p < end && isWhitespace(in[p])) p++;
            if (p >= end) break;
            byte b = in[p];
            if (state == COMMA_OR_END) {
                if (b == ',') {
                    comma = p++;
                    state = objectAt[depth] ? FIRST_NAME_OR_END : VALUE;
                    continue;
                }
                if (b != (objectAt[depth] ? '}' : ']')) break;
                close(p);
                if (depth == outside) return;
                p++;
                continue;
            }
            if (state == FIRST_NAME_OR_END && comma < 0 && b == '}' || state == FIRST_VALUE_OR_END && b == ']') {
                close(p);
                if (depth == outside) return;
                p++;
                state = COMMA_OR_END;
                continue;
            }
            if (state == FIRST_NAME_OR_END) {
                if (b != '"') break;
                int q = scanString(p + 1, STRING_BYTES, QUOTES, "in a field name") + 1; // no dots to note
                while (q < end && isWhitespace(in[q])) q++;
                if (q >= end || in[q] != ':') break;
                p = q + 1;
                state = VALUE;
                comma = -1;
                continue;
            }
            // a value
            if (b == '"') {
                p = scanString(p + 1, STRING_BYTES, QUOTES, "in a string") + 1;
            } else if (b == '{' || b == '[') {
                if (depth == maxDepth) break;
                objectAt[++depth] = b == '{';
                p++;
                state = b == '{' ? FIRST_NAME_OR_END : FIRST_VALUE_OR_END;
                comma = -1;
                continue;
            } else if (b == '-' || (b >= '0' && b <= '9')) {
                pos = p;
                number();
                p = pos;
            } else {
                byte[] word = b == 't' ? TRUE : b == 'f' ? FALSE : b == 'n' ? NULL : null;
                if (!isWord(p, word)) break;
                p += word.length;
            }
            state = COMMA_OR_END;
            comma = -1;
        }
        // hand what follows to next(): the token it stopped at, or the comma before it
        pos = comma >= 0 ? comma : p;
        expect = comma >= 0 ? COMMA_OR_END : state;
    }

    /** Closes the container whose closing bracket is at {@code at}, as {@link #close} does. */
    private void close(int at) {
        pos = at;
        close();
    }

    /** True if {@code in[at..]} spells {@code word} (its first byte already seen), false for a null word. */
    private boolean isWord(int at, byte[] word) {
        if (word == null || at + word.length > end) return false;
        for (int i = 1; i < word.length; i++) {
            if (in[at + i] != word[i]) return false;
        }
        return true;
    }

    Token token() {
        return token;
    }

    /** Where the current token starts. */
    int tokenStart() {
        return tokenStart;
    }

    /** Just after the current token. */
    int position() {
        return pos;
    }

    byte[] bytes() {
        return in;
    }

    int nameStart() {
        return nameStart;
    }

    int nameEnd() {
        return nameEnd;
    }

    /** A hash of the last name's bytes, for {@link KnownNames}. */
    int nameHash() {
        return nameHash;
    }

    /** True if the last name was the likely name given to {@link #next(byte[])}: it has no {@link #nameHash}. */
    boolean nameWasLikely() {
        return nameWasLikely;
    }

    /** True if the last name is ASCII without escapes or dots, so that its bytes are its characters. */
    boolean nameIsPlain() {
        return !nameEscaped && !nameNonAscii && !nameDotted;
    }

    boolean nameEquals(String ascii) {
        if (!nameIsPlain()) return name().equals(ascii);
        int length = nameEnd - nameStart;
        if (length != ascii.length()) return false;
        for (int i = 0; i < length; i++) {
            if (in[nameStart + i] != ascii.charAt(i)) return false;
        }
        return true;
    }

    /** The last name, decoded. */
    String name() {
        return decode(nameStart, nameEnd, nameEscaped, nameNonAscii);
    }

    /** The current scalar as text: a string decoded, a number or literal as written. */
    String text() {
        return switch (token) {
            case STRING -> decode(valueStart, valueEnd, valueEscaped, valueNonAscii);
            case NUMBER -> new String(in, valueStart, valueEnd - valueStart, StandardCharsets.ISO_8859_1);
            case TRUE -> "true";
            case FALSE -> "false";
            case NULL -> "null";
            default -> throw new IllegalStateException("no scalar at " + token);
        };
    }

    /** The line and column of an offset, for messages; columns count bytes from 1. */
    String at(int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset && i < end; i++) {
            if (in[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return "at line " + line + ", column " + (offset - lineStart + 1);
    }

    private Token name(int b, byte[] likelyName) throws SyntaxError {
        if (b != '"') throw unexpected(b, "a double quote to start a field name");
        tokenStart = pos;
        nameStart = pos + 1;
        if (likelyName != null && isAt(nameStart, likelyName)) {
            // the likely name's bytes are plain, so a scan would have found the same: nothing to validate or flag
            nameEnd = nameStart + likelyName.length;
            nameEscaped = false;
            nameNonAscii = false;
            nameDotted = false;
            nameWasLikely = true;
        } else {
            nameEnd = scanString(nameStart, NAME_BYTES, DOTS, "in a field name");
            nameEscaped = (scanned & SAW_ESCAPE) != 0;
            nameNonAscii = (scanned & SAW_NON_ASCII) != 0;
            nameDotted = (scanned & SAW_DOT) != 0;
            nameHash = hashOfRange(nameStart, nameEnd);
            nameWasLikely = false;
        }
        pos = nameEnd + 1;
        int colon = skipWhitespace();
        if (colon != ':') throw unexpected(colon, "a colon after a field name");
        pos++;
        expect = VALUE;
        token = Token.NAME;
        return token;
    }

    private Token value(int b) throws SyntaxError {
        tokenStart = pos;
        switch (b) {
            case '{' -> {
                open(true);
                expect = FIRST_NAME_OR_END;
                token = Token.START_OBJECT;
            }
            case '[' -> {
                open(false);
                expect = FIRST_VALUE_OR_END;
                token = Token.START_ARRAY;
            }
            case '"' -> {
                string();
                afterValue(Token.STRING);
            }
            case 't' -> afterScalar(literal(TRUE, Token.TRUE));
            case 'f' -> afterScalar(literal(FALSE, Token.FALSE));
            case 'n' -> afterScalar(literal(NULL, Token.NULL));
            case -1 -> throw endOfInput("where a value was expected");
            default -> {
                if (b == '-' || (b >= '0' && b <= '9')) {
                    number();
                    afterScalar(Token.NUMBER);
                } else if (Character.isLetter(b)) {
                    throw unrecognizedToken();
                } else {
                    throw unexpected(b, "a value");
                }
            }
        }
        return token;
    }

    private void open(boolean object) throws SyntaxError {
        if (depth == maxDepth) {
            throw new SyntaxError(
                    DeadLetterReason.TOO_DEEPLY_NESTED,
                    "nesting depth exceeds the maximum of " + maxDepth + " " + at(pos));
        }
        objectAt[++depth] = object;
        pos++;
    }

    private Token close() {
        tokenStart = pos;
        pos++;
        token = objectAt[depth--] ? Token.END_OBJECT : Token.END_ARRAY;
        expect = depth == 0 ? ROOT_VALUE : COMMA_OR_END;
        return token;
    }

    private void afterValue(Token scalar) {
        token = scalar;
        expect = depth == 0 ? ROOT_VALUE : COMMA_OR_END;
    }

    /** A number or literal must end where a delimiter starts: {@code 3{} is not 3 followed by an object. */
    private void afterScalar(Token scalar) throws SyntaxError {
        if (depth == 0 && pos < end && !isWhitespace(in[pos])) {
            throw unexpected(in[pos] & 0xFF, "a space separating top-level values");
        }
        afterValue(scalar);
    }

    /** pos stands on the opening quote; leaves it after the closing one. */
    private void string() throws SyntaxError {
        int close = scanString(pos + 1, STRING_BYTES, QUOTES, "in a string");
        valueStart = pos + 1;
        valueEnd = close;
        valueEscaped = (scanned & SAW_ESCAPE) != 0;
        valueNonAscii = (scanned & SAW_NON_ASCII) != 0;
        pos = close + 1;
    }

    /**
     * Checks a string's bytes from {@code from} (after its opening quote): escapes, UTF-8, no control bytes. Returns
     * the offset of the closing quote, and leaves in {@link #scanned} what it met on the way ({@code classes} and
     * {@code alsoStopAt} must agree on the bytes that are not plain: {@link #NAME_BYTES} and {@link #DOTS} for names).
     */
    private int scanString(int from, byte[] classes, long alsoStopAt, String where) throws SyntaxError {
        int i = from;
        int seen = 0;
        while (true) {
            // eight plain bytes a step: no quote, backslash, control byte, byte of 0x80 or more, or alsoStopAt's byte
            while (i + 8 <= end) {
                long word = (long) WORDS.get(in, i);
                long quote = word ^ QUOTES;
                long backslash = word ^ BACKSLASHES;
                long also = word ^ alsoStopAt;
                long flags = (((quote - ONES) & ~quote)
                                | ((backslash - ONES) & ~backslash)
                                | ((also - ONES) & ~also)
                                | ((word - CONTROL_LIMIT) & ~word)
                                | word)
                        & HIGH_BITS;
                if (flags != 0) {
                    i += Long.numberOfTrailingZeros(flags) >>> 3;
                    break;
                }
                i += 8;
            }
            while (i < end && classes[in[i] & 0xFF] == PLAIN) i++;
            if (i >= end) throw endOfInput(where);
            switch (classes[in[i] & 0xFF]) {
                case QUOTE -> {
                    scanned = seen;
                    return i;
                }
                case DOT -> {
                    seen |= SAW_DOT;
                    i++;
                }
                case BACKSLASH -> {
                    seen |= SAW_ESCAPE;
                    i = escape(i);
                }
                case NON_ASCII -> {
                    seen |= SAW_NON_ASCII;
                    i = utf8(i);
                }
                default -> throw control(i);
            }
        }
    }

    /** i stands on a backslash; returns the offset after the escape. */
    private int escape(int i) throws SyntaxError {
        if (i + 1 >= end) throw endOfInput("in an escape");
        switch (in[i + 1]) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
                return i + 2;
            }
            case 'u' -> {
                if (i + 6 > end) throw endOfInput("in a \\u escape");
                for (int k = i + 2; k < i + 6; k++) {
                    if (Character.digit(in[k], 16) < 0) {
                        throw new SyntaxError(
                                DeadLetterReason.MALFORMED_JSON,
                                "Unexpected character in a \\u escape: expected 4 hex digits " + at(k));
                    }
                }
                return i + 6;
            }
            default ->
                throw new SyntaxError(
                        DeadLetterReason.MALFORMED_JSON,
                        "Unrecognized character escape '" + (char) (in[i + 1] & 0xFF) + "' " + at(i + 1));
        }
    }

    /** i stands on a byte of 0x80 or more; checks one well-formed UTF-8 sequence and returns the offset after it. */
    private int utf8(int i) throws SyntaxError {
        int lead = in[i] & 0xFF;
        int length;
        int min = 0x80;
        int max = 0xBF; // the range of the second byte; later ones are always 80..BF
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0) min = 0xA0; // no overlong forms
            if (lead == 0xED) max = 0x9F; // no surrogates
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0) min = 0x90;
            if (lead == 0xF4) max = 0x8F; // nothing above U+10FFFF
        } else {
            throw invalidUtf8(i);
        }
        if (i + length > end) throw endOfInput("in a UTF-8 character");
        int second = in[i + 1] & 0xFF;
        if (second < min || second > max) throw invalidUtf8(i);
        for (int k = i + 2; k < i + length; k++) {
            if ((in[k] & 0xC0) != 0x80) throw invalidUtf8(i);
        }
        return i + length;
    }

    private void number() throws SyntaxError {
        int i = pos;
        if (in[i] == '-') i++;
        if (i >= end) throw endOfInput("in a number");
        if (in[i] == '0') {
            i++;
            if (i < end && isDigit(in[i])) {
                throw new SyntaxError(
                        DeadLetterReason.MALFORMED_JSON, "Invalid numeric value: leading zeroes " + at(i));
            }
        } else if (isDigit(in[i])) {
            while (i < end && isDigit(in[i])) i++;
        } else {
            throw new SyntaxError(
                    DeadLetterReason.MALFORMED_JSON,
                    "Invalid numeric value: expected a digit after the minus sign " + at(i));
        }
        if (i < end && in[i] == '.') {
            i = digits(i + 1, "a decimal point");
        }
        if (i < end && (in[i] == 'e' || in[i] == 'E')) {
            i++;
            if (i < end && (in[i] == '+' || in[i] == '-')) i++;
            i = digits(i, "an exponent");
        }
        valueStart = pos;
        valueEnd = i;
        pos = i;
    }

    private int digits(int i, String after) throws SyntaxError {
        if (i >= end) throw endOfInput("in a number");
        if (!isDigit(in[i])) {
            throw new SyntaxError(
                    DeadLetterReason.MALFORMED_JSON,
                    "Invalid numeric value: expected a digit after " + after + " " + at(i));
        }
        while (i < end && isDigit(in[i])) i++;
        return i;
    }

    private Token literal(byte[] word, Token literal) throws SyntaxError {
        if (!isWord(pos, word)) throw unrecognizedToken();
        pos += word.length;
        return literal;
    }

    /** True if {@code in[from..]} holds {@code name} and then a closing quote. */
    private boolean isAt(int from, byte[] name) {
        int quote = from + name.length;
        if (quote >= end || in[quote] != '"') return false;
        int i = 0;
        for (; i + 8 <= name.length; i += 8) {
            if ((long) WORDS.get(in, from + i) != (long) WORDS.get(name, i)) return false;
        }
        for (; i < name.length; i++) {
            if (in[from + i] != name[i]) return false;
        }
        return true;
    }

    /** A cheap hash of a name's bytes for {@link KnownNames}: its length and a few of its bytes, no loop. */
    private int hashOfRange(int from, int to) {
        int length = to - from;
        if (length == 0) return 0;
        int hash = length;
        hash = 31 * hash + in[from];
        hash = 31 * hash + in[from + (length >> 1)];
        hash = 31 * hash + in[to - 1];
        return 31 * hash + in[to - (length > 1 ? 2 : 1)];
    }

    /** Moves past whitespace; the byte there (0..255), or -1 at the end. */
    private int skipWhitespace() {
        if (pos < end && (in[pos] & 0xFF) > ' ') return in[pos] & 0xFF; // most tokens follow each other directly
        while (pos < end) {
            byte b = in[pos];
            if (!isWhitespace(b)) return b & 0xFF;
            pos++;
        }
        return -1;
    }

    /** JSON's four whitespace bytes; most bytes are above the space, so one comparison usually answers. */
    static boolean isWhitespace(byte b) {
        return (b & 0xFF) <= ' ' && (b == ' ' || b == '\n' || b == '\r' || b == '\t');
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private String decode(int from, int to, boolean escaped, boolean nonAscii) {
        if (!escaped) {
            return new String(in, from, to - from, nonAscii ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        }
        StringBuilder text = new StringBuilder(to - from);
        int plain = from;
        int i = from;
        while (i < to) {
            if (in[i] != '\\') {
                i++;
                continue;
            }
            text.append(new String(in, plain, i - plain, StandardCharsets.UTF_8));
            byte kind = in[i + 1];
            switch (kind) {
                case 'b' -> text.append('\b');
                case 'f' -> text.append('\f');
                case 'n' -> text.append('\n');
                case 'r' -> text.append('\r');
                case 't' -> text.append('\t');
                case 'u' ->
                    text.append((char) Integer.parseInt(new String(in, i + 2, 4, StandardCharsets.ISO_8859_1), 16));
                default -> text.append((char) kind); // " \ /
            }
            i += kind == 'u' ? 6 : 2;
            plain = i;
        }
        return text.append(new String(in, plain, to - plain, StandardCharsets.UTF_8))
                .toString();
    }

    private SyntaxError unexpected(int b, String expected) {
        if (b < 0) return endOfInput("where " + expected + " was expected");
        if (b >= 0x80) {
            try {
                utf8(pos); // a broken character is an encoding problem, a well-formed one just out of place
            } catch (SyntaxError encoding) {
                return encoding;
            }
        }
        String shown = b >= 0x20 && b < 0x7F ? "'" + (char) b + "' (code " + b + ")" : "code " + b;
        return new SyntaxError(
                DeadLetterReason.MALFORMED_JSON,
                "Unexpected character " + shown + ": expected " + expected + " " + at(pos));
    }

    private SyntaxError unrecognizedToken() {
        int to = pos;
        while (to < end && to - pos < 32 && Character.isLetterOrDigit(in[to])) to++;
        return new SyntaxError(
                DeadLetterReason.MALFORMED_JSON,
                "Unrecognized token '"
                        + new String(in, pos, Math.max(1, to - pos), StandardCharsets.ISO_8859_1)
                        + "': expected true, false, null, a number, a string, an object or an array " + at(pos));
    }

    private SyntaxError endOfInput(String where) {
        String inside = depth == 0 ? "" : objectAt[depth] ? " (inside an object)" : " (inside an array)";
        return new SyntaxError(
                DeadLetterReason.MALFORMED_JSON, "Unexpected end-of-input " + where + inside + " " + at(end));
    }

    private SyntaxError control(int i) {
        return new SyntaxError(
                DeadLetterReason.MALFORMED_JSON,
                "Illegal unquoted control character (code " + in[i] + ") in a string: it has to be escaped " + at(i));
    }

    private SyntaxError invalidUtf8(int i) {
        return new SyntaxError(
                DeadLetterReason.INVALID_ENCODING,
                "Invalid UTF-8 byte sequence starting with 0x" + Integer.toHexString(in[i] & 0xFF) + " " + at(i));
    }
}
