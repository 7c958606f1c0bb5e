package org.dcwatch.job.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigData;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.provider.ConfigProvider;

/**
 * The Kafka config provider through which dcwatch's client properties name their secrets instead of holding them: the
 * properties travel in the job graph, in savepoint metadata and through Flink's REST API, a reference does not give
 * the secret away. Each Kafka client resolves the reference where it runs — on the TaskManager, on the JobManager for
 * the source's enumerator — so every Flink process must see the same environment and secret files (a Kubernetes pod
 * template gives the JobManager and the TaskManagers the same).
 *
 * <p>A property's whole value is the reference: {@code ${dcwatch:SOURCE:KEY}}, with SOURCE
 *
 * <ul>
 *   <li>{@code env}: the environment variable KEY;
 *   <li>{@code file}: the content of the file KEY (an absolute path);
 *   <li>{@code eventhubs-env}, {@code eventhubs-file}: the JAAS line of Event Hubs' Kafka endpoint for the connection
 *       string in the variable or the file KEY. The JAAS line is built here, not by embedding a reference in it, so
 *       that the connection string is checked and trimmed where it is read.
 * </ul>
 *
 * Values are trimmed: a secret file, or a variable filled from one, often ends with a line break that is no part of
 * the secret. Standard providers (Kafka's {@code EnvVarConfigProvider}, {@code DirectoryConfigProvider}) return it
 * untouched, and a password with a line break fails to authenticate.
 */
public final class SecretConfigProvider implements ConfigProvider {

    /** The provider's name in {@code config.providers} and in references. */
    public static final String NAME = "dcwatch";

    static final String ENV = "env";
    static final String FILE = "file";
    static final String EVENTHUBS_ENV = "eventhubs-env";
    static final String EVENTHUBS_FILE = "eventhubs-file";

    @Override
    public void configure(Map<String, ?> configs) {}

    /** Nothing: a reference names its key, and listing the environment would hand out every secret in it. */
    @Override
    public ConfigData get(String path) {
        return new ConfigData(Map.of());
    }

    @Override
    public ConfigData get(String path, Set<String> keys) {
        Map<String, String> data = new HashMap<>();
        for (String key : keys) data.put(key, value(path, key));
        return new ConfigData(data);
    }

    /** The reference a client property holds for the secret at KEY of the source. */
    static String reference(String source, String key) {
        return "${" + NAME + ":" + source + ":" + key + "}";
    }

    private static String value(String source, String key) {
        return switch (source == null ? "" : source) {
            case ENV -> fromEnvironment(key);
            case FILE -> fromFile(key);
            case EVENTHUBS_ENV -> eventHubsJaas(key, fromEnvironment(key));
            case EVENTHUBS_FILE -> eventHubsJaas(key, fromFile(key));
            default ->
                throw new ConfigException("dcwatch secret reference: unknown source '" + source + "' (env, file, "
                        + "eventhubs-env or eventhubs-file)");
        };
    }

    private static String eventHubsJaas(String key, String connectionString) {
        try {
            return KafkaClientProperties.eventHubsJaas(
                    KafkaClientProperties.checkConnectionString(key, connectionString));
        } catch (RuntimeException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private static String fromEnvironment(String variable) {
        String value = System.getenv(variable);
        if (value == null) {
            throw new ConfigException("the environment variable " + variable + " is not set in this process: every "
                    + "Flink process (JobManager and TaskManagers) needs the environment dcwatch was started with");
        }
        return value.strip();
    }

    private static String fromFile(String path) {
        try {
            return Files.readString(Path.of(path), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            // the exception's message may quote the file: the path only
            throw new ConfigException(
                    "cannot read the secret file " + path + " (" + e.getClass().getSimpleName()
                            + "): every Flink process (JobManager and TaskManagers) needs the files dcwatch was started with");
        }
    }

    @Override
    public void close() {}
}
