package org.dcwatch.job.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka clients given dcwatch's references reach a real broker. The test broker has no SASL, so the references stand
 * for settings that it does check instead — the bootstrap servers — or that it ignores: the mechanism is the one
 * that resolves the Event Hubs JAAS line, which {@code KafkaSettingsTest} resolves without a broker.
 */
class SecretReferencesITCase {

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    @TempDir
    Path dir;

    @Test
    void aProducerOfDcwatchsPropertiesWithAReferenceWrites() throws Exception {
        KAFKA.createTopics("referenced-producer");
        Path keyPassword = Files.writeString(dir.resolve("key-password"), "k3y-pa55\n");
        // a secret the PLAINTEXT listener never asks for, which the client still resolves: a missing file would fail it
        Properties properties = KafkaClientProperties.load(null,
                Map.of("DCWATCH_KAFKA_SSL_KEY_PASSWORD_FILE", keyPassword.toString()), "DCWATCH_", "--kafka-properties");
        assertTrue(properties.getProperty("ssl.key.password").startsWith("${dcwatch:file:"), properties.toString());
        try (KafkaTopicTarget target = KafkaTopicTarget.open(
                new KafkaSettings.Cluster(KAFKA.bootstrapServers(), properties), "referenced-producer")) {
            target.send("{\"records\":[]}", 0);
        }
        assertEquals(List.of("{\"records\":[]}"),
                KafkaBroker.values(KAFKA.readAll("referenced-producer", false, Duration.ofSeconds(30))));
    }

    @Test
    void aConsumerFindsTheBrokerThroughAReference() throws Exception {
        KAFKA.createTopics("referenced-consumer");
        KAFKA.produce("referenced-consumer", List.of("one"));
        Path servers = Files.writeString(dir.resolve("bootstrap-servers"), KAFKA.bootstrapServers() + "\n");
        Properties properties = new Properties();
        properties.setProperty("config.providers", "dcwatch");
        properties.setProperty("config.providers.dcwatch.class", SecretConfigProvider.class.getName());
        properties.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "${dcwatch:file:" + servers + "}");
        properties.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        TopicPartition partition = new TopicPartition("referenced-consumer", 0);
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            assertEquals(1L, consumer.endOffsets(List.of(partition), Duration.ofSeconds(30)).get(partition));
            assertEquals("one", consumer.poll(Duration.ofSeconds(30)).iterator().next().value());
        }

        // without the provider the reference is an address that is none: it was the reference that found the broker
        properties.remove("config.providers");
        assertThrows(KafkaException.class,
                () -> new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer()).close());
    }
}
