package org.dcwatch.job.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.dcwatch.job.config.ConfigurationException;

/**
 * The Kafka client properties of one cluster connection: from a properties file, then from the environment, where
 * secrets belong. Secrets never come from the command line (other users of the machine can read it) and are never
 * printed: {@link #describe} shows their names only.
 *
 * <p>From the environment, with a prefix ({@code DCWATCH_} for the input cluster, {@code DCWATCH_OUTPUT_} for a
 * separate output cluster):
 *
 * <ul>
 *   <li>{@code <prefix>KAFKA_<NAME>}: the client property {@code <name>}, lower case, {@code _} read as {@code .}; e.g.
 *       {@code DCWATCH_KAFKA_SASL_JAAS_CONFIG} is {@code sasl.jaas.config}. With the suffix {@code _FILE}, the variable
 *       names a file that holds the value (a mounted Kubernetes secret);
 *   <li>{@code <prefix>EVENTHUBS_CONNECTION_STRING}, or {@code <prefix>EVENTHUBS_CONNECTION_STRING_FILE} naming a file
 *       that holds it: an Azure Event Hubs connection string, which becomes SASL_SSL with the mechanism PLAIN, the user
 *       {@code $ConnectionString} and the connection string as the password — how Event Hubs' Kafka endpoint
 *       authenticates.
 * </ul>
 *
 * The environment wins over the file.
 *
 * <p>A secret from the environment stays out of the properties: they hold a reference to the variable or the file
 * instead ({@link SecretConfigProvider}), which each Kafka client resolves where it runs. The properties end up in the
 * job graph and in savepoint metadata, which more people and tools can read than the pod's environment. Secrets in the
 * properties file stay in it as they are: the file is for settings, not secrets.
 */
public final class KafkaClientProperties {

    public static final String INPUT_ENV_PREFIX = "DCWATCH_";
    public static final String OUTPUT_ENV_PREFIX = "DCWATCH_OUTPUT_";

    static final String JAAS_CONFIG = "sasl.jaas.config";
    private static final String FILE_SUFFIX = "_FILE";
    private static final String REDACTED = "<redacted>";
    /** The secrets this JVM has read, which the properties name by reference only: see {@link #redact(String)}. */
    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
    /**
     * The client properties Kafka knows, by name: Kafka marks each secret one with the type {@code PASSWORD}, which
     * also covers the secrets that later client versions add (a private key's passphrase, say) without a name list
     * here to keep up.
     */
    private static final Map<String, ConfigDef.ConfigKey> KNOWN = knownProperties();
    /** The names of unknown properties (a newer client's, a plugin's) that may hold a secret. */
    private static final Pattern SECRET_NAME = Pattern.compile(
            ".*(password|passphrase|secret|key|jaas|token|credential|user\\.info|connection\\.string).*");
    /**
     * A secret option's value in a JAAS configuration: {@code password="..."}. Only secret options: the user name is
     * no secret, and often a word (the name of the service) that messages use otherwise.
     */
    private static final Pattern QUOTED =
            Pattern.compile("(?i)[a-z_.]*(password|secret|token|key|credential)[a-z_.]*\\s*=\\s*\"([^\"]*)\"");

    private KafkaClientProperties() {}

    /**
     * @param file a properties file, or null
     * @param env the environment ({@code System.getenv()})
     * @param envPrefix {@link #INPUT_ENV_PREFIX} or {@link #OUTPUT_ENV_PREFIX}
     * @param fileFlag the flag that named the file, for error messages
     */
    public static Properties load(Path file, Map<String, String> env, String envPrefix, String fileFlag) {
        Properties properties = new Properties();
        if (file != null) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (NoSuchFileException e) {
                throw new ConfigurationException(fileFlag + ": no such file: " + file);
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigurationException(fileFlag + ": cannot read " + file + ": " + e.getMessage());
            }
        }
        for (String name : properties.stringPropertyNames()) {
            if (isSecret(name)) remember(properties.getProperty(name));
        }
        String kafkaPrefix = envPrefix + "KAFKA_";
        boolean references = false;
        // sorted, so that the same environment always gives the same result and the same error
        for (Map.Entry<String, String> variable : new TreeMap<>(env).entrySet()) {
            String name = variable.getKey();
            if (!name.startsWith(kafkaPrefix)) continue;
            boolean inFile = name.endsWith(FILE_SUFFIX);
            String direct = inFile ? name.substring(0, name.length() - FILE_SUFFIX.length()) : name;
            if (direct.length() <= kafkaPrefix.length()) continue; // DCWATCH_KAFKA_ or DCWATCH_KAFKA_FILE: no property
            if (inFile && env.containsKey(direct))
                throw new ConfigurationException("give " + direct + " or " + name + ", not both");
            String propertyName = direct.substring(kafkaPrefix.length())
                    .toLowerCase(Locale.ROOT)
                    .replace('_', '.');
            // read now even where a reference is passed on: a missing file fails the command, not a task later
            String value = inFile ? readSecretFile(name, variable.getValue()) : variable.getValue();
            if (isSecret(propertyName)) {
                remember(value);
                properties.setProperty(
                        propertyName,
                        inFile
                                ? SecretConfigProvider.reference(
                                        SecretConfigProvider.FILE, referencedPath(name, variable.getValue()))
                                : SecretConfigProvider.reference(SecretConfigProvider.ENV, name));
                references = true;
            } else {
                // not a secret, and read by Flink or dcwatch themselves (timeouts, client id prefixes), which resolve
                // no reference
                properties.setProperty(propertyName, value);
            }
        }
        String variable = envPrefix + "EVENTHUBS_CONNECTION_STRING";
        String connectionString = connectionString(env, variable);
        if (connectionString != null) {
            String jaas = kafkaPrefix + "SASL_JAAS_CONFIG";
            if (env.containsKey(jaas) || env.containsKey(jaas + FILE_SUFFIX)) {
                throw new ConfigurationException("give " + variable + " or " + jaas + ", not both");
            }
            remember(connectionString);
            properties.putAll(eventHubs(
                    env.containsKey(variable)
                            ? SecretConfigProvider.reference(SecretConfigProvider.EVENTHUBS_ENV, variable)
                            : SecretConfigProvider.reference(
                                    SecretConfigProvider.EVENTHUBS_FILE,
                                    referencedPath(variable + FILE_SUFFIX, env.get(variable + FILE_SUFFIX)))));
            references = true;
        }
        if (references) enableSecretProvider(properties);
        return properties;
    }

    /**
     * The client properties of Event Hubs' Kafka endpoint: SASL_SSL, PLAIN, and the JAAS configuration — a reference
     * to it ({@link SecretConfigProvider}), which the client resolves to {@link #eventHubsJaas}.
     */
    static Properties eventHubs(String jaasConfig) {
        Properties properties = new Properties();
        properties.setProperty("security.protocol", "SASL_SSL");
        properties.setProperty("sasl.mechanism", "PLAIN");
        properties.setProperty(JAAS_CONFIG, jaasConfig);
        return properties;
    }

    /** The JAAS line of Event Hubs' Kafka endpoint: the user {@code $ConnectionString}, the password the connection string. */
    static String eventHubsJaas(String connectionString) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"$ConnectionString\" password=\"" + connectionString + "\";";
    }

    /**
     * Lets the clients resolve dcwatch's references: {@link SecretConfigProvider} added to the providers the
     * properties name. Kafka clients refuse every provider that the JVM's system property
     * {@code org.apache.kafka.automatic.config.providers} leaves out, when it is set; checked here for this JVM, so
     * that a run fails at once rather than in its tasks.
     */
    private static void enableSecretProvider(Properties properties) {
        String allowed = System.getProperty(AbstractConfig.AUTOMATIC_CONFIG_PROVIDERS_PROPERTY);
        String className = SecretConfigProvider.class.getName();
        if (allowed != null
                && Arrays.stream(allowed.split(",")).map(String::strip).noneMatch(className::equals)) {
            throw new ConfigurationException(
                    "the system property " + AbstractConfig.AUTOMATIC_CONFIG_PROVIDERS_PROPERTY + "="
                            + allowed + " keeps Kafka clients from resolving dcwatch's secrets: add " + className
                            + " to it (on every Flink process)");
        }
        String providers = properties
                .getProperty(AbstractConfig.CONFIG_PROVIDERS_CONFIG, "")
                .strip();
        if (Arrays.stream(providers.split(",")).map(String::strip).noneMatch(SecretConfigProvider.NAME::equals)) {
            properties.setProperty(
                    AbstractConfig.CONFIG_PROVIDERS_CONFIG,
                    providers.isEmpty() ? SecretConfigProvider.NAME : providers + "," + SecretConfigProvider.NAME);
        }
        properties.setProperty(
                AbstractConfig.CONFIG_PROVIDERS_CONFIG + "." + SecretConfigProvider.NAME + ".class", className);
    }

    /**
     * The path a reference holds: absolute, for a TaskManager's working directory is not this one's. A reference ends
     * at the first {@code }}, which a path therefore must not have.
     */
    private static String referencedPath(String variable, String path) {
        if (path.contains("}")) throw new ConfigurationException(variable + ": the path must not contain '}'");
        return Path.of(path).toAbsolutePath().toString();
    }

    /** Records a secret of this JVM, for {@link #redact(String)}. */
    private static void remember(String secret) {
        if (secret != null && !secret.isBlank()) SECRETS.add(secret.strip());
    }

    /** The properties as {@code {name=value, ...}} in name order, with the value of every secret replaced. */
    public static String describe(Properties properties) {
        StringBuilder text = new StringBuilder("{");
        for (String name : new java.util.TreeSet<>(properties.stringPropertyNames())) {
            if (text.length() > 1) text.append(", ");
            text.append(name).append('=').append(isSecret(name) ? REDACTED : properties.getProperty(name));
        }
        return text.append('}').toString();
    }

    /**
     * The text with every secret replaced: those of the properties and every secret this JVM has read from the
     * environment or from secret files (the properties hold only references to these) — the whole value, and each
     * quoted option in it (a JAAS password). For a message that may quote client settings, as the Kafka client's
     * error messages may.
     */
    public static String redact(String text, Properties properties) {
        List<String> secrets = new ArrayList<>(SECRETS);
        for (String name : properties.stringPropertyNames()) {
            if (isSecret(name)) secrets.add(properties.getProperty(name));
        }
        return redact(text, secrets);
    }

    /** The text with every secret this JVM has read from the environment or from secret files replaced. */
    public static String redact(String text) {
        return redact(text, SECRETS);
    }

    private static String redact(String text, Collection<String> secrets) {
        List<String> replace = new ArrayList<>();
        for (String value : secrets) {
            if (!value.isEmpty()) replace.add(value);
            Matcher quoted = QUOTED.matcher(value);
            while (quoted.find()) {
                // short options (a flag such as "true") are no secrets, and replacing them would garble the text
                if (quoted.group(2).length() >= 6) replace.add(quoted.group(2));
            }
        }
        // the longest first: a secret may contain another (a JAAS line its password), which replaced first would
        // leave the rest of the longer one in the text
        replace.sort(Comparator.comparingInt(String::length).reversed());
        String redacted = text;
        for (String secret : replace) redacted = redacted.replace(secret, REDACTED);
        return redacted;
    }

    /**
     * Whether the property's value must never be shown: a property of the type {@code PASSWORD} in the consumer's,
     * the producer's or the admin client's definition, and among the names Kafka does not know, those that sound like
     * a secret.
     */
    static boolean isSecret(String propertyName) {
        ConfigDef.ConfigKey known = KNOWN.get(propertyName);
        if (known != null) return known.type == ConfigDef.Type.PASSWORD;
        return SECRET_NAME.matcher(propertyName.toLowerCase(Locale.ROOT)).matches();
    }

    private static Map<String, ConfigDef.ConfigKey> knownProperties() {
        Map<String, ConfigDef.ConfigKey> known =
                new HashMap<>(ConsumerConfig.configDef().configKeys());
        known.putAll(ProducerConfig.configDef().configKeys());
        known.putAll(AdminClientConfig.configDef().configKeys());
        return Map.copyOf(known);
    }

    private static String connectionString(Map<String, String> env, String variable) {
        String direct = env.get(variable);
        String file = env.get(variable + FILE_SUFFIX);
        if (direct != null && file != null) {
            throw new ConfigurationException("give " + variable + " or " + variable + FILE_SUFFIX + ", not both");
        }
        if (direct == null && file == null) return null;
        String value = direct != null ? direct.strip() : readSecretFile(variable + FILE_SUFFIX, file);
        return checkConnectionString(variable, value);
    }

    /** The connection string, checked without ever quoting it: it is the secret. */
    static String checkConnectionString(String variable, String value) {
        if (!value.regionMatches(true, 0, "Endpoint=sb://", 0, "Endpoint=sb://".length())) {
            throw new ConfigurationException(variable + " does not look like an Event Hubs connection string "
                    + "(Endpoint=sb://NAMESPACE.servicebus.windows.net/;SharedAccessKeyName=...;SharedAccessKey=...)");
        }
        if (value.contains("\"") || value.contains("\n")) {
            throw new ConfigurationException(variable + " must not contain quotes or line breaks");
        }
        return value;
    }

    /** The content of a secret file, without the line break that editors and many secret tools leave at the end. */
    private static String readSecretFile(String variable, String path) {
        try {
            return Files.readString(Path.of(path), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new ConfigurationException(
                    variable + ": cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
        }
    }
}
