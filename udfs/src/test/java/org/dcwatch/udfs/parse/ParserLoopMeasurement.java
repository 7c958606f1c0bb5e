package org.dcwatch.udfs.parse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * A quick loop measurement of what parsing one realistic Event Hub record costs: the parser, the Jackson-based parser
 * it replaced ({@link JacksonReferenceParser}) and a full Jackson tree of the same bytes, in one run. Costs are the
 * thread's CPU time per record, so a busy machine slows the loops but hardly the figures. Not a test and not the
 * benchmark (that is JMH, with the job): run it by hand with the udfs test class path, or from an IDE.
 */
public final class ParserLoopMeasurement {

    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static int sink;

    public static void main(String[] args) {
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
        ParseOutput counting = new ParseOutput() {
            @Override
            public void event(org.dcwatch.udfs.event.SignInEvent event) {
                sink += event.asn();
            }

            @Override
            public void deadLetter(DeadLetter deadLetter) {
                throw new IllegalStateException(deadLetter.detail());
            }
        };
        System.out.printf("record: %d bytes; envelope: %d bytes%n", single.length, envelopeOf20.length);
        for (int round = 1; round <= 5; round++) {
            double scanner = microsPerRecord(() -> parser.parse(single, counting), 1);
            double scannerEnvelope = microsPerRecord(() -> parser.parse(envelopeOf20, counting), 20);
            double reference = microsPerRecord(() -> jackson.parse(single, counting), 1);
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
        for (int i = 0; i < 100_000; i++) parser.parse(single, counting);
        long parserBytes = (THREADS.getCurrentThreadAllocatedBytes() - before) / 100_000;
        before = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) jackson.parse(single, counting);
        long referenceBytes = (THREADS.getCurrentThreadAllocatedBytes() - before) / 100_000;
        System.out.printf("allocated per record: parser %,d bytes, Jackson streaming parser before it %,d bytes%n",
                parserBytes, referenceBytes);
        System.out.println(sink == 42 ? "" : "done");
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
