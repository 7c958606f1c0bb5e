package org.dcwatch.job.source;

import java.io.Serializable;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.dcwatch.job.config.JobSettings;
import org.dcwatch.udfs.event.DeviceRegistrationEvent;
import org.dcwatch.udfs.event.SourceFormat;
import org.dcwatch.udfs.parse.AuditOutput;
import org.dcwatch.udfs.parse.DeadLetter;
import org.dcwatch.udfs.parse.DeadLetterReason;
import org.dcwatch.udfs.parse.HeaderOutput;
import org.dcwatch.udfs.parse.SignInHeader;
import org.dcwatch.udfs.parse.SignInParser;

/**
 * The parser of the sign-in sources: each record of a message becomes a {@link SignInOrDeadLetter}, and a dead letter
 * says where its message came from. Every record is checked in full, but a sign-in leaves as a {@link SignInHeader}:
 * the values that route it, and its record's bytes; the router reads in full only the few that need everything. The
 * audit records of the same stream become device registrations or skipped records ({@link SignInParser}).
 *
 * <p>It is the sources' settings (serializable, part of the job graph); the parser itself is made where the source
 * runs, by {@link #open()}.
 */
public final class SourceParser implements Serializable {

    /**
     * Record dead letters written one by one for a message; the rest become one {@link DeadLetterReason#MORE_DEAD_LETTERS}
     * that counts them by reason. A message of a hundred thousand tiny broken records would otherwise write dead
     * letters many times its own size.
     */
    public static final int MAX_DEAD_LETTERS_PER_MESSAGE = 100;

    private final SourceFormat format;
    private final int maxMessageBytes;
    private final long maxTimeAheadMillis;

    private transient SignInParser parser;
    private transient Forwarder forwarder;

    public SourceParser(JobSettings settings) {
        this.format = settings.format();
        this.maxMessageBytes = settings.maxMessageBytes();
        this.maxTimeAheadMillis = settings.maxTimeAhead().toMillis();
    }

    /** Makes the parser; called once where the source runs, before {@link #parse}. */
    public void open() {
        parser = new SignInParser(format, DeadLetter.DEFAULT_RAW_LIMIT, maxMessageBytes, maxTimeAheadMillis);
        forwarder = new Forwarder();
    }

    /** How far a sign-in may be timed ahead of the clocks that bound it: its ingestion time, the wall clock. */
    public long maxTimeAheadMillis() {
        return maxTimeAheadMillis;
    }

    /**
     * @param origin where the message came from ({@code file:line}, {@code topic/partition@offset}); asked only when a
     *     record of it is a dead letter
     * @param notAfterMillis sign-ins timed after this are {@link DeadLetterReason#FUTURE_TIME} dead letters;
     *     {@link Long#MAX_VALUE} for none
     */
    public void parse(byte[] message, Supplier<String> origin, long notAfterMillis, Consumer<SignInOrDeadLetter> out) {
        forwarder.origin = origin;
        forwarder.out = out;
        forwarder.written = 0;
        forwarder.beyond = null;
        parser.parseHeaders(message, forwarder, notAfterMillis);
        if (forwarder.beyond != null) {
            out.accept(SignInOrDeadLetter.of(new DeadLetter(
                    DeadLetterReason.MORE_DEAD_LETTERS,
                    "more dead letters in this message than the " + MAX_DEAD_LETTERS_PER_MESSAGE
                            + " written one by one: " + forwarder.beyond,
                    DeadLetter.WHOLE_MESSAGE,
                    "",
                    message.length,
                    origin.get())));
        }
    }

    /** A dead letter of a sign-in this parser read, refused after the fact (its origin is the caller's to add). */
    public DeadLetter deadLetter(SignInHeader signIn, DeadLetterReason reason, String detail) {
        return parser.deadLetter(signIn, reason, detail);
    }

    /** Hands the parser's output on; one instance, re-pointed per message, so that parsing allocates no sink. */
    private static final class Forwarder implements HeaderOutput, AuditOutput {
        Supplier<String> origin;
        Consumer<SignInOrDeadLetter> out;
        int written;
        /** The dead letters of the message beyond the limit, by reason; null while there are none. */
        Map<DeadLetterReason, Integer> beyond;

        @Override
        public void header(SignInHeader signIn) {
            out.accept(SignInOrDeadLetter.of(signIn));
        }

        @Override
        public void deviceRegistration(DeviceRegistrationEvent event) {
            out.accept(SignInOrDeadLetter.of(event));
        }

        @Override
        public void skipped(String category, String operationName, long eventTime) {
            out.accept(SignInOrDeadLetter.of(new SkippedAuditRecord(category, operationName, eventTime)));
        }

        @Override
        public void deadLetter(DeadLetter deadLetter) {
            if (written++ < MAX_DEAD_LETTERS_PER_MESSAGE) {
                out.accept(SignInOrDeadLetter.of(deadLetter.withOrigin(origin.get())));
                return;
            }
            if (beyond == null) beyond = new EnumMap<>(DeadLetterReason.class);
            beyond.merge(deadLetter.reason(), 1, Integer::sum);
        }
    }
}
