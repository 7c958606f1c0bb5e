package org.dcwatch.job.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.dcwatch.job.config.JobSettings;
import org.dcwatch.job.sink.DeadLetterJson;
import org.dcwatch.job.source.MessageFiles;
import org.dcwatch.job.source.SignInFileReader;
import org.dcwatch.job.source.SignInOrDeadLetter;
import org.dcwatch.job.source.SkippedAuditRecord;
import org.dcwatch.udfs.classify.DeviceCodeFlow;
import org.dcwatch.udfs.event.SourceFormat;
import org.dcwatch.udfs.parse.DeadLetter;
import org.dcwatch.udfs.parse.DeadLetterReason;
import org.dcwatch.udfs.parse.SignInHeader;
import org.dcwatch.udfs.parse.SignInParser;

/**
 * {@code validate}: parses every message of a file or directory, as the job would, and reports what it found. Dead
 * letters are data, not failures: the exit code is 0 whenever the input could be read.
 */
final class ValidateCommand {

    static final String USAGE = """
            Usage: dcwatch validate --input PATH [--format FORMAT] [--dead-letters FILE] [--max-message-bytes N]

            Parses every message of PATH (a file, or the .json/.jsonl/.ndjson/.log/.txt files under a directory,
            gzipped or not) as the job would, and reports what it found. The last line of the output is one JSON
            object: {"messages":..,"records":..,"deadLetters":..,"byFormat":{..},"byCategory":{..},"deviceCode":..}.
            Audit records (AuditLogs) in the input are neither records nor dead letters: "deviceRegistrations" counts
            the device registrations, "auditRecordsSkipped" the other operations (by name), which the job skips.

              --input PATH              file or directory of sign-in logs
              --format FORMAT           auto (default), eventhub, loganalytics, graph or ecs
              --dead-letters FILE       write each dead letter as a JSON line with its reason
              --max-message-bytes N     larger messages are dead letters (default 33554432)

            A file is JSON lines (one message a line) unless its first line is an incomplete JSON value, in which case
            the whole file is one message. Exit codes: 0 read (even with dead letters), 1 unreadable input, 2 usage.
            """;

    private static final Set<String> VALUE_FLAGS = Set.of("input", "format", "dead-letters", "max-message-bytes");

    private final PrintStream out;

    ValidateCommand(PrintStream out) {
        this.out = out;
    }

    int run(List<String> args) throws IOException {
        CommandLine line = CommandLine.parse(args, VALUE_FLAGS, Set.of());
        Path input = Path.of(line.require("input"));
        SourceFormat format = formatOf(line.get("format"));
        int maxMessageBytes =
                line.intValue("max-message-bytes", SignInParser.DEFAULT_MAX_MESSAGE_BYTES, 1, Integer.MAX_VALUE);
        Path deadLetterFile = line.has("dead-letters") ? Path.of(line.get("dead-letters")) : null;

        List<Path> files = MessageFiles.list(input);
        // the job's own reader and rules, so that validate reports what run would make of the files
        JobSettings settings = new JobSettings(
                format,
                maxMessageBytes,
                JobSettings.DEFAULT_OUT_OF_ORDERNESS,
                JobSettings.DEFAULT_IDLENESS,
                JobSettings.DEFAULT_DUPLICATE_HORIZON);
        Report total = new Report();
        try (BufferedWriter deadLetters =
                deadLetterFile == null ? null : Files.newBufferedWriter(deadLetterFile, StandardCharsets.UTF_8)) {
            for (Path file : files) {
                Report report = new Report();
                try (SignInFileReader reader =
                        new SignInFileReader(new org.apache.flink.core.fs.Path(file.toUri()), settings)) {
                    SignInOrDeadLetter next;
                    while ((next = reader.next()) != null) {
                        if (next.isSignIn()) {
                            report.count(next.signIn());
                        } else if (next.isRegistration()) {
                            report.deviceRegistrations++;
                        } else if (next.skipped() != null) {
                            report.count(next.skipped());
                        } else {
                            report.count(next.deadLetter());
                            if (deadLetters != null) write(deadLetters, DeadLetterJson.toJsonLine(next.deadLetter()));
                        }
                    }
                    report.messages = reader.messages();
                }
                out.println(file + ": " + report.summary());
                total.add(report);
            }
        }
        out.println(total.toJson());
        return ExitCode.OK;
    }

    private static SourceFormat formatOf(String name) {
        try {
            return SourceFormat.fromCliName(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--format: " + e.getMessage());
        }
    }

    private static void write(BufferedWriter writer, String line) {
        try {
            writer.write(line);
            writer.newLine();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Counts of one file, or of all of them. */
    private static final class Report {
        private static final ObjectMapper MAPPER = new ObjectMapper();

        long messages;
        long records;
        long deadLetters;
        long deviceCode;
        long deviceRegistrations;
        long auditRecordsSkipped;
        final Map<String, Long> byFormat = new TreeMap<>();
        final Map<String, Long> byCategory = new TreeMap<>();
        final Map<String, Long> byReason = new TreeMap<>();
        /** Skipped audit records by their operation: what the audit log held that the job does not read. */
        final Map<String, Long> skippedByOperation = new TreeMap<>();

        void count(SignInHeader signIn) {
            records++;
            byFormat.merge(signIn.format().cliName(), 1L, Long::sum);
            byCategory.merge(signIn.category(), 1L, Long::sum);
            if (DeviceCodeFlow.isDeviceCode(signIn.authenticationProtocol(), signIn.originalTransferMethod()))
                deviceCode++;
        }

        void count(SkippedAuditRecord skipped) {
            auditRecordsSkipped++;
            skippedByOperation.merge(String.valueOf(skipped.operationName()), 1L, Long::sum);
        }

        void count(DeadLetter deadLetter) {
            deadLetters++;
            byReason.merge(deadLetter.reason().name(), 1L, Long::sum);
        }

        void add(Report other) {
            messages += other.messages;
            records += other.records;
            deadLetters += other.deadLetters;
            deviceCode += other.deviceCode;
            deviceRegistrations += other.deviceRegistrations;
            auditRecordsSkipped += other.auditRecordsSkipped;
            other.skippedByOperation.forEach((key, value) -> skippedByOperation.merge(key, value, Long::sum));
            other.byFormat.forEach((key, value) -> byFormat.merge(key, value, Long::sum));
            other.byCategory.forEach((key, value) -> byCategory.merge(key, value, Long::sum));
            other.byReason.forEach((key, value) -> byReason.merge(key, value, Long::sum));
        }

        String summary() {
            String text = messages + " messages, " + records + " records, " + deadLetters + " dead letters";
            if (!byReason.isEmpty()) text += " " + byReason;
            // audit records are neither sign-ins nor dead letters: said apart, and only when the file has some
            if (deviceRegistrations > 0) text += ", " + deviceRegistrations + " device registrations";
            if (auditRecordsSkipped > 0) {
                text += ", " + auditRecordsSkipped + (auditRecordsSkipped == 1 ? " audit record" : " audit records")
                        + " skipped (not a device registration) " + skippedByOperation;
            }
            return text;
        }

        String toJson() {
            ObjectNode node = MAPPER.createObjectNode()
                    .put("messages", messages)
                    .put("records", records)
                    .put("deadLetters", deadLetters);
            ObjectNode formats = node.putObject("byFormat");
            byFormat.forEach(formats::put);
            ObjectNode categories = node.putObject("byCategory");
            byCategory.forEach(categories::put);
            node.put("deviceCode", deviceCode);
            node.put("deviceRegistrations", deviceRegistrations);
            node.put("auditRecordsSkipped", auditRecordsSkipped);
            ObjectNode skipped = node.putObject("auditRecordsSkippedByOperation");
            skippedByOperation.forEach(skipped::put);
            ObjectNode reasons = node.putObject("deadLettersByReason");
            for (DeadLetterReason reason : DeadLetterReason.values()) {
                Long count = byReason.get(reason.name());
                if (count != null) reasons.put(reason.name(), count);
            }
            return node.toString();
        }
    }
}
