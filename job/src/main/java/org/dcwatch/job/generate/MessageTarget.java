package org.dcwatch.job.generate;

import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;

/**
 * Where generated messages go. A message is what one Event Hub or Kafka record would carry: an envelope of several
 * sign-ins, or one record. They go to a file or standard output, one a line ({@link #lines}), or to a Kafka topic, one
 * a Kafka record ({@link KafkaTopicTarget}); {@link PacedTarget} holds either to a rate.
 */
public interface MessageTarget extends Closeable {

    /**
     * @param records how many sign-in records the message carries: a rate is of records, not of messages
     */
    void send(CharSequence message, int records) throws IOException;

    /**
     * Hands what was sent so far on to the reader, before a pause: a paced run must not sit in a buffer. Targets that
     * deliver on their own within moments need do nothing.
     */
    default void flush() throws IOException {}

    /** One message a line. Closing the target flushes the writer but leaves it open: its owner closes it. */
    static MessageTarget lines(Writer writer) {
        return new MessageTarget() {
            @Override
            public void send(CharSequence message, int records) throws IOException {
                writer.append(message);
                writer.write('\n');
            }

            @Override
            public void flush() throws IOException {
                writer.flush();
            }

            @Override
            public void close() throws IOException {
                writer.flush();
            }
        };
    }
}
