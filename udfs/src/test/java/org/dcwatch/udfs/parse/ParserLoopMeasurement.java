package org.dcwatch.udfs.parse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.ThreadMXBean;
import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A quick loop measurement of what parsing costs, in the thread's CPU time per record, so that a busy machine slows the
 * loops but hardly the figures. Not a test and not the benchmark (that is JMH, with the job): run it by hand with the
 * udfs test class path, or from an IDE.
 *
 * <p>Without arguments: one realistic Event Hub record, alone and in an envelope of 20, against the Jackson-based
 * parser it replaced ({@link JacksonReferenceParser}) and a full Jackson tree of the same bytes, and the bytes each
 * parser allocates. With a file of messages (one a line, e.g. {@code target/bench/load-200000-seed1.jsonl} of
 * {@code bench/job}): the parser alone on its first 2,000 messages, read as events and as headers (what the job reads),
 * round after round, with the minimum and the median of the rounds after the first three (the JIT compiler's) — compare
 * two trees by alternating their runs.
 */
public final class ParserLoopMeasurement {

    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final ParseOutput COUNTING = new ParseOutput() {
        @Override
        public void event(org.dcwatch.udfs.event.SignInEvent event) {
            sink += event.asn();
            records++;
        }

        @Override
        public void deadLetter(DeadLetter deadLetter) {
            throw new IllegalStateException(deadLetter.detail());
        }
    };
    private static final HeaderOutput COUNTING_HEADERS = new HeaderOutput() {
        @Override
        public void header(SignInHeader header) {
            sink += header.asn();
            records++;
        }

        @Override
        public void deadLetter(DeadLetter deadLetter) {
            throw new IllegalStateException(deadLetter.detail());
        }
    };
    private static int sink;
    private static long records;

    public static void main(String[] args) throws IOException {
        if (args.length > 0) {
            measureMessages(Path.of(args[0]));
        } else {
            compareWithJackson();
        }
        System.out.println(sink == 42 ? "" : "done");
    }

    private static void measureMessages(Path file) throws IOException {
        List<byte[]> messages = new ArrayList<>();
        try (BufferedReader lines = Files.newBufferedReader(file)) {
            String line;
            while (messages.size() < 2_000 && (line = lines.readLine()) != null) {
                if (!line.isBlank()) messages.add(line.getBytes(StandardCharsets.UTF_8));
            }
        }
        SignInParser parser = new SignInParser();
        List<Double> events = new ArrayList<>();
        List<Double> headers = new ArrayList<>();
        for (int round = 1; round <= 12; round++) {
            // the two ways of reading, alternated within each round, so that the machine's swings hit both alike
            double event = passesMicrosPerRecord(() -> {
                for (byte[] message : messages) parser.parse(message, COUNTING);
            });
            double header = passesMicrosPerRecord(() -> {
                for (byte[] message : messages) parser.parseHeaders(message, COUNTING_HEADERS);
            });
            System.out.printf("round %d: %.2f us a record as events, %.2f us as headers%n", round, event, header);
            if (round > 3) {
                events.add(event);
                headers.add(header);
            }
        }
        Collections.sort(events);
        Collections.sort(headers);
        System.out.printf(
                "%s, %d messages, CPU time a record: events min %.2f us, median %.2f us; headers min %.2f us,"
                        + " median %.2f us%n",
                file,
                messages.size(),
                events.get(0),
                events.get(events.size() / 2),
                headers.get(0),
                headers.get(headers.size() / 2));
        System.out.printf(
                "allocated a record: events %,d bytes, headers %,d bytes%n",
                bytesPerRecord(() -> messages.forEach(message -> parser.parse(message, COUNTING))),
                bytesPerRecord(() -> messages.forEach(message -> parser.parseHeaders(message, COUNTING_HEADERS))));
    }

    /** Runs the pass over the messages for about 2 s of this thread's CPU time; the CPU microseconds a record. */
    private static double passesMicrosPerRecord(Runnable pass) {
        records = 0;
        long start = THREADS.getCurrentThreadCpuTime();
        while (THREADS.getCurrentThreadCpuTime() - start < 2_000_000_000L) pass.run();
        return (THREADS.getCurrentThreadCpuTime() - start) / 1e3 / records;
    }

    private static long bytesPerRecord(Runnable pass) {
        records = 0;
        long before = THREADS.getCurrentThreadAllocatedBytes();
        pass.run();
        return (THREADS.getCurrentThreadAllocatedBytes() - before) / records;
    }

    private static void compareWithJackson() {
        String envelope = Fixtures.text("samples/eventhub-device-code-envelope.json");
        // the envelope's first record, alone: a 3.7 KB interactive device-code sign-in
        String record = envelope.substring(envelope.indexOf('[') + 1, envelope.indexOf("\n"))
                .replaceAll(",$", "");
        byte[] single = record.getBytes(StandardCharsets.UTF_8);
        StringBuilder batch = new StringBuilder("{\"records\":[");
        for (int i = 0; i < 20; i++) batch.append(i == 0 ? "" : ",").append(record);
        byte[] envelopeOf20 = batch.append("]}").toString().getBytes(StandardCharsets.UTF_8);

        SignInParser parser = new SignInParser();
        JacksonReferenceParser jackson = new JacksonReferenceParser();
        ObjectMapper mapper = new ObjectMapper();
        System.out.printf("record: %d bytes; envelope: %d bytes%n", single.length, envelopeOf20.length);
        for (int round = 1; round <= 5; round++) {
            double scanner = microsPerRecord(() -> parser.parse(single, COUNTING), 1);
            double scannerEnvelope = microsPerRecord(() -> parser.parse(envelopeOf20, COUNTING), 20);
            double reference = microsPerRecord(() -> jackson.parse(single, COUNTING), 1);
            double tree = microsPerRecord(
                    () -> {
                        try {
                            sink += mapper.readTree(single).size();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    1);
            System.out.printf(
                    "round %d, CPU time per record: parser %.2f us (%.0f MB/s a core), in envelopes of 20 %.2f us;"
                            + " Jackson streaming parser before it %.2f us; Jackson tree only %.2f us%n",
                    round, scanner, single.length / scanner, scannerEnvelope, reference, tree);
        }
        long before = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) parser.parse(single, COUNTING);
        long parserBytes = (THREADS.getCurrentThreadAllocatedBytes() - before) / 100_000;
        before = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) jackson.parse(single, COUNTING);
        long referenceBytes = (THREADS.getCurrentThreadAllocatedBytes() - before) / 100_000;
        System.out.printf(
                "allocated per record: parser %,d bytes, Jackson streaming parser before it %,d bytes%n",
                parserBytes, referenceBytes);
    }

    /** Runs the action for about 2 s of this thread's CPU time; the CPU microseconds per record it parsed. */
    private static double microsPerRecord(Runnable action, int recordsPerCall) {
        long start = THREADS.getCurrentThreadCpuTime();
        long calls = 0;
        while (THREADS.getCurrentThreadCpuTime() - start < 2_000_000_000L) {
            for (int i = 0; i < 200; i++) action.run();
            calls += 200;
        }
        return (THREADS.getCurrentThreadCpuTime() - start) / 1e3 / (calls * recordsPerCall);
    }
}
