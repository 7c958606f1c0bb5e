package org.dcwatch.job.source;

import static org.dcwatch.job.TestSignIns.signIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.dcwatch.job.TestSignIns;
import org.dcwatch.job.config.JobSettings;
import org.dcwatch.job.generate.EventHubRecord;
import org.dcwatch.udfs.event.DeviceRegistrationEvent;
import org.dcwatch.udfs.parse.DeadLetterReason;
import org.dcwatch.udfs.parse.SignInHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit records of the sign-in stream leave the source as device registrations or skipped records, never as dead
 * letters, and a registration's time is event time as a sign-in's is.
 */
class AuditRecordsInTheSourceTest {

    @TempDir
    Path temp;

    /** An Event Hub audit record of {@code activity} at {@code at}, logged a second later. */
    static String auditRecord(String activity, Instant at) {
        return "{\"time\":\"" + at.plusSeconds(1) + "\",\"category\":\"AuditLogs\",\"tenantId\":\"" + TestSignIns.TENANT
                + "\",\"operationName\":\"" + activity + "\",\"properties\":{\"id\":\"audit-" + at.getEpochSecond()
                + "\",\"category\":\"Device\",\"activityDisplayName\":\"" + activity + "\",\"activityDateTime\":\""
                + at + "\",\"targetResources\":[{\"id\":\"dev-1\",\"displayName\":\"PC-1\",\"type\":\"Device\"}]}}";
    }

    private List<SignInOrDeadLetter> read(String... lines) throws IOException {
        Path file = temp.resolve("mixed.jsonl");
        Files.write(file, List.of(lines));
        List<SignInOrDeadLetter> read = new ArrayList<>();
        try (SignInFileReader reader =
                new SignInFileReader(new org.apache.flink.core.fs.Path(file.toUri()), JobSettings.defaults())) {
            SignInOrDeadLetter next;
            while ((next = reader.next()) != null) read.add(next);
        }
        return read;
    }

    @Test
    void oneMessageOfASignInAndAuditRecordsBecomesEachKind() throws IOException {
        String signIn = EventHubRecord.render(signIn("s1", 0));
        String envelope = "{\"records\":[" + signIn + "," + auditRecord("Register device", TestSignIns.minutes(1)) + ","
                + auditRecord("Add member to group", TestSignIns.minutes(2)) + "]}";

        List<SignInOrDeadLetter> read = read(envelope);

        assertEquals(3, read.size(), read.toString());
        assertTrue(read.get(0).isSignIn());
        DeviceRegistrationEvent registration = read.get(1).registration();
        assertEquals("dev-1", registration.deviceObjectId());
        assertTrue(read.get(1).advancesEventTime(), "a registration moves event time as a sign-in does");
        assertEquals(TestSignIns.minutes(1).toEpochMilli(), read.get(1).eventTime(-1));
        assertEquals(
                new SkippedAuditRecord(
                        "Device", "Add member to group", TestSignIns.minutes(2).toEpochMilli()),
                read.get(2).skipped());
        assertTrue(read.get(2).advancesEventTime(), "a skipped record moves event time as a registration does");
        assertEquals(TestSignIns.minutes(2).toEpochMilli(), read.get(2).eventTime(-1));
        assertTrue(read.stream().allMatch(record -> record.deadLetter() == null));
    }

    @Test
    void aRegistrationFarAheadOfItsFileGoesOnWithoutMovingEventTime() throws IOException {
        List<SignInOrDeadLetter> read = read(
                EventHubRecord.render(signIn("s1", 0)),
                auditRecord("Register device", TestSignIns.minutes(60 * 24 * 30)),
                EventHubRecord.render(signIn("s2", 1)));

        assertEquals(3, read.size(), read.toString());
        assertTrue(read.get(1).isRegistration());
        assertFalse(read.get(1).advancesEventTime());
        assertTrue(read.get(2).isSignIn());
        assertTrue(read.get(2).advancesEventTime());
    }

    @Test
    void aSkippedRecordFarAheadOfItsFileGoesOnWithoutMovingEventTime() throws IOException {
        List<SignInOrDeadLetter> read = read(
                EventHubRecord.render(signIn("s1", 0)),
                auditRecord("Add member to group", TestSignIns.minutes(60 * 24 * 30)),
                EventHubRecord.render(signIn("s2", 1)));

        assertEquals(3, read.size(), read.toString());
        assertTrue(read.get(1).skipped() != null);
        assertFalse(read.get(1).advancesEventTime(), "a forged month ahead blinds no rule");
        assertTrue(read.get(2).advancesEventTime());
    }

    @Test
    void aSkippedRecordAheadOfItsOwnLogTimeIsSkippedButMovesNothing() throws IOException {
        // a registration so timed is a FUTURE_TIME dead letter; a skipped record no rule reads stays skipped
        String ahead = auditRecord("Add member to group", TestSignIns.minutes(0))
                .replaceFirst("\"time\":\"[^\"]*\"", "\"time\":\"" + TestSignIns.minutes(-60) + "\"");

        SignInOrDeadLetter read = read(ahead).get(0);

        assertEquals("Add member to group", read.skipped().operationName(), read.toString());
        assertFalse(read.skipped().hasEventTime());
        assertFalse(read.advancesEventTime());
    }

    @Test
    void aRegistrationAheadOfItsOwnLogTimeIsAFutureTimeDeadLetter() throws IOException {
        String ahead = auditRecord("Register device", TestSignIns.minutes(0))
                .replaceFirst("\"time\":\"[^\"]*\"", "\"time\":\"" + TestSignIns.minutes(-60) + "\"");

        SignInOrDeadLetter read = read(ahead).get(0);

        assertEquals(DeadLetterReason.FUTURE_TIME, read.deadLetter().reason());
        assertTrue(
                read.deadLetter().origin().endsWith("mixed.jsonl:1"),
                read.deadLetter().origin());
    }

    @Test
    void theSplitSendsRegistrationsAsideAndCountsSkippedRecords() throws Exception {
        List<SignInOrDeadLetter> read = read(
                EventHubRecord.render(signIn("s1", 0)),
                auditRecord("Register device", TestSignIns.minutes(1)),
                auditRecord("Update user", TestSignIns.minutes(2)));
        try (OneInputStreamOperatorTestHarness<SignInOrDeadLetter, SignInHeader> split =
                ProcessFunctionTestHarnesses.forProcessFunction(new SplitDeadLetters())) {
            for (SignInOrDeadLetter record : read) split.processElement(new StreamRecord<>(record));

            assertEquals(1, split.extractOutputValues().size());
            var registrations = split.getSideOutput(SplitDeadLetters.DEVICE_REGISTRATIONS);
            assertEquals(1, registrations.size());
            assertEquals("dev-1", registrations.peek().getValue().deviceObjectId());
            assertNull(split.getSideOutput(SplitDeadLetters.DEAD_LETTERS), "no dead letter");
        }
    }
}
