package org.dcwatch.job.source;

import java.io.IOException;
import java.io.InputStream;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.enumerate.NonSplittingRecursiveEnumerator;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.Path;

/**
 * Sign-in messages from files for the Flink {@link FileSource}: one message a non-blank line, as raw bytes (see
 * {@link ByteLines}). Gzipped files ({@code .gz}) are decompressed by the file source itself.
 */
public final class SignInLinesFormat extends SimpleStreamFormat<byte[]> {

    /** A bounded source of every data file under the path (see {@link MessageFiles#isDataFile}). */
    public static FileSource<byte[]> fileSource(String path) {
        return FileSource.forRecordStreamFormat(new SignInLinesFormat(), new Path(path))
                .setFileEnumerator(() -> new NonSplittingRecursiveEnumerator(SignInLinesFormat::isDataFileOrDirectory))
                .build();
    }

    /** The enumerator asks about directories too: a name without a data extension and without a dot is taken as one. */
    private static boolean isDataFileOrDirectory(Path path) {
        String name = path.getName();
        if (name.startsWith(".") || name.startsWith("_")) return false;
        return MessageFiles.isDataFile(java.nio.file.Path.of(name)) || !name.contains(".");
    }

    @Override
    public StreamFormat.Reader<byte[]> createReader(Configuration config, FSDataInputStream stream) {
        return new LineReader(stream);
    }

    @Override
    public TypeInformation<byte[]> getProducedType() {
        return PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO;
    }

    /** Reads the non-blank lines of one file. */
    private static final class LineReader implements StreamFormat.Reader<byte[]> {
        private final InputStream in;
        private final ByteLines lines;

        LineReader(InputStream in) {
            this.in = in;
            this.lines = new ByteLines(in);
        }

        /** The next non-blank line without its line break, or null at the end of the file. */
        @Override
        public byte[] read() throws IOException {
            return lines.nextNonBlank();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
