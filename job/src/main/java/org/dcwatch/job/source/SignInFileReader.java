package org.dcwatch.job.source;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.flink.core.fs.Path;
import org.dcwatch.job.config.JobSettings;
import org.dcwatch.udfs.parse.DeadLetter;
import org.dcwatch.udfs.parse.DeadLetterReason;

/**
 * The sign-ins and dead letters of one file, in order: what {@code run} reads ({@link SignInFiles}) and what
 * {@code validate} reports, by one reader and one rule. One message a non-blank line, or the whole file as one message
 * when it is one pretty-printed JSON value ({@link MessageFiles#isJsonLines}); {@code .gz} decompressed. Dead letters
 * carry their {@code file:line}; sign-ins far ahead of the file's history pass the {@link TimeJumpGuard}.
 *
 * <p>No message larger than {@code --max-message-bytes} is ever held whole: a longer line, or a longer whole file, is
 * read past and becomes one {@link DeadLetterReason#TOO_LARGE} dead letter with its first bytes.
 */
public final class SignInFileReader implements Closeable {

    private final String file;
    private final int maxMessageBytes;
    private final InputStream in;
    /** The file's lines, or null when the file is one message. */
    private final ByteLines lines;

    private final SourceParser parser;
    private final TimeJumpGuard guard;
    private final ArrayDeque<SignInOrDeadLetter> ready = new ArrayDeque<>();
    /** The parser's output, through the guard, into {@link #ready}; made once, not per message. */
    private final Consumer<SignInOrDeadLetter> guarded;

    private final Consumer<SignInOrDeadLetter> toReady = ready::add;
    private final Supplier<String> origin = this::origin;
    /** The line of the message being read, or 0 when the file is one message. */
    private long lineNumber;

    private long messages;
    private boolean ended;

    public SignInFileReader(Path path, JobSettings settings) throws IOException {
        this.file = path.getPath();
        this.maxMessageBytes = settings.maxMessageBytes();
        boolean jsonLines;
        try (InputStream probe = open(path)) {
            jsonLines = MessageFiles.isJsonLines(probe, maxMessageBytes);
        }
        this.in = open(path);
        this.lines = jsonLines ? new ByteLines(in, maxMessageBytes) : null;
        this.parser = new SourceParser(settings);
        parser.open();
        this.guard = new TimeJumpGuard(TimeJumpGuard.boundFor(settings.outOfOrderness()), parser);
        this.guarded = item -> guard.accept(item, origin, toReady);
    }

    private static InputStream open(Path path) throws IOException {
        return MessageFiles.decompressed(path.getFileSystem().open(path), path.getName());
    }

    /** The next sign-in or dead letter of the file, or null at its end. */
    public SignInOrDeadLetter next() throws IOException {
        while (ready.isEmpty()) {
            if (ended) return null;
            readMessage();
        }
        return ready.poll();
    }

    /** The messages read so far. */
    public long messages() {
        return messages;
    }

    /** Parses the next message into {@link #ready}: possibly nothing, while the guard holds a sign-in. */
    private void readMessage() throws IOException {
        byte[] message;
        long cutLength;
        if (lines == null) {
            message = in.readNBytes(maxMessageBytes);
            cutLength = in.read() < 0 ? -1 : message.length + 1 + in.transferTo(OutputStream.nullOutputStream());
            ended = true;
        } else {
            message = lines.nextNonBlank();
            lineNumber = lines.lineNumber();
            cutLength = lines.cutLength();
            ended = message == null;
        }
        if (message != null) {
            messages++;
            if (cutLength >= 0) {
                ready.add(SignInOrDeadLetter.of(tooLarge(message, cutLength)));
            } else {
                parser.parse(message, origin, Long.MAX_VALUE, guarded);
            }
        }
        if (ended) guard.end(toReady);
    }

    /** A message read past rather than held: its first bytes, and how long it was. */
    private DeadLetter tooLarge(byte[] excerpt, long length) {
        return new DeadLetter(
                DeadLetterReason.TOO_LARGE,
                length + " bytes, the limit is " + maxMessageBytes,
                DeadLetter.WHOLE_MESSAGE,
                DeadLetter.boundedText(excerpt, 0, excerpt.length, DeadLetter.DEFAULT_RAW_LIMIT),
                (int) Math.min(length, Integer.MAX_VALUE),
                origin());
    }

    private String origin() {
        return lineNumber == 0 ? file : file + ":" + lineNumber;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
