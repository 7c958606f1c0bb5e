package org.dcwatch.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the local stack's topics, replication factor 1; a topic that exists is left as it is.
 *
 * <pre>Topics BOOTSTRAP PARTITIONS TOPIC[:compact]...</pre>
 *
 * {@code :compact} makes a compacted topic (the tuning topic is one in production).
 */
public final class Topics {

    private Topics() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 3)
            throw new IllegalArgumentException("usage: Topics BOOTSTRAP PARTITIONS TOPIC[:compact]...");
        int partitions = Integer.parseInt(args[1]);
        List<NewTopic> topics = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            boolean compacted = args[i].endsWith(":compact");
            String name = compacted ? args[i].substring(0, args[i].length() - ":compact".length()) : args[i];
            NewTopic topic = new NewTopic(name, partitions, (short) 1);
            if (compacted) topic.configs(Map.of("cleanup.policy", "compact"));
            topics.add(topic);
        }
        Properties properties = new Properties();
        properties.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        try (Admin admin = Admin.create(properties)) {
            admin.createTopics(topics).values().forEach((name, created) -> {
                try {
                    created.get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException))
                        throw new IllegalStateException(name, e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
        }
    }
}
