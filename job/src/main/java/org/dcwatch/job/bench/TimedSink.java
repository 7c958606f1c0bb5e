package org.dcwatch.job.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A sink that keeps what reaches it with the wall-clock time it arrived, in this JVM: the benchmark runs the job on an
 * embedded MiniCluster, so the harness reads the arrivals directly instead of parsing output files (whose commit on
 * checkpoints would add a checkpoint interval to every latency).
 */
public final class TimedSink<T> implements Sink<T> {

    /** One element and when the sink received it (epoch millis). */
    public record Arrival<T>(T element, long wallClockMillis) {}

    private static final Map<String, List<Arrival<?>>> RECEIVED = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();

    public TimedSink() {
        RECEIVED.put(id, Collections.synchronizedList(new ArrayList<>()));
    }

    /** What arrived so far, without forgetting it: for a harness that waits for outputs while the job runs. */
    @SuppressWarnings("unchecked")
    public List<Arrival<T>> received() {
        List<Arrival<?>> received = RECEIVED.get(id);
        if (received == null) return List.of();
        synchronized (received) {
            return new ArrayList<>((List<Arrival<T>>) (List<?>) received);
        }
    }

    /** What arrived so far; forgets it, so that a long benchmark does not keep every run's outputs. */
    @SuppressWarnings("unchecked")
    public List<Arrival<T>> drain() {
        List<Arrival<?>> received = RECEIVED.remove(id);
        if (received == null) return List.of();
        synchronized (received) {
            return new ArrayList<>((List<Arrival<T>>) (List<?>) received);
        }
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        List<Arrival<?>> target = RECEIVED.get(id);
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context context) {
                target.add(new Arrival<>(element, System.currentTimeMillis()));
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
