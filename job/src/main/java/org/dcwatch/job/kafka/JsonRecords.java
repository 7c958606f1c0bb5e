package org.dcwatch.job.kafka;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One JSON document a Kafka record, with a key and a timestamp of dcwatch's choosing.
 *
 * <p>The timestamp is the time of writing, not the event time that the connector would use by default: sign-ins
 * replayed from days ago would otherwise give output records timestamps so old that a topic's time-based retention
 * deletes them as soon as they are committed.
 */
final class JsonRecords<T> implements KafkaRecordSerializationSchema<T> {

    /** The document of an element; {@code writeTimeMillis} is also the record's timestamp. */
    @FunctionalInterface
    interface Document<T> extends Serializable {
        String json(T element, long writeTimeMillis);
    }

    /** The record key of an element, or null for none (the producer then spreads records over the partitions). */
    @FunctionalInterface
    interface Key<T> extends Serializable {
        String of(T element);
    }

    private final String topic;
    private final Key<T> key;
    private final Document<T> document;

    JsonRecords(String topic, Key<T> key, Document<T> document) {
        this.topic = topic;
        this.key = key;
        this.document = document;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        long now = System.currentTimeMillis();
        String keyText = key.of(element);
        return new ProducerRecord<>(
                topic,
                null,
                now,
                keyText == null ? null : keyText.getBytes(StandardCharsets.UTF_8),
                document.json(element, now).getBytes(StandardCharsets.UTF_8));
    }
}
