package org.dcwatch.job.generate;

import java.io.Closeable;
import java.io.IOException;

/**
 * Turns sign-ins and audit records into messages of a {@link SignInFormat}: envelopes of {@code perEnvelope} records for
 * {@link SignInFormat#EVENTHUB}, else one record a message. Closing it sends the last, partial envelope.
 */
public final class SignInMessages implements Closeable {

    private final SignInFormat format;
    private final int perEnvelope;
    private final MessageTarget target;
    private final StringBuilder envelope = new StringBuilder(1 << 16);
    private int inEnvelope;
    private long records;
    private long messages;

    public SignInMessages(SignInFormat format, int perEnvelope, MessageTarget target) {
        if (perEnvelope < 1) throw new IllegalArgumentException("an envelope holds at least one record");
        this.format = format;
        this.perEnvelope = perEnvelope;
        this.target = target;
    }

    public void add(GeneratedRecord generated) throws IOException {
        String record = format.render(generated);
        records++;
        if (!format.envelopes()) {
            target.send(record, 1);
            messages++;
            return;
        }
        envelope.append(inEnvelope == 0 ? "{\"records\":[" : ",").append(record);
        if (++inEnvelope == perEnvelope) sendEnvelope();
    }

    /** How many records were added so far. */
    public long records() {
        return records;
    }

    /** How many messages were sent so far. */
    public long messages() {
        return messages;
    }

    /** Sends the last envelope; the target is closed even when that fails, so that it releases what it holds. */
    @Override
    public void close() throws IOException {
        try {
            if (inEnvelope > 0) sendEnvelope();
        } finally {
            target.close();
        }
    }

    private void sendEnvelope() throws IOException {
        target.send(envelope.append("]}"), inEnvelope);
        messages++;
        envelope.setLength(0);
        inEnvelope = 0;
    }
}
