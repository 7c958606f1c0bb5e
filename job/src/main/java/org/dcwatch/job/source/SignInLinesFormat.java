package org.dcwatch.job.source;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
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
 * Sign-in messages from files for the Flink {@link FileSource}: one message a line, as raw bytes. Decoding is the
 * parser's job, so that a line of invalid UTF-8 reaches it and becomes a dead letter rather than a string of
 * replacement characters. Gzipped files ({@code .gz}) are decompressed by the file source itself.
 */
public final class SignInLinesFormat extends SimpleStreamFormat<byte[]> {

    private static final int BUFFER_BYTES = 1 << 16;

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
        return new LineReader(new BufferedInputStream(stream, BUFFER_BYTES));
    }

    @Override
    public TypeInformation<byte[]> getProducedType() {
        return PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO;
    }

    private static final class LineReader implements StreamFormat.Reader<byte[]> {
        private final InputStream in;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(8192);
        private final byte[] buffer = new byte[BUFFER_BYTES];
        private int position;
        private int limit;

        LineReader(InputStream in) {
            this.in = in;
        }

        /** The next non-blank line without its line break, or null at the end of the file. */
        @Override
        public byte[] read() throws IOException {
            while (true) {
                line.reset();
                boolean sawAny = false;
                while (true) {
                    if (position == limit) {
                        limit = in.read(buffer, 0, buffer.length);
                        position = 0;
                        if (limit <= 0) {
                            limit = 0;
                            if (!sawAny) return null;
                            break;
                        }
                    }
                    sawAny = true;
                    int start = position;
                    while (position < limit && buffer[position] != '\n') position++;
                    line.write(buffer, start, position - start);
                    if (position < limit) {
                        position++; // the line break
                        break;
                    }
                }
                byte[] bytes = line.toByteArray();
                int length = bytes.length;
                if (length > 0 && bytes[length - 1] == '\r') length--;
                if (!isBlank(bytes, length)) {
                    return length == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, length);
                }
            }
        }

        private static boolean isBlank(byte[] bytes, int length) {
            for (int i = 0; i < length; i++) {
                if (bytes[i] != ' ' && bytes[i] != '\t') return false;
            }
            return true;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
