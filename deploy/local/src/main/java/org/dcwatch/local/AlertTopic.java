package org.dcwatch.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** The alerts topic as a consumer reads it, from its start, without a consumer group. */
final class AlertTopic implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final KafkaConsumer<String, String> consumer;
    private final List<TopicPartition> partitions;

    /**
     * @param readCommitted {@code isolation.level=read_committed}, what alert consumers use; else read_uncommitted,
     *     which also sees the records of open and aborted transactions
     */
    AlertTopic(String bootstrapServers, String topic, boolean readCommitted) {
        Properties properties = new Properties();
        properties.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.setProperty(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
        properties.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
        partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** The next documents, waiting up to {@code timeout} for some. */
    List<String> poll(Duration timeout) {
        List<String> documents = new ArrayList<>();
        consumer.poll(timeout).forEach(record -> documents.add(record.value()));
        return documents;
    }

    /**
     * The documents up to the end of the topic as this consumer sees it now: for read_committed the last stable offset
     * (an open transaction ends it), else the high watermark.
     */
    List<String> readToEnd() {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        List<String> documents = new ArrayList<>();
        while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
            documents.addAll(poll(Duration.ofMillis(200)));
        }
        return documents;
    }

    static JsonNode parse(String document) {
        try {
            return MAPPER.readTree(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What identifies one alert document: its alert id and revision. */
    static String idAndRevision(String document) {
        JsonNode alert = parse(document);
        return alert.path("alertId").asText() + "/" + alert.path("revision").asInt();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
