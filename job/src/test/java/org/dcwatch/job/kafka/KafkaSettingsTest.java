package org.dcwatch.job.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.dcwatch.job.config.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaSettingsTest {

    static final String CONNECTION_STRING = "Endpoint=sb://contoso-signins.servicebus.windows.net/;"
            + "SharedAccessKeyName=dcwatch-listen;SharedAccessKey=c2VjcmV0LWtleS1vZi10aGUtdGVzdA==";
    static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"dcwatch\" "
            + "password=\"s3cr3t-pa55\";";

    @TempDir
    Path dir;

    @Test
    void turnsAnEventHubsConnectionStringIntoSaslSslPlainWithAReferenceToIt() {
        Properties properties = KafkaClientProperties.load(
                null,
                Map.of("DCWATCH_EVENTHUBS_CONNECTION_STRING", CONNECTION_STRING),
                KafkaClientProperties.INPUT_ENV_PREFIX,
                "--kafka-properties");
        assertEquals("SASL_SSL", properties.getProperty("security.protocol"));
        assertEquals("PLAIN", properties.getProperty("sasl.mechanism"));
        assertEquals(
                "${dcwatch:eventhubs-env:DCWATCH_EVENTHUBS_CONNECTION_STRING}",
                properties.getProperty("sasl.jaas.config"));
        assertEquals("dcwatch", properties.getProperty("config.providers"));
        assertEquals(SecretConfigProvider.class.getName(), properties.getProperty("config.providers.dcwatch.class"));
    }

    @Test
    void readsTheConnectionStringFromTheFileAnEnvironmentVariableNames() throws Exception {
        Path secret = Files.writeString(dir.resolve("connection-string"), CONNECTION_STRING + "\n");
        Properties properties = KafkaClientProperties.load(
                null,
                Map.of("DCWATCH_EVENTHUBS_CONNECTION_STRING_FILE", secret.toString()),
                KafkaClientProperties.INPUT_ENV_PREFIX,
                "--kafka-properties");
        assertEquals(
                "${dcwatch:eventhubs-file:" + secret.toAbsolutePath() + "}",
                properties.getProperty("sasl.jaas.config"));
        assertEquals(
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"$ConnectionString\" "
                        + "password=\"" + CONNECTION_STRING + "\";",
                resolved(properties).getPassword("sasl.jaas.config").value(),
                "what the Kafka client makes of the reference; the line break at the end of the file is no part of the secret");
    }

    @Test
    void aClientResolvesEveryKindOfReference() throws Exception {
        Path connectionString = Files.writeString(dir.resolve("connection-string"), CONNECTION_STRING + "\n");
        Path keyPassword = Files.writeString(dir.resolve("key-password"), "k3y-pa55\n");
        Properties properties = new Properties();
        properties.setProperty("config.providers", "dcwatch");
        properties.setProperty("config.providers.dcwatch.class", SecretConfigProvider.class.getName());
        properties.setProperty("sasl.jaas.config", "${dcwatch:eventhubs-file:" + connectionString + "}");
        properties.setProperty("ssl.key.password", "${dcwatch:file:" + keyPassword + "}");
        // the variables of this test's process are not the test's to choose: any one of them
        Map.Entry<String, String> variable = System.getenv().entrySet().stream()
                .filter(e -> !e.getValue().isBlank())
                .findFirst()
                .orElseThrow();
        properties.setProperty("ssl.keystore.password", "${dcwatch:env:" + variable.getKey() + "}");
        ConsumerConfig config = resolved(properties);
        assertTrue(config.getPassword("sasl.jaas.config").value().contains("password=\"" + CONNECTION_STRING + "\";"));
        assertEquals("k3y-pa55", config.getPassword("ssl.key.password").value());
        assertEquals(
                variable.getValue().strip(),
                config.getPassword("ssl.keystore.password").value());

        properties.setProperty("ssl.key.password", "${dcwatch:env:DCWATCH_TEST_NO_SUCH_VARIABLE}");
        ConfigException missing = assertThrows(ConfigException.class, () -> resolved(properties));
        assertTrue(
                missing.getMessage().contains("DCWATCH_TEST_NO_SUCH_VARIABLE is not set in this process"),
                missing.getMessage());
    }

    @Test
    void refusesWhenTheJvmAllowsKafkaClientsNotToResolveTheReferences() {
        String property = "org.apache.kafka.automatic.config.providers";
        String before = System.getProperty(property);
        System.setProperty(property, "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
        try {
            ConfigurationException e = assertThrows(
                    ConfigurationException.class,
                    () -> KafkaClientProperties.load(
                            null, Map.of("DCWATCH_KAFKA_SASL_JAAS_CONFIG", JAAS), "DCWATCH_", "--kafka-properties"));
            assertTrue(e.getMessage().contains("add " + SecretConfigProvider.class.getName()), e.getMessage());
            System.setProperty(
                    property,
                    "org.apache.kafka.common.config.provider.EnvVarConfigProvider, "
                            + SecretConfigProvider.class.getName());
            assertEquals(
                    "${dcwatch:env:DCWATCH_KAFKA_SASL_JAAS_CONFIG}",
                    KafkaClientProperties.load(
                                    null,
                                    Map.of("DCWATCH_KAFKA_SASL_JAAS_CONFIG", JAAS),
                                    "DCWATCH_",
                                    "--kafka-properties")
                            .getProperty("sasl.jaas.config"));
        } finally {
            if (before == null) System.clearProperty(property);
            else System.setProperty(property, before);
        }
    }

    @Test
    void keepsTheProvidersThePropertiesFileNames() throws Exception {
        Path file = Files.writeString(
                dir.resolve("kafka.properties"),
                "config.providers=file\nconfig.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider\n");
        Properties properties = KafkaClientProperties.load(
                file, Map.of("DCWATCH_KAFKA_SASL_JAAS_CONFIG", JAAS), "DCWATCH_", "--kafka-properties");
        assertEquals("file,dcwatch", properties.getProperty("config.providers"));
        assertEquals(
                "org.apache.kafka.common.config.provider.FileConfigProvider",
                properties.getProperty("config.providers.file.class"));
    }

    /** The configuration a Kafka consumer of the properties works with: its references resolved. */
    static ConsumerConfig resolved(Properties properties) {
        Properties client = new Properties();
        client.putAll(properties);
        client.setProperty("bootstrap.servers", "127.0.0.1:9092");
        client.setProperty("key.deserializer", ByteArrayDeserializer.class.getName());
        client.setProperty("value.deserializer", ByteArrayDeserializer.class.getName());
        return new ConsumerConfig(client);
    }

    @Test
    void mapsDcwatchKafkaVariablesToClientPropertiesAndLetsThemWinOverTheFile() throws Exception {
        Path file = Files.writeString(
                dir.resolve("kafka.properties"),
                "security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\nrequest.timeout.ms=60000\nsasl.jaas.config=from-the-file\n");
        Path keyPassword = Files.writeString(dir.resolve("key-password"), "k3y-pa55\n");
        Properties properties = KafkaClientProperties.load(
                file,
                Map.of(
                        "DCWATCH_KAFKA_SASL_JAAS_CONFIG", JAAS,
                        "DCWATCH_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                        "DCWATCH_KAFKA_SSL_KEY_PASSWORD_FILE", keyPassword.toString(),
                        "DCWATCH_OUTPUT_KAFKA_SASL_JAAS_CONFIG", "for the output cluster only",
                        "HOME", "/root"),
                KafkaClientProperties.INPUT_ENV_PREFIX,
                "--kafka-properties");
        assertEquals("${dcwatch:env:DCWATCH_KAFKA_SASL_JAAS_CONFIG}", properties.getProperty("sasl.jaas.config"));
        assertEquals("SCRAM-SHA-512", properties.getProperty("sasl.mechanism"));
        assertEquals(
                "${dcwatch:file:" + keyPassword.toAbsolutePath() + "}", properties.getProperty("ssl.key.password"));
        Properties keyPasswordOnly = new Properties();
        keyPasswordOnly.putAll(properties);
        keyPasswordOnly.remove("sasl.jaas.config"); // its variable is in the test's map, not in the process
        assertEquals(
                "k3y-pa55",
                resolved(keyPasswordOnly).getPassword("ssl.key.password").value());
        assertEquals("SASL_SSL", properties.getProperty("security.protocol"));
        assertEquals("60000", properties.getProperty("request.timeout.ms"));
        assertEquals(7, properties.size(), properties.stringPropertyNames().toString());
    }

    @Test
    void readsTheOutputClustersSecretsFromTheirOwnVariables() {
        Properties properties = KafkaClientProperties.load(
                null,
                Map.of(
                        "DCWATCH_EVENTHUBS_CONNECTION_STRING", CONNECTION_STRING,
                        "DCWATCH_OUTPUT_KAFKA_SASL_JAAS_CONFIG", JAAS),
                KafkaClientProperties.OUTPUT_ENV_PREFIX,
                "--output-kafka-properties");
        assertEquals(
                "${dcwatch:env:DCWATCH_OUTPUT_KAFKA_SASL_JAAS_CONFIG}", properties.getProperty("sasl.jaas.config"));
        assertEquals(3, properties.size(), "the reference and the provider that resolves it");
    }

    @Test
    void refusesTwoSourcesOfOneSecret() throws Exception {
        Path secret = Files.writeString(dir.resolve("connection-string"), CONNECTION_STRING);
        ConfigurationException both = assertThrows(
                ConfigurationException.class,
                () -> KafkaClientProperties.load(
                        null,
                        Map.of(
                                "DCWATCH_EVENTHUBS_CONNECTION_STRING",
                                CONNECTION_STRING,
                                "DCWATCH_EVENTHUBS_CONNECTION_STRING_FILE",
                                secret.toString()),
                        "DCWATCH_",
                        "--kafka-properties"));
        assertEquals(
                "give DCWATCH_EVENTHUBS_CONNECTION_STRING or DCWATCH_EVENTHUBS_CONNECTION_STRING_FILE, not both",
                both.getMessage());
        ConfigurationException jaasToo = assertThrows(
                ConfigurationException.class,
                () -> KafkaClientProperties.load(
                        null,
                        Map.of(
                                "DCWATCH_EVENTHUBS_CONNECTION_STRING", CONNECTION_STRING,
                                "DCWATCH_KAFKA_SASL_JAAS_CONFIG", JAAS),
                        "DCWATCH_",
                        "--kafka-properties"));
        assertEquals(
                "give DCWATCH_EVENTHUBS_CONNECTION_STRING or DCWATCH_KAFKA_SASL_JAAS_CONFIG, not both",
                jaasToo.getMessage());
    }

    @Test
    void saysWhatIsWrongWithAConnectionStringWithoutQuotingIt() {
        String notAConnectionString = "SharedAccessKey=c2VjcmV0;Endpoint=nowhere";
        ConfigurationException e = assertThrows(
                ConfigurationException.class,
                () -> KafkaClientProperties.load(
                        null,
                        Map.of("DCWATCH_EVENTHUBS_CONNECTION_STRING", notAConnectionString),
                        "DCWATCH_",
                        "--kafka-properties"));
        assertTrue(
                e.getMessage()
                        .startsWith("DCWATCH_EVENTHUBS_CONNECTION_STRING does not look like an Event Hubs "
                                + "connection string"),
                e.getMessage());
        assertFalse(e.getMessage().contains("c2VjcmV0"), e.getMessage());
    }

    @Test
    void namesAMissingPropertiesFileAndAMissingSecretFile() {
        ConfigurationException file = assertThrows(
                ConfigurationException.class,
                () -> KafkaClientProperties.load(
                        dir.resolve("absent.properties"), Map.of(), "DCWATCH_", "--kafka-properties"));
        assertEquals("--kafka-properties: no such file: " + dir.resolve("absent.properties"), file.getMessage());
        ConfigurationException secret = assertThrows(
                ConfigurationException.class,
                () -> KafkaClientProperties.load(
                        null,
                        Map.of(
                                "DCWATCH_KAFKA_SASL_JAAS_CONFIG_FILE",
                                dir.resolve("absent").toString()),
                        "DCWATCH_",
                        "--kafka-properties"));
        assertTrue(
                secret.getMessage().startsWith("DCWATCH_KAFKA_SASL_JAAS_CONFIG_FILE: cannot read "),
                secret.getMessage());
    }

    @Test
    void theEventHubsExampleNeedsOnlyTheConnectionStringFromTheEnvironment() {
        Path example = Path.of("../deploy/eventhubs/kafka.properties");
        Properties properties = KafkaClientProperties.load(
                example,
                Map.of("DCWATCH_EVENTHUBS_CONNECTION_STRING", CONNECTION_STRING),
                "DCWATCH_",
                "--kafka-properties");
        assertEquals("SASL_SSL", properties.getProperty("security.protocol"));
        assertEquals("PLAIN", properties.getProperty("sasl.mechanism"));
        assertEquals(
                "${dcwatch:eventhubs-env:DCWATCH_EVENTHUBS_CONNECTION_STRING}",
                properties.getProperty("sasl.jaas.config"));
        assertEquals("180000", properties.getProperty("connections.max.idle.ms"));
        Properties withoutSecret = KafkaClientProperties.load(example, Map.of(), "DCWATCH_", "--kafka-properties");
        assertTrue(
                withoutSecret.stringPropertyNames().stream().noneMatch(KafkaClientProperties::isSecret),
                "the example holds no secret: " + withoutSecret.stringPropertyNames());
    }

    @Test
    void toStringShowsTheSettingsButNoSecret() {
        Properties properties = KafkaClientProperties.load(
                null,
                Map.of(
                        "DCWATCH_EVENTHUBS_CONNECTION_STRING", CONNECTION_STRING,
                        "DCWATCH_KAFKA_SSL_KEY_PASSWORD", "k3y-pa55",
                        "DCWATCH_KAFKA_SSL_KEYSTORE_KEY", "-----BEGIN PRIVATE KEY-----",
                        "DCWATCH_KAFKA_BASIC_AUTH_USER_INFO", "user:pa55",
                        "DCWATCH_KAFKA_REQUEST_TIMEOUT_MS", "60000"),
                "DCWATCH_",
                "--kafka-properties");
        KafkaSettings settings = KafkaSettings.builder(
                        new KafkaSettings.Cluster("contoso-signins.servicebus.windows.net:9093", properties))
                .inputTopic("insights-logs-signinlogs")
                .alertsTopic("dcwatch-alerts")
                .build();
        String text = settings.toString();
        for (String secret :
                new String[] {"c2VjcmV0LWtleS1vZi10aGUtdGVzdA", "SharedAccessKey", "k3y-pa55", "PRIVATE KEY", "pa55"}) {
            assertFalse(text.contains(secret), secret + " shown in " + text);
        }
        assertTrue(text.contains("contoso-signins.servicebus.windows.net:9093"), text);
        assertTrue(text.contains("sasl.jaas.config=<redacted>"), text);
        assertTrue(text.contains("sasl.mechanism=PLAIN"), text);
        assertTrue(text.contains("security.protocol=SASL_SSL"), text);
        assertTrue(text.contains("request.timeout.ms=60000"), text);
        assertTrue(text.contains("inputTopics=[insights-logs-signinlogs]"), text);
    }

    @Test
    void redactsWhatKafkaTypesAsAPasswordWhateverItsName() {
        Properties properties = KafkaClientProperties.load(
                null,
                Map.of(
                        "DCWATCH_KAFKA_SASL_OAUTHBEARER_ASSERTION_PRIVATE_KEY_PASSPHRASE", "pr1vate-pa55phrase",
                        "DCWATCH_KAFKA_SSL_TRUSTSTORE_CERTIFICATES", "-----BEGIN CERTIFICATE-----",
                        "DCWATCH_KAFKA_KEY_DESERIALIZER", "org.apache.kafka.common.serialization.ByteArrayDeserializer",
                        "DCWATCH_KAFKA_SCHEMA_REGISTRY_API_KEY", "an-unknown-property's-value"),
                "DCWATCH_",
                "--kafka-properties");
        // from the properties file: _FILE at the end of a variable names a file that holds the value
        properties.setProperty("sasl.oauthbearer.assertion.private.key.file", "/etc/dcwatch/assertion.pem");
        String text = KafkaSettings.builder(new KafkaSettings.Cluster("127.0.0.1:9092", properties))
                .inputTopic("signins")
                .alertsTopic("alerts")
                .build()
                .toString();
        assertFalse(text.contains("pr1vate-pa55phrase"), text);
        assertFalse(text.contains("BEGIN CERTIFICATE"), text);
        assertFalse(text.contains("an-unknown-property's-value"), text);
        assertTrue(text.contains("sasl.oauthbearer.assertion.private.key.passphrase=<redacted>"), text);
        // a known property that is no password is shown, whatever its name says: a path, a class
        assertTrue(text.contains("sasl.oauthbearer.assertion.private.key.file=/etc/dcwatch/assertion.pem"), text);
        assertTrue(text.contains("key.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer"), text);
    }

    @Test
    void redactsEverySecretFromAClientErrorMessage() {
        Properties properties = KafkaClientProperties.load(
                null,
                Map.of(
                        "DCWATCH_EVENTHUBS_CONNECTION_STRING", CONNECTION_STRING,
                        "DCWATCH_KAFKA_SSL_KEY_PASSWORD", "k3y-pa55",
                        "DCWATCH_KAFKA_REQUEST_TIMEOUT_MS", "60000"),
                "DCWATCH_",
                "--kafka-properties");
        String message = "Could not log in with password=\"" + CONNECTION_STRING + "\" (key k3y-pa55) after 60000 ms";
        assertEquals(
                "Could not log in with password=\"<redacted>\" (key <redacted>) after 60000 ms",
                KafkaClientProperties.redact(message, properties),
                "the password alone, not only the whole JAAS line");
        Properties scram = new Properties();
        scram.setProperty("sasl.jaas.config", JAAS);
        assertEquals("rejected: <redacted>", KafkaClientProperties.redact("rejected: " + JAAS, scram));
        assertEquals(
                "user dcwatch: password <redacted> rejected",
                KafkaClientProperties.redact("user dcwatch: password s3cr3t-pa55 rejected", scram),
                "the user name is no secret");
    }

    @Test
    void derivesTheTransactionalIdPrefixFromTheGroupAndTheAlertsTopic() {
        KafkaSettings settings = KafkaSettings.builder("127.0.0.1:9092")
                .inputTopic("signins")
                .alertsTopic("alerts")
                .groupId("dcwatch-prod-eu")
                .build();
        assertEquals("dcwatch-prod-eu-alerts", settings.transactionalIdPrefix());
        assertEquals(Duration.ofMinutes(10), settings.transactionTimeout());
        assertEquals(DeliveryGuarantee.EXACTLY_ONCE, settings.alertsDelivery());
        assertEquals(StartingOffsets.COMMITTED, settings.startingOffsets());
        assertEquals(
                settings.input(), settings.output(), "the outputs go to the input's cluster unless told otherwise");
    }

    @Test
    void parsesEveryKindOfStartingOffsets() {
        assertEquals(
                StartingOffsets.Kind.COMMITTED,
                StartingOffsets.parse("committed").kind());
        assertEquals(
                StartingOffsets.Kind.EARLIEST, StartingOffsets.parse("Earliest").kind());
        assertEquals(
                StartingOffsets.Kind.LATEST, StartingOffsets.parse(" latest ").kind());
        assertEquals(
                new StartingOffsets(StartingOffsets.Kind.TIMESTAMP, 1772442000000L),
                StartingOffsets.parse("timestamp:1772442000000"));
        assertEquals(
                new StartingOffsets(
                        StartingOffsets.Kind.TIMESTAMP,
                        Instant.parse("2026-03-02T09:00:00Z").toEpochMilli()),
                StartingOffsets.parse("timestamp:2026-03-02T09:00:00Z"));
        assertEquals(
                "timestamp:2026-03-02T09:00:00Z",
                StartingOffsets.parse("timestamp:1772442000000").toString());
    }

    @Test
    void refusesStartingOffsetsItCannotRead() {
        ConfigurationException kind = assertThrows(ConfigurationException.class, () -> StartingOffsets.parse("newest"));
        assertTrue(
                kind.getMessage()
                        .startsWith("--starting-offsets must be committed, earliest, latest or timestamp:WHEN"),
                kind.getMessage());
        ConfigurationException when =
                assertThrows(ConfigurationException.class, () -> StartingOffsets.parse("timestamp:yesterday"));
        assertTrue(when.getMessage().contains("was 'yesterday'"), when.getMessage());
        assertThrows(ConfigurationException.class, () -> StartingOffsets.parse("timestamp:"));
    }

    /** A producer that refused an alert document of the most bytes would fail the alert sink at every checkpoint. */
    @Test
    void refusesAProducerThatCouldNotSendTheLargestAlert() {
        Properties small = new Properties();
        small.setProperty("max.request.size", "200000");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> KafkaSettings.builder("localhost:9092")
                        .output(new KafkaSettings.Cluster("localhost:9092", small))
                        .inputTopic("in")
                        .alertsTopic("alerts")
                        .build());
        assertTrue(e.getMessage().contains("max.request.size 200000"), e.getMessage());

        Properties enough = new Properties();
        enough.setProperty("max.request.size", String.valueOf(KafkaSettings.MIN_MAX_REQUEST_SIZE));
        KafkaSettings.builder("localhost:9092")
                .output(new KafkaSettings.Cluster("localhost:9092", enough))
                .inputTopic("in")
                .alertsTopic("alerts")
                .build();
    }
}
