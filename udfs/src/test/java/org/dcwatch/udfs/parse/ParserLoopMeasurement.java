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
 * {@code bench/job}): the parser alone on its first 2,000 messages, round after round, with the minimum and the median
 * of the rounds after the first three (the JIT compiler's) — compare two trees by alternating their runs.
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
        List<Double> steady = new ArrayList<>();
        for (int round = 1; round <= 12; round++) {
            records = 0;
            long start = THREADS.getCurrentThreadCpuTime();
            while (THREADS.getCurrentThreadCpuTime() - start < 2_000_000_000L) {
                for (byte[] message : messages) parser.parse(message, COUNTING);
            }
            double micros = (THREADS.getCurrentThreadCpuTime() - start) / 1e3 / records;
            System.out.printf("round %d: %.2f us a record%n", round, micros);
            if (round > 3) steady.add(micros);
        }
        Collections.sort(steady);
        System.out.printf("%s, %d messages: min %.2f us, median %.2f us a record (CPU time)%n", file, messages.size(),
                steady.get(0), steady.get(steady.size() / 2));
    }

    private static void compareWithJackson() {
        String envelope = Fixtures.text("samples/eventhub-device-code-envelope.json");
        // the envelope's first record, alone: a 3.7 KB interactive device-code sign-in
        String record = envelope.substring(envelope.indexOf('[') + 1, envelope.indexOf("\n")).replaceAll(",$", "");
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
            double tree = microsPerRecord(() -> {
                try {
                    sink += mapper.readTree(single).size();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, 1);
            System.out.printf("round %d, CPU time per record: parser %.2f us (%.0f MB/s a core), in envelopes of 20 %.2f us;"
                            + " Jackson streaming parser before it %.2f us; Jackson tree only %.2f us%n",
                    round, scanner, single.length / scanner, scannerEnvelope, reference, tree);
        }
        long before = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) parser.parse(single, COUNTING);
        long parserBytes = (THREADS.getCurrentThreadAllocatedBytes() - before) / 100_000;
        before = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) jackson.parse(single, COUNTING);
        long referenceBytes = (THREADS.getCurrentThreadAllocatedBytes() - before) / 100_000;
        System.out.printf("allocated per record: parser %,d bytes, Jackson streaming parser before it %,d bytes%n",
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
