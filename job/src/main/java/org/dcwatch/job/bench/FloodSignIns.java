package org.dcwatch.job.bench;

import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import org.dcwatch.job.generate.MessageTarget;
import org.dcwatch.job.generate.Networks;
import org.dcwatch.job.generate.SignInFormat;
import org.dcwatch.job.generate.SignInMessages;
import org.dcwatch.job.generate.SignInSpec;

/**
 * The flood of the flood benchmark (issue 14): one session of one tenant's user with {@code count} device-code-flow
 * sign-ins, in time order, within {@link #SPAN} of event time — under the 9 minutes of both session rules' window, so
 * that every sign-in of the flood is in one window with every other. Two {@link Shape}s:
 *
 * <ul>
 *   <li>{@link Shape#ONE_SOURCE}: one IP and one user agent (a poller), interactive device-code sign-ins (protocol
 *       deviceCode) and non-interactive token uses in turn. One place, so no session rule may alert; but every
 *       interactive sign-in can start a CEP partial match that no token use can complete: the costly case.
 *   <li>{@link Shape#TWO_SOURCES}: a real phishing session under a flood. The victim enters the code in their browser
 *       at home (two interactive deviceCode sign-ins ten seconds apart, the code then MFA), and the attacker's poller
 *       uses the tokens from a hosting IP for the rest of the span: non-interactive token uses, a python user agent.
 *       Both session rules must alert; the victim's two sign-ins are the oldest of the session, the ones a buffer of
 *       the newest sign-ins loses first.
 * </ul>
 *
 * <p>Deterministic: the same shape, count, seed and start give the same records, byte for byte. Sign-in ids are
 * random-looking version-4 GUIDs drawn from the seed; times are spread evenly over the span, to the millisecond.
 * Records are rendered as {@code generate} writes them ({@link SignInFormat#EVENTHUB}: envelopes of
 * {@link #RECORDS_PER_ENVELOPE}).
 */
public final class FloodSignIns {

    /** The flood's two shapes. */
    public enum Shape {
        ONE_SOURCE("one-source"),
        TWO_SOURCES("two-sources");

        private final String cliName;

        Shape(String cliName) {
            this.cliName = cliName;
        }

        public String cliName() {
            return cliName;
        }

        public static Shape byCliName(String name) {
            for (Shape shape : values()) {
                if (shape.cliName.equals(name)) return shape;
            }
            throw new IllegalArgumentException("unknown flood shape '" + name + "'; known: one-source, two-sources");
        }
    }

    /** From the first sign-in to the last: a second under the rules' 9 minutes, whichever way their boundary goes. */
    public static final Duration SPAN = Duration.ofMinutes(9).minusSeconds(1);

    public static final int RECORDS_PER_ENVELOPE = 10;
    /** The fewest sign-ins of a flood: the two-source shape needs the victim's two and a poller's one. */
    public static final int MIN_COUNT = 3;
    /** A Sunday morning, as the load's: no other traffic of the user is near it. */
    public static final Instant DEFAULT_START = Instant.parse("2026-03-01T09:00:00Z");

    static final String TENANT = "5b1f7e0a-3c2d-4e6f-8a9b-0c1d2e3f4a5b";
    static final String USER = "6c2a8f1b-4d3e-4f70-9bac-1d2e3f4a5b6c";
    static final String UPN = "flooded.user@contoso.example";
    static final String SESSION = "7d3b9a2c-5e4f-4081-8cbd-2e3f4a5b6c7d";
    static final String POLLER_USER_AGENT = "python-requests/2.31.0";
    static final Networks.Network POLLER_NETWORK = Networks.HOSTING.get(0);
    static final Networks.Network HOME = Networks.HOME.get(0);
    /** The victim's second sign-in (MFA) this long after the first. */
    static final Duration MFA_AFTER = Duration.ofSeconds(10);

    private final Shape shape;
    private final int count;
    private final long seed;
    private final Instant start;

    public FloodSignIns(Shape shape, int count, long seed, Instant start) {
        if (count < MIN_COUNT) throw new IllegalArgumentException("a flood has at least " + MIN_COUNT + " sign-ins");
        this.shape = shape;
        this.count = count;
        this.seed = seed;
        this.start = start;
    }

    public Shape shape() {
        return shape;
    }

    public int count() {
        return count;
    }

    /** The file name of this flood in a work directory: its shape, count and seed. */
    public String fileName() {
        return String.format(Locale.ROOT, "flood-%s-%d-seed%d.jsonl", shape.cliName(), count, seed);
    }

    /** The flood's sign-ins in time order. */
    public List<SignInSpec> signIns() {
        SplittableRandom random = new SplittableRandom(seed);
        String pollerIp = POLLER_NETWORK.ip(random.nextLong());
        String homeIp = HOME.ip(random.nextLong());
        List<SignInSpec> signIns = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            SignInSpec signIn = new SignInSpec(guid(random), time(i))
                    .user(TENANT, USER, UPN, "Flooded User")
                    .session(SESSION, SESSION);
            if (shape == Shape.TWO_SOURCES && i < 2) {
                // the victim's browser at home: the code, then MFA
                signIn.network(homeIp, HOME.asn(), HOME.country(), HOME.city()).deviceCode(true);
            } else if (shape == Shape.ONE_SOURCE && i % 2 == 0) {
                signIn.network(pollerIp, POLLER_NETWORK.asn(), POLLER_NETWORK.country(), POLLER_NETWORK.city())
                        .userAgent(POLLER_USER_AGENT)
                        .unknownDevice()
                        .deviceCode(true);
            } else {
                signIn.network(pollerIp, POLLER_NETWORK.asn(), POLLER_NETWORK.country(), POLLER_NETWORK.city())
                        .tokenRefresh()
                        .deviceCode(false)
                        .userAgent(POLLER_USER_AGENT)
                        .unknownDevice();
            }
            signIns.add(signIn);
        }
        return signIns;
    }

    /** Writes the flood as Event Hub envelopes, one a line; returns how many records it wrote. */
    public long write(Writer out) throws IOException {
        try (SignInMessages messages =
                new SignInMessages(SignInFormat.EVENTHUB, RECORDS_PER_ENVELOPE, MessageTarget.lines(out))) {
            for (SignInSpec signIn : signIns()) messages.add(signIn);
            return messages.records();
        }
    }

    /**
     * When sign-in {@code i} happens: the first at the start and the last at the start plus the span, the rest evenly
     * between; in the two-source shape the victim's two first (at the start and {@link #MFA_AFTER} later), then the
     * poller's, evenly from another {@link #MFA_AFTER} later to the end of the span.
     */
    Instant time(int i) {
        if (shape == Shape.ONE_SOURCE) return start.plusMillis(i * SPAN.toMillis() / (count - 1));
        if (i < 2) return start.plus(MFA_AFTER.multipliedBy(i));
        long first = MFA_AFTER.multipliedBy(2).toMillis();
        int pollers = count - 2;
        return start.plusMillis(first + (pollers == 1 ? 0 : (i - 2) * (SPAN.toMillis() - first) / (pollers - 1)));
    }

    private static String guid(SplittableRandom random) {
        return new UUID(
                        (random.nextLong() & ~0xF000L) | 0x4000L,
                        (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L)
                .toString();
    }
}
