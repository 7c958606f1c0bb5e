package org.dcwatch.job.generate;

import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;

/**
 * Where generated messages go. A message is what one Event Hub or Kafka record would carry: an envelope of several
 * sign-ins, or one record. Today they go to a file or standard output, one a line ({@link #lines}); a Kafka producer
 * sending each message as one record to a topic is the next target, and needs nothing else to change.
 */
public interface MessageTarget extends Closeable {

    void send(CharSequence message) throws IOException;

    /** One message a line. Closing the target flushes the writer but leaves it open: its owner closes it. */
    static MessageTarget lines(Writer writer) {
        return new MessageTarget() {
            @Override
            public void send(CharSequence message) throws IOException {
                writer.append(message);
                writer.write('\n');
            }

            @Override
            public void close() throws IOException {
                writer.flush();
            }
        };
    }
}
