package org.dcwatch.job.generate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.dcwatch.job.config.ConfigurationException;
import org.dcwatch.job.kafka.KafkaClientProperties;
import org.dcwatch.job.kafka.KafkaSettings;

/**
 * Generated messages to a Kafka topic, each message one Kafka record: its value the message's UTF-8 bytes, as Entra's
 * diagnostic settings put one envelope into one Event Hub event.
 *
 * <p>Records have no key, as Entra's are published without a partition key: the producer spreads them over the
 * partitions, and the job must not rely on a key it will never get. On a topic of one partition they keep their order,
 * so the topic holds the bytes {@code generate --out} writes, a line a record.
 *
 * <p>Sends are asynchronous; the first failure is kept and fails the next send, the flush at the end or the close, with
 * a message that names the topic and what went wrong — a lost message must never pass for a complete run. Messages
 * print no secret: every client property that holds one is redacted from them.
 */
public final class KafkaTopicTarget implements MessageTarget {

    private final KafkaSettings.Cluster cluster;
    private final String topic;
    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private long messages;
    private long bytes;
    private boolean closed;

    private KafkaTopicTarget(KafkaSettings.Cluster cluster, String topic, KafkaProducer<byte[], byte[]> producer) {
        this.cluster = cluster;
        this.topic = topic;
        this.producer = producer;
    }

    /**
     * A producer to the topic, once the cluster has answered that the topic is there (within the client's
     * {@code max.block.ms}, 60 s unless the properties say otherwise).
     *
     * @throws ConfigurationException when the client properties are invalid
     * @throws IOException when the cluster cannot be reached or has no such topic
     */
    public static KafkaTopicTarget open(KafkaSettings.Cluster cluster, String topic) throws IOException {
        KafkaProducer<byte[], byte[]> producer;
        try {
            producer = new KafkaProducer<>(
                    producerProperties(cluster), new ByteArraySerializer(), new ByteArraySerializer());
        } catch (KafkaException e) {
            Throwable cause = e.getCause() instanceof ConfigException ? e.getCause() : e;
            throw new ConfigurationException(
                    "Kafka client settings (--bootstrap-servers, --kafka-properties, DCWATCH_KAFKA_...): "
                            + KafkaClientProperties.redact(String.valueOf(cause.getMessage()), cluster.properties()));
        }
        KafkaTopicTarget target = new KafkaTopicTarget(cluster, topic, producer);
        try {
            producer.partitionsFor(topic);
        } catch (KafkaException e) {
            producer.close(Duration.ZERO);
            throw target.failed("cannot reach it (is the broker up, and does the topic exist?)", e);
        }
        return target;
    }

    /**
     * The cluster's properties with what a load feeder wants unless they say otherwise: every message acknowledged by
     * all in-sync replicas and written once even when a send is retried (idempotence), in large, compressed batches.
     * A 50 ms linger fills batches, and is nothing next to a paced run's spacing; lz4 sent
     * envelopes faster than no compression on a local broker (less for the broker to write). Batches stay at 512 KB,
     * below the 1,046,528-byte requests after which Event Hubs closes the connection. Event Hubs may refuse lz4: give
     * {@code compression.type=none} (or gzip) in the properties there.
     */
    static Properties producerProperties(KafkaSettings.Cluster cluster) {
        Properties properties = cluster.properties();
        properties.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        properties.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        properties.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "50");
        properties.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(512 * 1024));
        properties.putIfAbsent(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(64L * 1024 * 1024));
        properties.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        properties.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "dcwatch-generate");
        return properties;
    }

    @Override
    public void send(CharSequence message, int records) throws IOException {
        throwIfFailed();
        byte[] value = message.toString().getBytes(StandardCharsets.UTF_8);
        try {
            producer.send(new ProducerRecord<>(topic, value), (metadata, exception) -> {
                if (exception != null) failure.compareAndSet(null, exception);
            });
        } catch (KafkaException e) {
            failure.compareAndSet(null, e);
            throwIfFailed();
        }
        messages++;
        bytes += value.length;
    }

    /** Waits until every message sent is acknowledged, and fails if one was not. */
    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        try {
            if (failure.get() == null) producer.flush();
        } catch (KafkaException e) {
            failure.compareAndSet(null, e);
        } finally {
            // after a failure the rest is given up at once: the run has failed either way
            producer.close(failure.get() == null ? Duration.ofMinutes(1) : Duration.ZERO);
        }
        throwIfFailed();
    }

    /** The bytes of the values sent so far. */
    public long bytes() {
        return bytes;
    }

    private void throwIfFailed() throws IOException {
        Exception first = failure.get();
        if (first == null) return;
        String hint = first instanceof RecordTooLargeException
                ? " (a message is larger than the producer's or the topic's limit: lower --per-envelope, or raise "
                        + "max.request.size in --kafka-properties and the topic's max.message.bytes)"
                : "";
        throw failed("a send failed (" + messages + " messages handed to the producer)" + hint, first);
    }

    private IOException failed(String what, Exception e) {
        return new IOException("topic " + topic + " on " + cluster.bootstrapServers() + ": " + what + ": "
                + KafkaClientProperties.redact(
                        e.getClass().getSimpleName() + ": " + e.getMessage(), cluster.properties()));
    }
}
