package org.dcwatch.job.source;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.assigners.FileSplitAssigner;
import org.apache.flink.connector.file.src.enumerate.NonSplittingRecursiveEnumerator;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.IteratorResultIterator;
import org.apache.flink.core.fs.Path;
import org.dcwatch.job.config.JobSettings;

/**
 * Sign-in files as a Flink {@link FileSource}, parsed in the source: one message a non-blank line, or the whole file
 * as one message when it is one pretty-printed JSON value (the rule {@code validate} follows, {@link MessageFiles});
 * {@code .gz} files are decompressed. Each record leaves as a {@link SignInOrDeadLetter}, dead letters with their
 * {@code file:line}.
 *
 * <p>Each file is a split, and the watermark strategy runs per split, so one file's times never make another's late.
 * The files are read in name order, one after the other ({@link InNameOrder}): a replay of daily exports
 * ({@code signins-2026-03-01.jsonl}, ...) reads them as they happened, and the same files give the same late sign-ins
 * on every run. Within a file, a sign-in far ahead of the rest is held back until the next ones confirm its time
 * ({@link TimeJumpGuard}).
 *
 * <p>A reader's position is the number of records it has handed on: a restored reader parses its file again from the
 * start and skips that many, which gives the same records, since parsing and the guard depend on the file alone.
 */
public final class SignInFiles implements BulkFormat<SignInOrDeadLetter, FileSourceSplit> {

    /** Records handed to the source a batch. */
    private static final int BATCH_SIZE = 256;

    private final JobSettings settings;

    private SignInFiles(JobSettings settings) {
        this.settings = settings;
    }

    /** A bounded source of every data file under the path (see {@link MessageFiles#isDataFile}). */
    public static FileSource<SignInOrDeadLetter> source(String path, JobSettings settings) {
        return FileSource.forBulkFileFormat(new SignInFiles(settings), new Path(path))
                .setFileEnumerator(() -> new NonSplittingRecursiveEnumerator(SignInFiles::isDataFileOrDirectory))
                .setSplitAssigner(InNameOrder::new)
                .build();
    }

    /** The enumerator asks about directories too: a name without a data extension and without a dot is taken as one. */
    private static boolean isDataFileOrDirectory(Path path) {
        String name = path.getName();
        if (name.startsWith(".") || name.startsWith("_")) return false;
        return MessageFiles.isDataFile(java.nio.file.Path.of(name)) || !name.contains(".");
    }

    @Override
    public BulkFormat.Reader<SignInOrDeadLetter> createReader(Configuration config, FileSourceSplit split)
            throws IOException {
        return new FileReader(split.path(), settings, 0);
    }

    @Override
    public BulkFormat.Reader<SignInOrDeadLetter> restoreReader(Configuration config, FileSourceSplit split)
            throws IOException {
        long handedOn = split.getReaderPosition().map(CheckpointedPosition::getRecordsAfterOffset).orElse(0L);
        return new FileReader(split.path(), settings, handedOn);
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<SignInOrDeadLetter> getProducedType() {
        return SignInOrDeadLetter.TYPE;
    }

    /** Hands out the files in the order of their paths, so that one reader reads them in name order. */
    static final class InNameOrder implements FileSplitAssigner {
        private static final Comparator<FileSourceSplit> BY_PATH =
                Comparator.comparing((FileSourceSplit split) -> split.path().toString()).thenComparing(FileSourceSplit::splitId);

        private final TreeSet<FileSourceSplit> remaining = new TreeSet<>(BY_PATH);

        InNameOrder(Collection<FileSourceSplit> splits) {
            remaining.addAll(splits);
        }

        @Override
        public Optional<FileSourceSplit> getNext(String hostname) {
            return Optional.ofNullable(remaining.pollFirst());
        }

        @Override
        public void addSplits(Collection<FileSourceSplit> splits) {
            remaining.addAll(splits);
        }

        @Override
        public Collection<FileSourceSplit> remainingSplits() {
            return new ArrayList<>(remaining);
        }
    }

    /** Reads one file: its messages, parsed, through the time-jump guard, a batch at a time. */
    static final class FileReader implements BulkFormat.Reader<SignInOrDeadLetter> {
        private final String file;
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
        private long toSkip;
        private long handedOn;
        private boolean ended;

        FileReader(Path path, JobSettings settings, long alreadyHandedOn) throws IOException {
            this.file = path.getPath();
            boolean jsonLines;
            try (InputStream probe = open(path)) {
                jsonLines = MessageFiles.isJsonLines(probe);
            }
            this.in = open(path);
            this.lines = jsonLines ? new ByteLines(in) : null;
            this.parser = new SourceParser(settings);
            parser.open();
            this.guard = new TimeJumpGuard(TimeJumpGuard.boundFor(settings.outOfOrderness()), parser);
            this.guarded = item -> guard.accept(item, origin, toReady);
            this.toSkip = alreadyHandedOn;
            this.handedOn = alreadyHandedOn;
        }

        private static InputStream open(Path path) throws IOException {
            return MessageFiles.decompressed(path.getFileSystem().open(path), path.getName());
        }

        private String origin() {
            return lineNumber == 0 ? file : file + ":" + lineNumber;
        }

        @Override
        public BulkFormat.RecordIterator<SignInOrDeadLetter> readBatch() throws IOException {
            List<SignInOrDeadLetter> batch = new ArrayList<>(BATCH_SIZE);
            while (batch.size() < BATCH_SIZE) {
                SignInOrDeadLetter next = ready.poll();
                if (next == null) {
                    if (!readMessage()) break;
                } else if (toSkip > 0) {
                    toSkip--; // handed on before the restore
                } else {
                    batch.add(next);
                }
            }
            if (batch.isEmpty()) return null;
            long before = handedOn;
            handedOn += batch.size();
            return new IteratorResultIterator<>(batch.iterator(), CheckpointedPosition.NO_OFFSET, before);
        }

        /** Parses the next message into {@link #ready} (possibly nothing, while the guard holds a sign-in); false at the end. */
        private boolean readMessage() throws IOException {
            if (ended) return false;
            byte[] message;
            if (lines == null) {
                message = in.readAllBytes();
                ended = true;
            } else {
                message = lines.nextNonBlank();
                lineNumber = lines.lineNumber();
                ended = message == null;
            }
            if (message != null) parser.parse(message, origin, Long.MAX_VALUE, guarded);
            if (ended) guard.end(toReady);
            return true;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
