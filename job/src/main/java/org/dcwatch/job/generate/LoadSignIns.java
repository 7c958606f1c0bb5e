package org.dcwatch.job.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Ordinary sign-in traffic of a large tenant, for load and throughput runs: mostly non-interactive token refreshes,
 * interactive browser sign-ins, a few failures and about 1% device-code flows (browser side and token side), each user
 * on a home network and now and then an office or mobile one. Records are in time order, in Event Hub envelopes of
 * several records. Deterministic for a seed. (Labelled attack scenarios and a quality report come with the generate
 * command's next version.)
 */
public final class LoadSignIns {

    public static final String TENANT = "3c9d5e1f-7a2b-4c8d-9e0f-1a2b3c4d5e6f";
    private static final int[] HOME_ASNS = {3320, 3209, 6805, 8881, 13184};
    private static final int OFFICE_ASN = 8075;
    private static final int MOBILE_ASN = 6805;

    private final SplittableRandom random;
    private final int users;
    private final Instant start;
    private final long spanMillis;

    public LoadSignIns(long seed, int users, Instant start, Duration span) {
        this.random = new SplittableRandom(seed);
        this.users = users;
        this.start = start;
        this.spanMillis = span.toMillis();
    }

    /** Writes {@code records} records as lines of envelopes of {@code perEnvelope} records each. */
    public void write(BufferedWriter out, long records, int perEnvelope) throws IOException {
        List<String> envelope = new ArrayList<>(perEnvelope);
        for (long i = 0; i < records; i++) {
            Instant time = start.plusMillis(spanMillis * i / records);
            envelope.add(EventHubRecord.render(next(i, time)));
            if (envelope.size() == perEnvelope || i == records - 1) {
                out.write("{\"records\":[");
                out.write(String.join(",", envelope));
                out.write("]}\n");
                envelope.clear();
            }
        }
    }

    private SignInSpec next(long index, Instant time) {
        int user = random.nextInt(users);
        String userId = new UUID(0x5a5a5a5a00004000L | user, 0x8000000000000000L | user).toString();
        SignInSpec signIn = new SignInSpec(new UUID(index, 0x9000000000000000L | index).toString(), time)
                .user(TENANT, userId, "user" + user + "@fabrikam.example", "User " + user);
        int roll = random.nextInt(1000);
        int asn = roll % 10 == 0 ? OFFICE_ASN : roll % 10 == 1 ? MOBILE_ASN : HOME_ASNS[user % HOME_ASNS.length];
        signIn.network(ip(user, asn), asn, "DE", "Berlin").session("s-" + user + "-" + (index / 50_000), "c-" + index);
        if (roll < 700) {
            signIn.tokenRefresh();
        } else if (roll < 950) {
            // an interactive browser sign-in
        } else if (roll < 990) {
            signIn.failed(50126);
        } else if (roll < 995) {
            signIn.deviceCode(true);
        } else {
            signIn.tokenRefresh().deviceCode(false);
        }
        return signIn;
    }

    private static String ip(int user, int asn) {
        return (asn % 200 + 20) + "." + (user >>> 16 & 255) + "." + (user >>> 8 & 255) + "." + (user & 255);
    }
}
