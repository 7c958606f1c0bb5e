package org.dcwatch.job.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The sign-ins of one tenant of many users, deterministic in the number of users: 30 days of baseline history, and
 * afterwards device-code sign-ins of sampled users from a known or a new ASN. Each user signs in on a few days of the
 * 30, from one or two ASNs, as real baselines do (a user keeps few ASNs); always on a "home day" from the first ASN, at
 * least a day before the probes, so that the first ASN is in every user's baseline when the probes come.
 *
 * <p>The records are Event Hub records, one a line, with only the fields the job reads (about 400 bytes instead of a
 * generated record's 3.5 KB): a million users' history stays near a gigabyte. The history is written in time order,
 * day after day, each day's sign-ins spread over it in user order.
 */
public final class TenantSignIns {

    /** A device-code sign-in of a sampled user after the history, and whether its ASN is in the user's baseline. */
    public record Probe(int user, String userId, int asn, boolean knownAsn, Instant time) {}

    static final String TENANT_ID = "3c9b1d2e-7a44-4f0e-9b8d-5e6f7a8b9c0d";
    /** When the history ends: the probes come a few minutes later. */
    static final Instant HISTORY_END = Instant.parse("2026-03-01T00:00:00Z");

    static final int HISTORY_DAYS = 30;
    /** Besides the home day, a user signs in on about one day in this many. */
    private static final int DAYS_PER_EXTRA_SIGN_IN = 15;
    /** On about one extra day in this many, a user signs in from the second ASN. */
    private static final int SECOND_ASN_ONE_IN = 4;

    private static final long DAY = Duration.ofDays(1).toMillis();
    /** The probes start after the history, beyond the out-of-orderness, so that none is late. */
    private static final Duration PROBES_AFTER_HISTORY = Duration.ofMinutes(10);

    private static final String OFFICE_APP_ID = "d3590ed6-52b3-4102-aeff-aad2292ab01c";

    private final int users;

    public TenantSignIns(int users) {
        if (users < 1) throw new IllegalArgumentException("users: at least 1");
        this.users = users;
    }

    public int users() {
        return users;
    }

    /** The user's first ASN, on the home day and most others: one of 500 providers of the tenant's users. */
    static int firstAsn(int user) {
        return 8_000 + user % 500;
    }

    /** The user's second ASN (a phone network, a second office): one of 300. */
    static int secondAsn(int user) {
        return 20_000 + (int) Long.remainderUnsigned(mix(user, -1), 300);
    }

    /** An ASN in no user's history. */
    static int newAsn(int user) {
        return 396_000 + user % 1_000;
    }

    /** The day of the 30 the user surely signs in on: from the second day to the third last. */
    static int homeDay(int user) {
        return 1 + user % (HISTORY_DAYS - 3);
    }

    static String userId(int user) {
        return String.format("00000000-0000-4000-8000-%012x", user);
    }

    /** The user's sign-in on the day, or -1 when the user does not sign in that day; else the ASN. */
    static int asnOn(int user, int day) {
        if (day == homeDay(user)) return firstAsn(user);
        long mix = mix(user, day);
        if (Long.remainderUnsigned(mix, DAYS_PER_EXTRA_SIGN_IN) != 0) return -1;
        return Long.remainderUnsigned(mix >>> 20, SECOND_ASN_ONE_IN) == 0 ? secondAsn(user) : firstAsn(user);
    }

    /** Writes the history, its end marked by {@link #markerUserId()}'s sign-in; returns the sign-ins written. */
    public long writeHistory(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        long written = 0;
        Instant first = HISTORY_END.minus(Duration.ofDays(HISTORY_DAYS));
        StringBuilder line = new StringBuilder(512);
        try (BufferedWriter out = Files.newBufferedWriter(partial)) {
            for (int day = 0; day < HISTORY_DAYS; day++) {
                long dayStart = first.toEpochMilli() + day * DAY;
                for (int user = 0; user < users; user++) {
                    int asn = asnOn(user, day);
                    if (asn < 0) continue;
                    long time = dayStart + user * DAY / users;
                    render(line, signInId(user, day), userId(user), asn, Instant.ofEpochMilli(time), false);
                    out.append(line).append('\n');
                    written++;
                }
            }
            // the end of the history: a device-code sign-in of a user who has none, whose alert says that the job has
            // read the whole history (at parallelism 1 the baseline's operator sees its input in order)
            render(line, signInId(users, HISTORY_DAYS), markerUserId(), newAsn(users), HISTORY_END, true);
            out.append(line).append('\n');
            written++;
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
        return written;
    }

    /** The user of the history's last sign-in: none of the tenant's users. */
    public String markerUserId() {
        return userId(users);
    }

    /**
     * {@code count} users sampled evenly, alternately from a new ASN (the first one) and from their first ASN, a
     * second apart after the history; the last one from a new ASN, so that its alert says that every probe was read.
     */
    public List<Probe> probes(int count) {
        int sampled = Math.max(2, Math.min(count, users));
        List<Probe> probes = new ArrayList<>();
        Instant start = HISTORY_END.plus(PROBES_AFTER_HISTORY);
        for (int i = 0; i < sampled; i++) {
            int user = (int) ((long) i * users / sampled);
            boolean known = i % 2 == 1 && i != sampled - 1;
            probes.add(
                    new Probe(user, userId(user), known ? firstAsn(user) : newAsn(user), known, start.plusSeconds(i)));
        }
        return probes;
    }

    public void writeProbes(List<Probe> probes, Path file) throws IOException {
        StringBuilder line = new StringBuilder(512);
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (Probe probe : probes) {
                render(line, signInId(probe.user(), HISTORY_DAYS + 1), probe.userId(), probe.asn(), probe.time(), true);
                out.append(line).append('\n');
            }
        }
    }

    private static String signInId(int user, int day) {
        return String.format("%08x-%04x-4000-9000-%012x", user, day, mix(user, day) & 0xffff_ffff_ffffL);
    }

    /** One Event Hub record of a successful interactive sign-in, logged two minutes after it happened. */
    private static void render(
            StringBuilder line, String id, String userId, int asn, Instant time, boolean deviceCode) {
        line.setLength(0);
        line.append("{\"time\":\"")
                .append(time.plusSeconds(120))
                .append("\",\"category\":\"SignInLogs\",\"tenantId\":\"")
                .append(TENANT_ID)
                .append("\",\"resultType\":\"0\",\"properties\":{\"id\":\"")
                .append(id)
                .append("\",\"createdDateTime\":\"")
                .append(time)
                .append("\",\"userPrincipalName\":\"")
                .append(userId, userId.length() - 12, userId.length())
                .append("@tenant.example\",\"userId\":\"")
                .append(userId)
                .append("\",\"appId\":\"")
                .append(OFFICE_APP_ID)
                .append("\",\"ipAddress\":\"198.51.")
                .append((asn >>> 8) & 0xff)
                .append('.')
                .append(asn & 0xff)
                .append("\",\"status\":{\"errorCode\":0},\"isInteractive\":true,\"autonomousSystemNumber\":")
                .append(Integer.toUnsignedString(asn));
        if (deviceCode) {
            line.append(",\"authenticationProtocol\":\"deviceCode\",\"sessionId\":\"")
                    .append(id)
                    .append('"');
        }
        line.append("}}");
    }

    /** A 64-bit mix of the user and the day (SplitMix64's finalizer): the same on every run. */
    private static long mix(int user, int day) {
        long z = ((long) user << 32 | (day & 0xffff_ffffL)) + 0x9e37_79b9_7f4a_7c15L;
        z = (z ^ (z >>> 30)) * 0xbf58_476d_1ce4_e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d0_49bb_1331_11ebL;
        return z ^ (z >>> 31);
    }
}
