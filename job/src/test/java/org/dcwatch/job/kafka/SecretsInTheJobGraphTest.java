package org.dcwatch.job.kafka;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.util.InstantiationUtil;
import org.dcwatch.job.config.JobSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka sources and sinks are Java-serialized into the job graph, and from there into savepoint metadata and what
 * Flink's REST API hands out: they must carry references to the secrets, never the secrets.
 */
class SecretsInTheJobGraphTest {

    private static final String SHARED_ACCESS_KEY = "c2VjcmV0LWtleS1vZi10aGUtdGVzdA==";
    private static final String SCRAM_PASSWORD = "s3cr3t-pa55";
    private static final String KEY_PASSWORD = "k3y-pa55-from-a-file";

    @TempDir
    Path dir;

    @Test
    void theSerializedSourcesAndSinksHoldNoSecret() throws Exception {
        Path keyPassword = Files.writeString(dir.resolve("key-password"), KEY_PASSWORD + "\n");
        Properties input = KafkaClientProperties.load(
                null,
                Map.of(
                        "DCWATCH_EVENTHUBS_CONNECTION_STRING",
                        KafkaSettingsTest.CONNECTION_STRING,
                        "DCWATCH_KAFKA_SSL_KEY_PASSWORD_FILE",
                        keyPassword.toString()),
                KafkaClientProperties.INPUT_ENV_PREFIX,
                "--kafka-properties");
        Properties output = KafkaClientProperties.load(
                null,
                Map.of("DCWATCH_OUTPUT_KAFKA_SASL_JAAS_CONFIG", KafkaSettingsTest.JAAS),
                KafkaClientProperties.OUTPUT_ENV_PREFIX,
                "--output-kafka-properties");
        KafkaSettings settings = KafkaSettings.builder(
                        new KafkaSettings.Cluster("contoso-signins.servicebus.windows.net:9093", input))
                .output(new KafkaSettings.Cluster("kafka-0.example:9093", output))
                .inputTopic("insights-logs-signinlogs")
                .alertsTopic("dcwatch-alerts")
                .visibilityTopic("dcwatch-visibility")
                .deadLetterTopic("dcwatch-dead-letters")
                .lateTopic("dcwatch-late")
                .tuningTopic("dcwatch-tuning")
                .build();

        Map<String, Object> graphParts = Map.of(
                "sign-in source", SignInKafkaSource.create(settings, JobSettings.defaults()),
                "tuning source", TuningKafkaSource.create(settings),
                "alert sink", KafkaSinks.alerts(settings),
                "visibility sink", KafkaSinks.visibility(settings),
                "dead-letter sink", KafkaSinks.deadLetters(settings),
                "late sink", KafkaSinks.late(settings));
        for (Map.Entry<String, Object> part : graphParts.entrySet()) {
            // ISO-8859-1: every byte one character, so that the ASCII of a secret shows wherever it is
            String bytes = new String(InstantiationUtil.serializeObject(part.getValue()), StandardCharsets.ISO_8859_1);
            for (String secret : new String[] {SHARED_ACCESS_KEY, SCRAM_PASSWORD, KEY_PASSWORD}) {
                assertFalse(bytes.contains(secret), "the " + part.getKey() + " carries " + secret);
            }
            String reference = part.getKey().endsWith("source")
                    ? "${dcwatch:eventhubs-env:DCWATCH_EVENTHUBS_CONNECTION_STRING}"
                    : "${dcwatch:env:DCWATCH_OUTPUT_KAFKA_SASL_JAAS_CONFIG}";
            assertTrue(bytes.contains(reference), "the " + part.getKey() + " names its secret: " + reference);
        }
    }
}
