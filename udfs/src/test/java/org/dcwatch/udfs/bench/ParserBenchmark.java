package org.dcwatch.udfs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.parse.DeadLetter;
import org.dcwatch.udfs.parse.JacksonReferenceParser;
import org.dcwatch.udfs.parse.ParseOutput;
import org.dcwatch.udfs.parse.SignInParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What parsing one realistic Event Hub sign-in costs: the parser on one 3.4 KB record and on an envelope of 20, beside
 * the Jackson-based parser it replaced and a full Jackson tree of the same record. Run with bench/jmh.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ParserBenchmark {

    private final SignInParser parser = new SignInParser();
    private final JacksonReferenceParser jacksonParser = new JacksonReferenceParser();
    private final ObjectMapper mapper = new ObjectMapper();
    private byte[] record;
    private byte[] envelopeOf20;
    private ParseOutput output;

    @Setup
    public void setUp(Blackhole blackhole) throws IOException {
        String envelope;
        try (InputStream in =
                ParserBenchmark.class.getResourceAsStream("/samples/eventhub-device-code-envelope.json")) {
            envelope = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String first = envelope.substring(envelope.indexOf('[') + 1, envelope.indexOf('\n'))
                .replaceAll(",$", "");
        record = first.getBytes(StandardCharsets.UTF_8);
        envelopeOf20 = ("{\"records\":[" + String.join(",", java.util.Collections.nCopies(20, first)) + "]}")
                .getBytes(StandardCharsets.UTF_8);
        output = new ParseOutput() {
            @Override
            public void event(SignInEvent event) {
                blackhole.consume(event);
            }

            @Override
            public void deadLetter(DeadLetter deadLetter) {
                throw new IllegalStateException(deadLetter.detail());
            }
        };
    }

    /** One 3.4 KB interactive device-code sign-in, as one message. */
    @Benchmark
    public void parseOneRecord() {
        parser.parse(record, output);
    }

    /** An Event Hub envelope of 20 such records (divide by 20 for a record). */
    @Benchmark
    public void parseEnvelopeOf20() {
        parser.parse(envelopeOf20, output);
    }

    /** For comparison: the Jackson-based streaming parser that the scanner replaced, on the same record. */
    @Benchmark
    public void jacksonParserBeforeOnOneRecord() {
        jacksonParser.parse(record, output);
    }

    /** For comparison: a full Jackson tree of the same record, without even reading a field of it. */
    @Benchmark
    public JsonNode jacksonTreeOfOneRecord() throws IOException {
        return mapper.readTree(record);
    }
}
