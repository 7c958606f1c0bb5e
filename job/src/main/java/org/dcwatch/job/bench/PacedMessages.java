package org.dcwatch.job.bench;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.dcwatch.job.config.JobSettings;
import org.dcwatch.job.source.SignInOrDeadLetter;
import org.dcwatch.job.source.SourceParser;

/**
 * Messages prepared in memory, emitted by a rate-limited source at a fixed rate, each stamped with the wall-clock time
 * the source emitted it: its arrival. The messages and stamps stay in this JVM (the benchmark's MiniCluster runs
 * here), and the source carries only their key, so the job graph stays small however many messages there are. Run
 * the source with parallelism 1: message {@code i} is then the {@code i}-th emitted. Each message is one record, and
 * the source parses it, as the job's own sources do.
 */
final class PacedMessages {

    private record Shared(List<byte[]> messages, long[] arrivalMillis) {}

    private static final Map<String, Shared> SHARED = new ConcurrentHashMap<>();

    private final String key = UUID.randomUUID().toString();
    private final Shared shared;

    PacedMessages(List<byte[]> messages) {
        shared = new Shared(List.copyOf(messages), new long[messages.size()]);
        SHARED.put(key, shared);
    }

    /** The source of the messages, {@code perSecond} a second. */
    DataGeneratorSource<SignInOrDeadLetter> source(double perSecond, JobSettings settings) {
        return new DataGeneratorSource<>(
                new Emit(key, new SourceParser(settings)),
                shared.messages().size(),
                RateLimiterStrategy.perSecond(perSecond),
                SignInOrDeadLetter.TYPE);
    }

    /** When message {@code index} was emitted (epoch millis), or 0 if it was not. */
    long arrivalMillis(int index) {
        return shared.arrivalMillis()[index];
    }

    /** When the last message was emitted (epoch millis). */
    long lastArrivalMillis() {
        long last = 0;
        for (long arrival : shared.arrivalMillis()) last = Math.max(last, arrival);
        return last;
    }

    void release() {
        SHARED.remove(key);
    }

    private static final class Emit implements GeneratorFunction<Long, SignInOrDeadLetter> {
        private final String key;
        private final SourceParser parser;
        private transient Shared shared;
        private transient SignInOrDeadLetter parsed;

        Emit(String key, SourceParser parser) {
            this.key = key;
            this.parser = parser;
        }

        @Override
        public void open(SourceReaderContext readerContext) {
            shared = SHARED.get(key);
            parser.open();
        }

        @Override
        public SignInOrDeadLetter map(Long index) {
            int i = Math.toIntExact(index);
            shared.arrivalMillis()[i] = System.currentTimeMillis();
            parsed = null;
            parser.parse(shared.messages().get(i), () -> "message " + i, Long.MAX_VALUE, record -> parsed = record);
            return parsed;
        }
    }
}
