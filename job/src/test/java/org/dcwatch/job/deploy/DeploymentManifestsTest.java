package org.dcwatch.job.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.dcwatch.job.cli.Dcwatch;
import org.dcwatch.job.cli.UsageException;
import org.dcwatch.job.config.ConfigurationException;
import org.dcwatch.job.config.Durations;
import org.dcwatch.job.kafka.KafkaSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The production manifests of deploy/ against the code they deploy: every Flink configuration key of the
 * FlinkDeployment is a real Flink option with a value Flink parses, the job's arguments pass {@code run}'s own parser
 * with the environment the manifest gives it, and the image puts the jar and the files those arguments name where the
 * manifest expects them. None of this needs a cluster, so a typo fails the build instead of a deployment.
 */
class DeploymentManifestsTest {

    private static final Path REPOSITORY = Path.of("..");
    private static final Path FLINK_DEPLOYMENT = REPOSITORY.resolve("deploy/k8s/flinkdeployment.yaml");
    private static final Path SECRET_EXAMPLE = REPOSITORY.resolve("deploy/k8s/secret.example.yaml");
    private static final Path DOCKERFILE = REPOSITORY.resolve("deploy/docker/Dockerfile");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /**
     * Metric reporters are configured under {@code metrics.reporter.<name>.}: keys no option class declares, accepted
     * by these suffixes only.
     */
    private static final Pattern REPORTER_KEY = Pattern.compile("metrics\\.reporter\\.[A-Za-z0-9_-]+\\.(.+)");

    private static final Set<String> REPORTER_SUFFIXES = Set.of("factory.class", "port", "interval");

    /** Every key, fallback key and deprecated key of the options Flink declares, with its option. */
    private static Map<String, ConfigOption<?>> flinkOptions;

    @BeforeAll
    static void collectFlinkOptions() throws IOException, URISyntaxException {
        flinkOptions = new TreeMap<>();
        // flink-core and flink-runtime: where Flink's *Options classes of org.apache.flink.configuration live
        for (Class<?> inJar : List.of(CheckpointingOptions.class, JobGraph.class)) {
            Path jar = Path.of(
                    inJar.getProtectionDomain().getCodeSource().getLocation().toURI());
            assertTrue(Files.isRegularFile(jar), "expected Flink's classes in a jar: " + jar);
            try (JarFile file = new JarFile(jar.toFile())) {
                for (Iterator<JarEntry> entries = file.entries().asIterator(); entries.hasNext(); ) {
                    String name = entries.next().getName();
                    if (name.matches("org/apache/flink/configuration/[^/$]+Options\\.class")) {
                        addOptions(name.substring(0, name.length() - ".class".length())
                                .replace('/', '.'));
                    }
                }
            }
        }
    }

    private static void addOptions(String className) {
        Class<?> options;
        try {
            options = Class.forName(className, true, DeploymentManifestsTest.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return; // needs a dependency that is not on this class path: its options cannot be used here either
        }
        for (Field field : options.getFields()) {
            if (!Modifier.isStatic(field.getModifiers()) || !ConfigOption.class.isAssignableFrom(field.getType()))
                continue;
            ConfigOption<?> option;
            try {
                option = (ConfigOption<?>) field.get(null);
            } catch (IllegalAccessException e) {
                continue;
            }
            flinkOptions.putIfAbsent(option.key(), option);
            for (FallbackKey fallback : option.fallbackKeys()) flinkOptions.putIfAbsent(fallback.getKey(), option);
        }
    }

    @Test
    void everyFlinkConfigurationKeyIsAFlinkOption() throws IOException {
        Map<String, String> configuration = flinkConfiguration(deployment());

        assertFalse(configuration.isEmpty());
        assertEquals(
                List.of(),
                unknownKeys(configuration),
                "keys of flinkConfiguration in " + FLINK_DEPLOYMENT
                        + " that are no Flink option (misspelt, or renamed in Flink 2)");
    }

    @Test
    void everyFlinkConfigurationValueParsesAsItsOption() throws IOException {
        Map<String, String> configuration = flinkConfiguration(deployment());
        Configuration flink = Configuration.fromMap(configuration);

        for (String key : configuration.keySet()) {
            ConfigOption<?> option = flinkOptions.get(key);
            if (option == null) continue; // a reporter key
            try {
                assertNotNull(flink.get(option), key);
            } catch (RuntimeException e) {
                fail(key + ": '" + configuration.get(key) + "' is not a value of " + option.key() + ": "
                        + e.getMessage());
            }
        }
    }

    @Test
    void aMisspeltKeyIsReported() throws IOException {
        JsonNode snippet = YAML.readTree("""
                spec:
                  flinkConfiguration:
                    execution.checkpointing.interval: 30s
                    execution.checkpointing.intervall: 30s
                    state.backend.incremental: "true"
                    metrics.reporter.prom.factory.class: org.apache.flink.metrics.prometheus.PrometheusReporterFactory
                    metrics.reporter.prom.prot: "9249"
                    high-availability.storagedir: s3://bucket/ha
                """);

        // state.backend.incremental is the deprecated key of execution.checkpointing.incremental: still an option
        assertEquals(
                List.of(
                        "execution.checkpointing.intervall",
                        "high-availability.storagedir",
                        "metrics.reporter.prom.prot"),
                unknownKeys(flinkConfiguration(snippet)));
    }

    @Test
    void theJobArgumentsPassTheRunCommandsParser() throws IOException {
        JsonNode deployment = deployment();
        JsonNode job = deployment.path("spec").path("job");
        List<String> args = strings(job.path("args"));
        Map<String, String> env = containerEnvironment(deployment);

        KafkaSettings settings = Dcwatch.checkKafkaRun(inBuildTree(args), env);

        assertEquals(
                List.of("insights-logs-signinlogs", "insights-logs-noninteractiveusersigninlogs"),
                settings.inputTopics());
        assertTrue(
                settings.input().bootstrapServers().endsWith(".servicebus.windows.net:9093"),
                settings.input().bootstrapServers());
        assertNotNull(settings.output(), "alerts go to a Kafka cluster with transactions: --output-bootstrap-servers");
        assertEquals(
                "exactly-once",
                settings.alertsDelivery().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        // the secrets reached the client settings from the environment, as references that every pod resolves from
        // its own environment (the pod template is the JobManager's and the TaskManagers')
        assertEquals(
                "${dcwatch:eventhubs-env:DCWATCH_EVENTHUBS_CONNECTION_STRING}",
                settings.input().properties().getProperty("sasl.jaas.config"));
        assertEquals(
                "${dcwatch:env:DCWATCH_OUTPUT_KAFKA_SASL_JAAS_CONFIG}",
                settings.output().properties().getProperty("sasl.jaas.config"),
                "the output cluster's sasl.jaas.config: DCWATCH_OUTPUT_KAFKA_SASL_JAAS_CONFIG");
        assertEquals("SASL_SSL", settings.output().properties().getProperty("security.protocol"));
    }

    @Test
    void theCheckRefusesWhatRunRefuses() {
        Map<String, String> env = Map.of();

        assertEquals(
                "not a Kafka run: no Kafka flag is given",
                assertThrows(
                                UsageException.class,
                                () -> Dcwatch.checkKafkaRun(
                                        List.of("run", "--input", "in.jsonl", "--alerts", "a.jsonl"), env))
                        .getMessage());
        assertEquals(
                "unknown flag --alert-topic",
                assertThrows(
                                UsageException.class,
                                () -> Dcwatch.checkKafkaRun(
                                        List.of(
                                                "run",
                                                "--bootstrap-servers",
                                                "localhost:9092",
                                                "--input-topic",
                                                "signins",
                                                "--alert-topic",
                                                "alerts"),
                                        env))
                        .getMessage());
        assertThrows(
                ConfigurationException.class,
                () -> Dcwatch.checkKafkaRun(
                        List.of(
                                "run",
                                "--bootstrap-servers",
                                "localhost:9092",
                                "--input-topic",
                                "signins",
                                "--alerts-topic",
                                "alerts",
                                "--checkpoint-interval",
                                "15m"),
                        env),
                "a checkpoint interval beyond the 10-minute transaction timeout");
    }

    @Test
    void theJobArgumentsAgreeWithTheDeployment() throws IOException {
        JsonNode deployment = deployment();
        JsonNode job = deployment.path("spec").path("job");
        Map<String, String> flags = flagValues(strings(job.path("args")));
        Configuration flink = Configuration.fromMap(flinkConfiguration(deployment));

        assertEquals("run", strings(job.path("args")).get(0));
        assertEquals("org.dcwatch.job.cli.Dcwatch", job.path("entryClass").asText());
        assertEquals("savepoint", job.path("upgradeMode").asText());
        assertEquals("running", job.path("state").asText());
        // the operator sizes the TaskManagers by job.parallelism; the job takes --parallelism
        assertEquals(job.path("parallelism").asText(), flags.get("parallelism"), "job.parallelism and --parallelism");
        Duration interval = flink.get(CheckpointingOptions.CHECKPOINTING_INTERVAL);
        assertEquals(
                interval,
                Durations.parse("--checkpoint-interval", flags.get("checkpoint-interval")),
                "--checkpoint-interval and execution.checkpointing.interval");
    }

    @Test
    void secretsComeFromASecretAndNeverFromTheArguments() throws IOException {
        JsonNode deployment = deployment();
        List<String> args = strings(deployment.path("spec").path("job").path("args"));
        Map<String, JsonNode> env = containerEnvironmentEntries(deployment);

        for (String variable :
                List.of("DCWATCH_EVENTHUBS_CONNECTION_STRING", "DCWATCH_OUTPUT_KAFKA_SASL_JAAS_CONFIG")) {
            JsonNode entry = env.get(variable);
            assertNotNull(entry, variable + " is not in the pod template's environment");
            assertTrue(entry.path("value").isMissingNode(), variable + " must not have a literal value");
            assertEquals(
                    "dcwatch-kafka",
                    entry.path("valueFrom").path("secretKeyRef").path("name").asText(),
                    variable);
            String secretValue = containerEnvironment(deployment).get(variable);
            for (String arg : args) {
                assertFalse(arg.contains(variable), "an argument names " + variable);
                assertFalse(arg.contains(secretValue), "an argument holds the value of " + variable);
                assertFalse(
                        arg.toLowerCase(Locale.ROOT).matches(".*(sharedaccesskey|password|jaas).*"),
                        "an argument looks like a secret: " + arg);
            }
        }
    }

    @Test
    void theImageHoldsTheJarWhereTheDeploymentLooksForIt() throws IOException {
        JsonNode deployment = deployment();
        String jarUri = deployment.path("spec").path("job").path("jarURI").asText();
        Map<String, String> copies = dockerfileCopies();

        assertTrue(jarUri.startsWith("local:///"), jarUri);
        assertEquals(
                "job/target/dcwatch.jar",
                copies.get(jarUri.substring("local://".length())),
                "the Dockerfile copies job/target/dcwatch.jar to the jarURI's path; copies: " + copies);
        for (String source : copies.values()) {
            if (!source.startsWith("job/target/")) {
                assertTrue(
                        Files.isRegularFile(REPOSITORY.resolve(source)), "the Dockerfile copies a missing " + source);
            }
        }
    }

    @Test
    void theImageIsTheOfficialFlinkImageOfTheBuildsFlinkVersion() throws IOException {
        String flinkVersion = flinkVersion();
        List<String> instructions = dockerfileInstructions();
        String[] minor = flinkVersion.split("\\.");

        assertEquals(
                "FROM flink:" + flinkVersion + "-java17",
                instructions.stream()
                        .filter(line -> line.startsWith("FROM "))
                        .findFirst()
                        .orElse(null));
        assertEquals(
                "USER flink",
                instructions.stream()
                        .filter(line -> line.startsWith("USER "))
                        .reduce((a, b) -> b)
                        .orElse(null),
                "the image runs as the Flink image's flink user");
        assertEquals(
                "v" + minor[0] + "_" + minor[1],
                deployment().path("spec").path("flinkVersion").asText());
    }

    @Test
    void theSecretExampleHoldsTheKeysTheDeploymentReadsAndPlaceholdersOnly() throws IOException {
        JsonNode secret = YAML.readTree(SECRET_EXAMPLE.toFile());
        Map<String, JsonNode> env = containerEnvironmentEntries(deployment());

        assertEquals("dcwatch-kafka", secret.path("metadata").path("name").asText());
        for (JsonNode entry : env.values()) {
            JsonNode reference = entry.path("valueFrom").path("secretKeyRef");
            if (reference.isMissingNode()) continue;
            String value = secret.path("stringData")
                    .path(reference.path("key").asText())
                    .asText(null);
            assertNotNull(
                    value,
                    "secret.example.yaml lacks the key " + reference.path("key").asText());
            assertTrue(value.contains("PLACEHOLDER"), reference.path("key").asText() + " must be a placeholder");
        }
    }

    /** The keys that are neither a Flink option (with its fallback and deprecated keys) nor a reporter setting. */
    private static List<String> unknownKeys(Map<String, String> configuration) {
        List<String> unknown = new ArrayList<>();
        for (String key : configuration.keySet()) {
            if (flinkOptions.containsKey(key)) continue;
            Matcher reporter = REPORTER_KEY.matcher(key);
            if (reporter.matches() && REPORTER_SUFFIXES.contains(reporter.group(1))) continue;
            unknown.add(key);
        }
        return unknown.stream().sorted().toList();
    }

    private static JsonNode deployment() throws IOException {
        JsonNode deployment = YAML.readTree(FLINK_DEPLOYMENT.toFile());
        assertEquals("flink.apache.org/v1beta1", deployment.path("apiVersion").asText());
        assertEquals("FlinkDeployment", deployment.path("kind").asText());
        return deployment;
    }

    private static Map<String, String> flinkConfiguration(JsonNode deployment) {
        Map<String, String> configuration = new LinkedHashMap<>();
        deployment
                .path("spec")
                .path("flinkConfiguration")
                .fields()
                .forEachRemaining(field ->
                        configuration.put(field.getKey(), field.getValue().asText()));
        return configuration;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    /** {@code --name value} pairs of the flags after the command. */
    private static Map<String, String> flagValues(List<String> args) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 1; i < args.size(); i++) {
            if (args.get(i).startsWith("--")
                    && i + 1 < args.size()
                    && !args.get(i + 1).startsWith("--")) {
                flags.put(args.get(i).substring(2), args.get(++i));
            }
        }
        return flags;
    }

    /** The environment entries of the pod template's main container, by name. */
    private static Map<String, JsonNode> containerEnvironmentEntries(JsonNode deployment) {
        Map<String, JsonNode> env = new LinkedHashMap<>();
        for (JsonNode container :
                deployment.path("spec").path("podTemplate").path("spec").path("containers")) {
            if (!container.path("name").asText().equals("flink-main-container")) continue;
            container.path("env").forEach(entry -> env.put(entry.path("name").asText(), entry));
        }
        return env;
    }

    /** The environment the job sees: literal values, and the secret example's value for every secretKeyRef. */
    private static Map<String, String> containerEnvironment(JsonNode deployment) throws IOException {
        JsonNode secret = YAML.readTree(SECRET_EXAMPLE.toFile());
        Map<String, String> env = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry :
                containerEnvironmentEntries(deployment).entrySet()) {
            JsonNode reference = entry.getValue().path("valueFrom").path("secretKeyRef");
            env.put(
                    entry.getKey(),
                    reference.isMissingNode()
                            ? entry.getValue().path("value").asText()
                            : secret.path("stringData")
                                    .path(reference.path("key").asText())
                                    .asText());
        }
        return env;
    }

    /** The arguments with every path the image copies a file to replaced by that file in the repository. */
    private static List<String> inBuildTree(List<String> args) throws IOException {
        Map<String, String> copies = dockerfileCopies();
        return args.stream()
                .map(arg -> copies.containsKey(arg)
                        ? REPOSITORY.resolve(copies.get(arg)).toString()
                        : arg)
                .toList();
    }

    /** The Dockerfile's instructions, continuation lines joined, comments and blank lines left out. */
    private static List<String> dockerfileInstructions() throws IOException {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(DOCKERFILE, StandardCharsets.UTF_8)) {
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) continue;
            boolean continued = text.endsWith("\\");
            current.append(continued ? text.substring(0, text.length() - 1) : text)
                    .append(continued ? " " : "");
            if (!continued) {
                instructions.add(current.toString().strip());
                current.setLength(0);
            }
        }
        return instructions;
    }

    /** What each COPY of the Dockerfile puts where: destination to source. */
    private static Map<String, String> dockerfileCopies() throws IOException {
        Map<String, String> copies = new LinkedHashMap<>();
        for (String instruction : dockerfileInstructions()) {
            if (!instruction.startsWith("COPY ")) continue;
            List<String> operands = List.of(instruction.substring(5).strip().split("\\s+")).stream()
                    .filter(word -> !word.startsWith("--"))
                    .toList();
            assertEquals(2, operands.size(), "one source and one destination a COPY: " + instruction);
            copies.put(operands.get(1), operands.get(0));
        }
        return copies;
    }

    /** flink.version of the parent pom: the Flink the jar is built against. */
    private static String flinkVersion() throws IOException {
        Matcher version = Pattern.compile("<flink\\.version>([^<]+)</flink\\.version>")
                .matcher(Files.readString(REPOSITORY.resolve("pom.xml"), StandardCharsets.UTF_8));
        assertTrue(version.find(), "no flink.version in pom.xml");
        return version.group(1).strip();
    }
}
