package org.dcwatch.job.source;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
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
 * Sign-in files as a Flink {@link FileSource}, parsed in the source, each by a {@link SignInFileReader} — the reader
 * {@code validate} uses too. Each record leaves as a {@link SignInOrDeadLetter}, dead letters with their
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
        return builder(path, settings).build();
    }

    /**
     * An unbounded source of the data files under the path: every {@code interval} it reads the files that appeared
     * since, each once, and it never ends, so no final watermark fires the state's event-time timers. The files it has
     * read are in its checkpoints, so a job restored from one reads only the newer files.
     */
    public static FileSource<SignInOrDeadLetter> monitoredSource(String path, JobSettings settings, Duration interval) {
        return builder(path, settings).monitorContinuously(interval).build();
    }

    private static FileSource.FileSourceBuilder<SignInOrDeadLetter> builder(String path, JobSettings settings) {
        return FileSource.forBulkFileFormat(new SignInFiles(settings), new Path(path))
                .setFileEnumerator(() -> new NonSplittingRecursiveEnumerator(SignInFiles::isDataFileOrDirectory))
                .setSplitAssigner(InNameOrder::new);
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
        long handedOn = split.getReaderPosition()
                .map(CheckpointedPosition::getRecordsAfterOffset)
                .orElse(0L);
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
        private static final Comparator<FileSourceSplit> BY_PATH = Comparator.comparing(
                        (FileSourceSplit split) -> split.path().toString())
                .thenComparing(FileSourceSplit::splitId);

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

    /** Reads one file ({@link SignInFileReader}) a batch at a time, with the positions Flink checkpoints. */
    static final class FileReader implements BulkFormat.Reader<SignInOrDeadLetter> {
        private final SignInFileReader file;
        private long toSkip;
        private long handedOn;

        FileReader(Path path, JobSettings settings, long alreadyHandedOn) throws IOException {
            this.file = new SignInFileReader(path, settings);
            this.toSkip = alreadyHandedOn;
            this.handedOn = alreadyHandedOn;
        }

        @Override
        public BulkFormat.RecordIterator<SignInOrDeadLetter> readBatch() throws IOException {
            List<SignInOrDeadLetter> batch = new ArrayList<>(BATCH_SIZE);
            SignInOrDeadLetter next;
            while (batch.size() < BATCH_SIZE && (next = file.next()) != null) {
                if (toSkip > 0) {
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

        @Override
        public void close() throws IOException {
            file.close();
        }
    }
}
