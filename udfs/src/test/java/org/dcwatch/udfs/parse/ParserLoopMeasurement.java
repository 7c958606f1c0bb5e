package org.dcwatch.udfs.parse;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;

/**
 * A quick loop measurement of what parsing one realistic Event Hub record costs, beside a full Jackson tree of the
 * same bytes. Not a test and not the benchmark (that is JMH, with the job): run it by hand with
 * {@code mvn -q -pl udfs test-compile exec:java}-style classpath, or from an IDE.
 */
public final class ParserLoopMeasurement {

    public static void main(String[] args) throws Exception {
        String envelope = Fixtures.text("samples/eventhub-device-code-envelope.json");
        // the envelope's first record, alone: a 3.7 KB interactive device-code sign-in
        String record = envelope.substring(envelope.indexOf('[') + 1, envelope.indexOf("\n")).replaceAll(",$", "");
        byte[] single = record.getBytes(StandardCharsets.UTF_8);
        StringBuilder batch = new StringBuilder("{\"records\":[");
        for (int i = 0; i < 20; i++) batch.append(i == 0 ? "" : ",").append(record);
        byte[] envelopeOf20 = batch.append("]}").toString().getBytes(StandardCharsets.UTF_8);

        SignInParser parser = new SignInParser();
        ObjectMapper mapper = new ObjectMapper();
        int[] sink = new int[1];
        ParseOutput counting = new ParseOutput() {
            @Override
            public void event(org.dcwatch.udfs.event.SignInEvent event) {
                sink[0] += event.asn();
            }

            @Override
            public void deadLetter(DeadLetter deadLetter) {
                throw new IllegalStateException(deadLetter.detail());
            }
        };
        System.out.printf("record: %d bytes; envelope: %d bytes%n", single.length, envelopeOf20.length);
        for (int round = 0; round < 5; round++) {
            long records = 0;
            long start = System.nanoTime();
            while (System.nanoTime() - start < 2_000_000_000L) {
                for (int i = 0; i < 1000; i++) parser.parse(single, counting);
                records += 1000;
            }
            double singleRate = records / ((System.nanoTime() - start) / 1e9);

            records = 0;
            start = System.nanoTime();
            while (System.nanoTime() - start < 2_000_000_000L) {
                for (int i = 0; i < 50; i++) parser.parse(envelopeOf20, counting);
                records += 50 * 20;
            }
            double envelopeRate = records / ((System.nanoTime() - start) / 1e9);

            records = 0;
            start = System.nanoTime();
            while (System.nanoTime() - start < 2_000_000_000L) {
                for (int i = 0; i < 1000; i++) sink[0] += mapper.readTree(single).size();
                records += 1000;
            }
            double treeRate = records / ((System.nanoTime() - start) / 1e9);
            System.out.printf("round %d: dcwatch parser %,.0f records/s single (%.2f us, %.0f MB/s), %,.0f records/s in envelopes of 20;"
                            + " Jackson tree only %,.0f records/s (%.2f us)%n",
                    round, singleRate, 1e6 / singleRate, singleRate * single.length / 1e6, envelopeRate, treeRate, 1e6 / treeRate);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) parser.parse(single, counting);
        long parserBytes = (threads.getCurrentThreadAllocatedBytes() - before) / 100_000;
        before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) sink[0] += mapper.readTree(single).size();
        long treeBytes = (threads.getCurrentThreadAllocatedBytes() - before) / 100_000;
        System.out.printf("allocated per record: dcwatch parser %,d bytes, Jackson tree %,d bytes%n", parserBytes, treeBytes);
        System.out.println(sink[0] == 42 ? "" : "done");
    }
}
