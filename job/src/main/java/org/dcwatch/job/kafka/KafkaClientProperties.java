package org.dcwatch.job.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.dcwatch.job.cli.UsageException;

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
 */
public final class KafkaClientProperties {

    public static final String INPUT_ENV_PREFIX = "DCWATCH_";
    public static final String OUTPUT_ENV_PREFIX = "DCWATCH_OUTPUT_";

    static final String JAAS_CONFIG = "sasl.jaas.config";
    private static final String FILE_SUFFIX = "_FILE";
    private static final String REDACTED = "<redacted>";
    /**
     * The client properties Kafka knows, by name: Kafka marks each secret one with the type {@code PASSWORD}, which
     * also covers the secrets that later client versions add (a private key's passphrase, say) without a name list
     * here to keep up.
     */
    private static final Map<String, ConfigDef.ConfigKey> KNOWN = knownProperties();
    /** The names of unknown properties (a newer client's, a plugin's) that may hold a secret. */
    private static final Pattern SECRET_NAME = Pattern.compile(
            ".*(password|passphrase|secret|key|jaas|token|credential|user\\.info|connection\\.string).*");
    /** An option value in a JAAS configuration: {@code password="..."}. */
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

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
                throw new UsageException(fileFlag + ": no such file: " + file);
            } catch (IOException | IllegalArgumentException e) {
                throw new UsageException(fileFlag + ": cannot read " + file + ": " + e.getMessage());
            }
        }
        String kafkaPrefix = envPrefix + "KAFKA_";
        // sorted, so that the same environment always gives the same result and the same error
        for (Map.Entry<String, String> variable : new TreeMap<>(env).entrySet()) {
            String name = variable.getKey();
            if (!name.startsWith(kafkaPrefix)) continue;
            boolean inFile = name.endsWith(FILE_SUFFIX);
            String direct = inFile ? name.substring(0, name.length() - FILE_SUFFIX.length()) : name;
            if (direct.length() <= kafkaPrefix.length()) continue; // DCWATCH_KAFKA_ or DCWATCH_KAFKA_FILE: no property
            if (inFile && env.containsKey(direct)) throw new UsageException("give " + direct + " or " + name + ", not both");
            String propertyName = direct.substring(kafkaPrefix.length()).toLowerCase(Locale.ROOT).replace('_', '.');
            String value = inFile ? readSecretFile(name, variable.getValue()) : variable.getValue();
            properties.setProperty(propertyName, value);
        }
        String connectionString = connectionString(env, envPrefix + "EVENTHUBS_CONNECTION_STRING");
        if (connectionString != null) {
            String jaas = kafkaPrefix + "SASL_JAAS_CONFIG";
            if (env.containsKey(jaas) || env.containsKey(jaas + FILE_SUFFIX)) {
                throw new UsageException("give " + envPrefix + "EVENTHUBS_CONNECTION_STRING or " + jaas + ", not both");
            }
            properties.putAll(eventHubs(connectionString));
        }
        return properties;
    }

    /** The client properties of Event Hubs' Kafka endpoint for a connection string (namespace or event hub level). */
    static Properties eventHubs(String connectionString) {
        Properties properties = new Properties();
        properties.setProperty("security.protocol", "SASL_SSL");
        properties.setProperty("sasl.mechanism", "PLAIN");
        properties.setProperty(JAAS_CONFIG, "org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"$ConnectionString\" password=\"" + connectionString + "\";");
        return properties;
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
     * The text with every secret of the properties replaced: the whole value, and each quoted option in it (a JAAS
     * password), for a message that quotes client settings — the Kafka client's error messages may.
     */
    public static String redact(String text, Properties properties) {
        String redacted = text;
        for (String name : properties.stringPropertyNames()) {
            if (!isSecret(name)) continue;
            String value = properties.getProperty(name);
            if (!value.isEmpty()) redacted = redacted.replace(value, REDACTED);
            Matcher quoted = QUOTED.matcher(value);
            while (quoted.find()) {
                // short options (a flag such as "true") are no secrets, and replacing them would garble the text
                if (quoted.group(1).length() >= 6) redacted = redacted.replace(quoted.group(1), REDACTED);
            }
        }
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
        Map<String, ConfigDef.ConfigKey> known = new HashMap<>(ConsumerConfig.configDef().configKeys());
        known.putAll(ProducerConfig.configDef().configKeys());
        known.putAll(AdminClientConfig.configDef().configKeys());
        return Map.copyOf(known);
    }

    private static String connectionString(Map<String, String> env, String variable) {
        String direct = env.get(variable);
        String file = env.get(variable + FILE_SUFFIX);
        if (direct != null && file != null) {
            throw new UsageException("give " + variable + " or " + variable + FILE_SUFFIX + ", not both");
        }
        if (direct == null && file == null) return null;
        String value = direct != null ? direct.strip() : readSecretFile(variable + FILE_SUFFIX, file);
        // checked without ever quoting the value: it is the secret
        if (!value.regionMatches(true, 0, "Endpoint=sb://", 0, "Endpoint=sb://".length())) {
            throw new UsageException(variable + " does not look like an Event Hubs connection string "
                    + "(Endpoint=sb://NAMESPACE.servicebus.windows.net/;SharedAccessKeyName=...;SharedAccessKey=...)");
        }
        if (value.contains("\"") || value.contains("\n")) {
            throw new UsageException(variable + " must not contain quotes or line breaks");
        }
        return value;
    }

    /** The content of a secret file, without the line break that editors and many secret tools leave at the end. */
    private static String readSecretFile(String variable, String path) {
        try {
            return Files.readString(Path.of(path), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UsageException(variable + ": cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
        }
    }
}
