package org.dcwatch.job.generate;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.dcwatch.udfs.event.DeviceRegistrationEvent;
import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.parse.AuditOutput;
import org.dcwatch.udfs.parse.DeadLetter;
import org.dcwatch.udfs.parse.ParseOutput;
import org.dcwatch.udfs.parse.SignInParser;

/**
 * A generated run kept in memory, as {@code generate} would write it, and read back with the job's own parser: the
 * generator's tests check what the job will see, not what the generator meant.
 */
final class GeneratedRun {

    static final Instant END = Instant.parse("2026-03-01T00:00:00Z");

    final LabelledSignIns generator;
    final String text;
    /** Every sign-in in the order it was written (its arrival order). */
    final List<SignInEvent> events = new ArrayList<>();
    /** Every device-registration audit record in the order it was written. */
    final List<DeviceRegistrationEvent> registrations = new ArrayList<>();
    /** Audit records of other operations: the generator writes none. */
    int skippedAuditRecords;

    final List<DeadLetter> deadLetters = new ArrayList<>();
    final List<String> lines;

    private GeneratedRun(LabelledSignIns generator, SignInFormat format, int perEnvelope) {
        this.generator = generator;
        StringWriter out = new StringWriter();
        try (SignInMessages messages = new SignInMessages(format, perEnvelope, MessageTarget.lines(out))) {
            generator.write(messages);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.text = out.toString();
        this.lines = text.lines().toList();
        SignInParser parser = new SignInParser();
        Collected collected = new Collected();
        for (String line : lines) {
            parser.parse(line.getBytes(StandardCharsets.UTF_8), collected);
        }
    }

    /** What the job's source hands on from a message of sign-ins and audit records. */
    private final class Collected implements ParseOutput, AuditOutput {
        @Override
        public void event(SignInEvent event) {
            events.add(event);
        }

        @Override
        public void deviceRegistration(DeviceRegistrationEvent event) {
            registrations.add(event);
        }

        @Override
        public void skipped(String category, String operationName, long eventTime) {
            skippedAuditRecords++;
        }

        @Override
        public void deadLetter(DeadLetter deadLetter) {
            deadLetters.add(deadLetter);
        }
    }

    static GeneratedRun of(long records, int users, int days, long seed, ScenarioPlan plan, SignInFormat format) {
        return new GeneratedRun(generator(records, users, days, seed, plan), format, 10);
    }

    static LabelledSignIns generator(long records, int users, int days, long seed, ScenarioPlan plan) {
        Duration span = Duration.ofDays(days);
        Instant start = END.minus(span);
        return new LabelledSignIns(new LoadSignIns(seed, users, start, span), records, start, span, plan, seed);
    }

    static ScenarioPlan scenarios(String list) {
        return ScenarioPlan.parse(list, null);
    }

    List<ScenarioLabel> labels() {
        return generator.labels();
    }

    List<SignInEvent> withIds(List<String> ids) {
        return events.stream().filter(event -> ids.contains(event.id())).toList();
    }
}
