package org.dcwatch.job.bench;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * Messages prepared in memory, emitted by a rate-limited source at a fixed rate, each stamped with the wall-clock time
 * the source emitted it: its arrival. The messages and stamps stay in this JVM (the benchmark's MiniCluster runs
 * here), and the source carries only their key, so the job graph stays small however many messages there are. Run
 * the source with parallelism 1: message {@code i} is then the {@code i}-th emitted.
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
    DataGeneratorSource<byte[]> source(double perSecond) {
        return new DataGeneratorSource<>(new Emit(key), shared.messages().size(), RateLimiterStrategy.perSecond(perSecond),
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
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

    private static final class Emit implements GeneratorFunction<Long, byte[]> {
        private final String key;
        private transient Shared shared;

        Emit(String key) {
            this.key = key;
        }

        @Override
        public byte[] map(Long index) {
            if (shared == null) shared = SHARED.get(key);
            int i = Math.toIntExact(index);
            shared.arrivalMillis()[i] = System.currentTimeMillis();
            return shared.messages().get(i);
        }
    }
}
