package org.dcwatch.job;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.dcwatch.job.generate.EventHubRecord;
import org.dcwatch.job.generate.SignInSpec;
import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.parse.DeadLetter;
import org.dcwatch.udfs.parse.HeaderOutput;
import org.dcwatch.udfs.parse.ParseResult;
import org.dcwatch.udfs.parse.SignInHeader;
import org.dcwatch.udfs.parse.SignInParser;

/**
 * Sign-in events (and headers) for the pipeline's operator tests, made the way the job makes them: a {@link SignInSpec}
 * rendered as an Event Hub record and parsed. Named instants keep the tests short. A test that needs an event the
 * parser could not make builds it with the udfs test jar's {@code SignInEvents}.
 */
public final class TestSignIns {

    public static final String TENANT = "7f1e5a0c-3b7d-4c61-9a55-2f0e6d1c9b10";
    public static final String USER = "a1b2c3d4-1111-4222-8333-944455556666";
    public static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    private TestSignIns() {}

    public static Instant minutes(long n) {
        return T0.plusSeconds(60 * n);
    }

    /** An interactive Office sign-in of the test user from her home network, {@code n} minutes after T0. */
    public static SignInSpec signIn(String id, long minutes) {
        return new SignInSpec(id, minutes(minutes))
                .user(TENANT, USER, "alice@contoso.example", "Alice")
                .network("93.184.10.21", 3320, "DE", "Berlin")
                .session("s-" + id, "c-" + id);
    }

    public static SignInEvent event(SignInSpec spec) {
        ParseResult result = new SignInParser().parse(EventHubRecord.render(spec));
        if (result.events().size() != 1) throw new IllegalStateException("not one sign-in: " + result.deadLetters());
        return result.events().get(0);
    }

    /** The sign-in as the parsing task hands it to the router. */
    public static SignInHeader header(SignInSpec spec) {
        return header(EventHubRecord.render(spec));
    }

    /** The one sign-in of a record's JSON as the parsing task hands it to the router. */
    public static SignInHeader header(String record) {
        List<SignInHeader> headers = new ArrayList<>();
        new SignInParser().parseHeaders(record.getBytes(StandardCharsets.UTF_8), new HeaderOutput() {
            @Override
            public void header(SignInHeader header) {
                headers.add(header);
            }

            @Override
            public void deadLetter(DeadLetter deadLetter) {
                throw new IllegalStateException("not a sign-in: " + deadLetter);
            }
        });
        if (headers.size() != 1) throw new IllegalStateException("not one sign-in: " + headers);
        return headers.get(0);
    }
}
