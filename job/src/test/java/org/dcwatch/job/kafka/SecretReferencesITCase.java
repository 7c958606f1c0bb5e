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
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.dcwatch.job.generate.KafkaTopicTarget;
import org.junit.jupiter.api.Order;
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
    @Order(1)
    static final KafkaBroker KAFKA = new KafkaBroker();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension FLINK = KafkaTestJobs.miniCluster();

    @TempDir
    Path dir;

    @Test
    void aProducerOfDcwatchsPropertiesWithAReferenceWrites() throws Exception {
        KAFKA.createTopics("referenced-producer");
        Path keyPassword = Files.writeString(dir.resolve("key-password"), "k3y-pa55\n");
        // a secret the PLAINTEXT listener never asks for, which the client still resolves: a missing file would fail it
        Properties properties = KafkaClientProperties.load(
                null,
                Map.of("DCWATCH_KAFKA_SSL_KEY_PASSWORD_FILE", keyPassword.toString()),
                "DCWATCH_",
                "--kafka-properties");
        assertTrue(properties.getProperty("ssl.key.password").startsWith("${dcwatch:file:"), properties.toString());
        try (KafkaTopicTarget target = KafkaTopicTarget.open(
                new KafkaSettings.Cluster(KAFKA.bootstrapServers(), properties), "referenced-producer")) {
            target.send("{\"records\":[]}", 0);
        }
        assertEquals(
                List.of("{\"records\":[]}"),
                KafkaBroker.values(KAFKA.readAll("referenced-producer", false, Duration.ofSeconds(30))));
    }

    @Test
    void aFlinkJobOfDcwatchsSourceAndASinkOfItsPropertiesRunsWithTheReferences() throws Exception {
        KAFKA.createTopics("referenced-tuning", "referenced-out");
        KAFKA.produce("referenced-tuning", List.of("a tuning record"));
        Path keyPassword = Files.writeString(dir.resolve("key-password"), "k3y-pa55\n");
        Properties properties = KafkaClientProperties.load(
                null,
                Map.of("DCWATCH_KAFKA_SSL_KEY_PASSWORD_FILE", keyPassword.toString()),
                "DCWATCH_",
                "--kafka-properties");
        KafkaSettings settings = KafkaSettings.builder(new KafkaSettings.Cluster(KAFKA.bootstrapServers(), properties))
                .inputTopic("unused")
                .alertsTopic("unused")
                .tuningTopic("referenced-tuning")
                .groupId("referenced")
                .build();
        StreamExecutionEnvironment env = KafkaTestJobs.environment(Duration.ofSeconds(1));
        // the source's enumerator (an admin client), its reader (a consumer) and the sink's producer all resolve them
        env.fromSource(TuningKafkaSource.create(settings), WatermarkStrategy.noWatermarks(), "tuning")
                .sinkTo(KafkaSink.<String>builder()
                        .setKafkaProducerConfig(settings.output().properties())
                        .setBootstrapServers(settings.output().bootstrapServers())
                        .setRecordSerializer(KafkaRecordSerializationSchema.builder()
                                .setTopic("referenced-out")
                                .setValueSerializationSchema(new SimpleStringSchema())
                                .build())
                        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                        .build());
        try (RunningJob job = RunningJob.start(env, "references")) {
            assertEquals(
                    List.of("a tuning record"),
                    KafkaBroker.values(KAFKA.await(
                            job, "referenced-out", false, records -> !records.isEmpty(), KafkaTestJobs.TIMEOUT)));
        }
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
            assertEquals(
                    1L,
                    consumer.endOffsets(List.of(partition), Duration.ofSeconds(30))
                            .get(partition));
            assertEquals(
                    "one",
                    consumer.poll(Duration.ofSeconds(30)).iterator().next().value());
        }

        // without the provider the reference is an address that is none: it was the reference that found the broker
        properties.remove("config.providers");
        assertThrows(
                KafkaException.class,
                () -> new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer()).close());
    }
}
