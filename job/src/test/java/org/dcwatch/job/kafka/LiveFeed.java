package org.dcwatch.job.kafka;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Keeps writing records to a topic partition at a fixed period until closed, as a live event hub keeps receiving
 * them: a partition fed so never falls silent, so only what its records are can decide whether it holds event time
 * back.
 */
final class LiveFeed implements AutoCloseable {

    private final KafkaProducer<String, String> producer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final AtomicLong acknowledged = new AtomicLong();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "live-feed");
        thread.setDaemon(true);
        return thread;
    });

    /** @param next the value of the next record, asked once a period */
    LiveFeed(KafkaBroker kafka, String topic, int partition, Duration period, Supplier<String> next) {
        this.producer = kafka.producer();
        timer.scheduleAtFixedRate(
                () -> {
                    try {
                        producer.send(new ProducerRecord<>(topic, partition, null, next.get()), (sent, e) -> {
                            if (e != null) failure.compareAndSet(null, e);
                            else acknowledged.incrementAndGet();
                        });
                    } catch (RuntimeException e) {
                        // a scheduled task that throws is never run again: keep the cause for close()
                        failure.compareAndSet(null, e);
                        throw e;
                    }
                },
                0,
                period.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Stops the feed; fails if any record could not be written, as the test would then prove nothing. */
    @Override
    public void close() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(10, TimeUnit.SECONDS);
        producer.close();
        if (failure.get() != null) throw new AssertionError("the live feed failed", failure.get());
    }
}
