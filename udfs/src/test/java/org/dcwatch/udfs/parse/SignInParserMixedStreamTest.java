package org.dcwatch.udfs.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.dcwatch.udfs.event.DeviceRegistrationEvent;
import org.dcwatch.udfs.parse.AuditParseResult.SkippedOperation;
import org.junit.jupiter.api.Test;

/**
 * One message of the Entra stream may hold sign-ins and audit records mixed: the sign-ins are read as ever, and the
 * audit records go to the audit record reader when the output takes them.
 */
class SignInParserMixedStreamTest {

    private static final String SIGN_IN = "{\"time\":\"2026-03-04T09:16:21Z\",\"category\":\"SignInLogs\","
            + "\"tenantId\":\"t1\",\"properties\":{\"id\":\"s1\",\"userId\":\"u1\","
            + "\"createdDateTime\":\"2026-03-04T09:16:20Z\"}}";

    private static String audit(String activity, String activityTime, String targets) {
        return "{\"time\":\"2026-03-04T09:21:48Z\",\"category\":\"AuditLogs\",\"tenantId\":\"t1\","
                + "\"operationName\":\"" + activity + "\",\"properties\":{\"id\":\"a-" + activity.length() + "\","
                + "\"category\":\"Device\",\"activityDisplayName\":\"" + activity + "\",\"activityDateTime\":\""
                + activityTime + "\",\"targetResources\":[" + targets + "]}}";
    }

    private static final String DEVICE = "{\"id\":\"dev-1\",\"displayName\":\"PC-1\",\"type\":\"Device\"}";

    private static final String REGISTER_DEVICE = audit("Register device", "2026-03-04T09:21:47Z", DEVICE);

    /** What a job's source output is: sign-ins, audit records and dead letters. */
    private static final class MixedOutput implements HeaderOutput, ParseOutput, AuditOutput {
        final List<String> signIns = new ArrayList<>();
        final AuditParseResult audit = new AuditParseResult();

        @Override
        public void header(SignInHeader header) {
            signIns.add(header.userKey());
        }

        @Override
        public void event(org.dcwatch.udfs.event.SignInEvent event) {
            signIns.add(event.id());
        }

        @Override
        public void deviceRegistration(DeviceRegistrationEvent event) {
            audit.deviceRegistration(event);
        }

        @Override
        public void skipped(String category, String operationName, long eventTime) {
            audit.skipped(category, operationName, eventTime);
        }

        @Override
        public void deadLetter(DeadLetter deadLetter) {
            audit.deadLetter(deadLetter);
        }
    }

    private static byte[] envelope(String... records) {
        return ("{\"records\":[" + String.join(",", records) + "]}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void handsEachRecordOfOneMessageToItsReader() {
        MixedOutput out = new MixedOutput();
        new SignInParser()
                .parse(
                        envelope(
                                SIGN_IN,
                                REGISTER_DEVICE,
                                audit("Add member to group", "2026-03-04T09:21:47Z", ""),
                                SIGN_IN.replace("s1", "s2")),
                        out);

        assertEquals(List.of("s1", "s2"), out.signIns);
        assertEquals(List.of(), out.audit.deadLetters());
        assertEquals(1, out.audit.events().size());
        DeviceRegistrationEvent registration = out.audit.events().get(0);
        assertEquals("dev-1", registration.deviceObjectId());
        assertEquals(Instant.parse("2026-03-04T09:21:47Z").toEpochMilli(), registration.eventTime());
        assertEquals(java.util.Map.of(new SkippedOperation("Device", "Add member to group"), 1), out.audit.skipped());
    }

    @Test
    void readsTheSameAsHeaders() {
        MixedOutput out = new MixedOutput();
        new SignInParser().parseHeaders(envelope(REGISTER_DEVICE, SIGN_IN), out);

        assertEquals(List.of("u1"), out.signIns);
        assertEquals(1, out.audit.events().size());
    }

    @Test
    void aMalformedRegistrationIsADeadLetterNamingTheFieldAndItsIndex() {
        MixedOutput out = new MixedOutput();
        new SignInParser().parse(envelope(SIGN_IN, audit("Register device", "2026-03-04T09:21:47Z", "")), out);

        assertEquals(List.of("s1"), out.signIns);
        DeadLetter deadLetter = out.audit.deadLetters().get(0);
        assertEquals(DeadLetterReason.NO_DEVICE, deadLetter.reason());
        assertEquals("Register device record without targetResources", deadLetter.detail());
        assertEquals(1, deadLetter.recordIndex());
    }

    @Test
    void anOutputThatTakesNoAuditRecordsGetsThemAsDeadLettersAsBefore() {
        ParseResult result = new SignInParser().parse(envelope(REGISTER_DEVICE));

        assertEquals(DeadLetterReason.NOT_A_SIGN_IN, result.deadLetters().get(0).reason());
    }

    @Test
    void anotherLogIsNoSignInForAnAuditOutputToo() {
        MixedOutput out = new MixedOutput();
        new SignInParser()
                .parse(
                        envelope("{\"time\":\"2026-03-04T09:21:48Z\",\"category\":\"RiskyUsers\",\"tenantId\":\"t1\","
                                + "\"properties\":{\"activityDisplayName\":\"Register device\"}}"),
                        out);

        assertEquals(List.of(), out.audit.events());
        assertEquals(
                DeadLetterReason.NOT_A_SIGN_IN, out.audit.deadLetters().get(0).reason());
    }

    @Test
    void aRegistrationFarAheadOfItsOwnTimeOrOfTheStreamIsAFutureTimeDeadLetter() {
        MixedOutput out = new MixedOutput();
        SignInParser parser = new SignInParser();
        parser.parse(envelope(audit("Register device", "2027-03-04T09:21:47Z", DEVICE)), out);
        parser.parseHeaders(
                envelope(REGISTER_DEVICE),
                out,
                Instant.parse("2026-03-04T09:21:00Z").toEpochMilli());

        assertEquals(List.of(), out.audit.events());
        List<DeadLetter> deadLetters = out.audit.deadLetters();
        assertEquals(2, deadLetters.size(), deadLetters.toString());
        assertEquals(DeadLetterReason.FUTURE_TIME, deadLetters.get(0).reason());
        assertEquals(
                "activityDateTime 2027-03-04T09:21:47Z is 364d 23h 59m 59s ahead of time 2026-03-04T09:21:48Z"
                        + " (at most 5m allowed)",
                deadLetters.get(0).detail());
        assertTrue(deadLetters.get(1).detail().contains("the latest time this stream makes plausible"));
        assertEquals(DeadLetterReason.FUTURE_TIME, deadLetters.get(1).reason());
    }

    @Test
    void aGraphDirectoryAuditOnTheStreamIsReadAsAnAuditRecordNotASignInWithoutTime() {
        // a Graph directoryAudit names no log category and has no sign-in's time
        String graphAudit = "{\"id\":\"g1\",\"category\":\"Device\",\"activityDisplayName\":\"%s\","
                + "\"activityDateTime\":\"2026-03-04T09:21:48Z\",\"loggedByService\":\"Core Directory\","
                + "\"result\":\"success\",\"targetResources\":[" + DEVICE + "]}";
        MixedOutput out = new MixedOutput();

        new SignInParser()
                .parse(envelope(graphAudit.formatted("Add device"), graphAudit.formatted("Update user")), out);

        assertEquals(1, out.audit.deadLetters().size(), out.audit.deadLetters().toString());
        DeadLetter deadLetter = out.audit.deadLetters().get(0);
        assertEquals(DeadLetterReason.NO_TENANT, deadLetter.reason(), "the record names no tenant, which Graph omits");
        assertTrue(deadLetter.detail().contains("Graph directoryAudit"), deadLetter.detail());
        assertEquals(java.util.Map.of(new SkippedOperation("Device", "Update user"), 1), out.audit.skipped());
    }

    @Test
    void aSignInWithoutTimeIsStillANoTimeDeadLetter() {
        MixedOutput out = new MixedOutput();
        new SignInParser()
                .parse(
                        envelope(SIGN_IN.replace("\"time\":\"2026-03-04T09:16:21Z\",", "")
                                .replace(",\"createdDateTime\":\"2026-03-04T09:16:20Z\"", "")),
                        out);

        assertEquals(DeadLetterReason.NO_TIME, out.audit.deadLetters().get(0).reason());
    }

    @Test
    void aSkippedRecordCarriesItsActivityTimeHeldToTheBoundsOfARegistration() {
        MixedOutput out = new MixedOutput();
        SignInParser parser = new SignInParser();
        parser.parse(envelope(audit("Add member to group", "2026-03-04T09:21:47Z", "")), out);
        // a year ahead of its own log time, and after what the stream makes plausible: skipped all the same, but
        // timeless, so that neither can move event time
        parser.parse(envelope(audit("Add member to group", "2027-03-04T09:21:47Z", "")), out);
        parser.parseHeaders(
                envelope(audit("Add member to group", "2026-03-04T09:23:00Z", "")),
                out,
                Instant.parse("2026-03-04T09:22:00Z").toEpochMilli());
        // an activityDateTime that is no time leaves the record timed by its log time, as a registration is
        parser.parse(envelope(audit("Add member to group", "not a time", "")), out);

        assertEquals(List.of(), out.audit.deadLetters(), "a skipped record is never a dead letter for its time");
        assertEquals(
                List.of(
                        Instant.parse("2026-03-04T09:21:47Z").toEpochMilli(),
                        EntraTime.NOT_A_TIME,
                        EntraTime.NOT_A_TIME,
                        Instant.parse("2026-03-04T09:21:48Z").toEpochMilli()),
                out.audit.skippedEventTimes());
    }
}
