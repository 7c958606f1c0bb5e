package org.dcwatch.job.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Kafka broker for the tests of one class: KRaft, one combined broker and controller on 127.0.0.1, started in
 * the test JVM from the Maven-resolved Kafka jars (the version of the connector's kafka-clients). Register it before
 * the Flink MiniCluster, so that JUnit closes Flink first: a job must never outlive its broker.
 */
public final class KafkaBroker implements BeforeAllCallback, AfterAllCallback {

    private KafkaClusterTestKit cluster;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build();
        cluster = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("auto.create.topics.enable", "false")
                // clients are sent to 127.0.0.1, not to the kit's localhost, which may resolve to ::1 first (the kit
                // binds its ports itself, on the wildcard address)
                .setConfigProp("listeners", "EXTERNAL://127.0.0.1:0,CONTROLLER://127.0.0.1:0")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (cluster != null) cluster.close();
    }

    /** The broker's listener as clients reach it: 127.0.0.1 (the test kit says {@code localhost}). */
    public String bootstrapServers() {
        return cluster.bootstrapServers().replace("localhost", "127.0.0.1");
    }

    /** Creates the topics, one partition each (one partition keeps the demo's order, and with it its late records). */
    public void createTopics(String... topics) throws Exception {
        createTopics(1, topics);
    }

    /** Creates the topics with {@code partitions} partitions each, as an Event Hub has several. */
    public void createTopics(int partitions, String... topics) throws Exception {
        List<NewTopic> newTopics = new ArrayList<>();
        for (String topic : topics) newTopics.add(new NewTopic(topic, partitions, (short) 1));
        createTopics(newTopics);
    }

    /** A compacted topic, as the tuning topic is in production. */
    public void createCompactedTopic(String topic) throws Exception {
        createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of("cleanup.policy", "compact"))));
    }

    private void createTopics(List<NewTopic> topics) throws Exception {
        Properties properties = new Properties();
        properties.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(properties)) {
            admin.createTopics(topics).all().get();
        }
    }

    /**
     * Whether the consumer group has committed, for every partition of the topics, the partition's end offset: a job
     * that commits on checkpoints has then read every record, and completed a checkpoint after it.
     */
    public boolean committedToTheEnd(String groupId, List<String> topics) throws Exception {
        Properties properties = new Properties();
        properties.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(properties)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata()
                    .get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (TopicDescription topic :
                    admin.describeTopics(topics).allTopicNames().get().values()) {
                topic.partitions()
                        .forEach(p -> latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest()));
            }
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end :
                    admin.listOffsets(latest).all().get().entrySet()) {
                OffsetAndMetadata offset = committed.get(end.getKey());
                if (offset == null || offset.offset() < end.getValue().offset()) return false;
            }
            return true;
        }
    }

    /** Writes the values, in order, without keys. */
    public void produce(String topic, List<String> values) {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (String value : values) records.add(new ProducerRecord<>(topic, value));
        produceRecords(records);
    }

    public void produce(String topic, String key, String value) {
        produceRecords(List.of(new ProducerRecord<>(topic, key, value)));
    }

    private void produceRecords(List<ProducerRecord<String, String>> records) {
        try (KafkaProducer<String, String> producer = producer()) {
            for (ProducerRecord<String, String> record : records) producer.send(record);
            producer.flush();
        }
    }

    /**
     * A producer for a test that writes in many small steps (a live feed), where one producer a call would cost more
     * than the writing; the caller closes it.
     */
    public KafkaProducer<String, String> producer() {
        Properties properties = new Properties();
        properties.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    /**
     * Reads the topic from its start until {@code done} holds for what was read, or the timeout passes; returns what
     * was read either way.
     *
     * @param readCommitted {@code isolation.level=read_committed} (what alert consumers use), else read_uncommitted:
     *     the records of open and aborted transactions too
     */
    public List<ConsumerRecord<String, String>> read(
            String topic,
            boolean readCommitted,
            Predicate<List<ConsumerRecord<String, String>>> done,
            Duration timeout) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, String> consumer = fromTheStart(topic, readCommitted)) {
            while (!done.test(records) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        }
        return records;
    }

    /**
     * Everything the topic holds now, for the isolation level: read until every partition's end (for read_committed
     * the last stable offset), so that an absence is proven by reaching the end, not by waiting.
     */
    public List<ConsumerRecord<String, String>> readAll(String topic, boolean readCommitted, Duration timeout) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, String> consumer = fromTheStart(topic, readCommitted)) {
            Set<TopicPartition> partitions = consumer.assignment();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                if (System.nanoTime() > deadline)
                    throw new AssertionError(topic + " not read to its end within " + timeout);
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        }
        return records;
    }

    /** A consumer of every partition of the topic, at their beginnings; the caller closes it. */
    private KafkaConsumer<String, String> fromTheStart(String topic, boolean readCommitted) {
        Properties properties = new Properties();
        properties.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.setProperty(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
        properties.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    /**
     * Reads the topic until {@code done} holds, failing the test if it does not within {@code timeout} or if the job
     * fails meanwhile (rather than waiting for output that will never come).
     */
    public List<ConsumerRecord<String, String>> await(
            RunningJob job,
            String topic,
            boolean readCommitted,
            Predicate<List<ConsumerRecord<String, String>>> done,
            Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ConsumerRecord<String, String>> records;
        do {
            job.assertNotFailed();
            records = read(topic, readCommitted, done, Duration.ofSeconds(2));
        } while (!done.test(records) && System.nanoTime() < deadline);
        if (!done.test(records)) {
            throw new AssertionError(topic + " (read_committed=" + readCommitted + ") not as expected within " + timeout
                    + ": " + records.size() + " records " + values(records));
        }
        return records;
    }

    /** The values of the records. */
    public static List<String> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }
}
