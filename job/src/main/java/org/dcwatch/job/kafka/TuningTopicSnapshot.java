package org.dcwatch.job.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.dcwatch.job.tuning.InvalidTuningException;
import org.dcwatch.job.tuning.TuningRecord;

/**
 * The tuning topic as it stands when a run is submitted, read once by the command line and handed to the job as its
 * initial tuning.
 *
 * <p>Why: the job also reads the topic as a stream, but a stream of tuning races the sign-ins — in the first seconds of
 * a new run a sign-in can reach a rule before the allowlist that should silence it (docs/design.md, Tuning). With
 * the snapshot every record on the topic is in force from the first sign-in on; the stream then delivers the same
 * records again (the same versions: nothing changes) and every later update. A restored run has its tuning in its
 * broadcast state, and the snapshot adds nothing older than that.
 *
 * <p>Malformed records are left out here; the stream turns them into dead letters.
 */
public final class TuningTopicSnapshot {

    private TuningTopicSnapshot() {}

    /** The checked records of the topic, oldest first, read to the end offsets it had when this started. */
    public static List<String> read(KafkaSettings settings, Duration timeout) throws TimeoutException {
        Properties properties = SignInKafkaSource.consumerProperties(settings.input());
        properties.setProperty(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.input().bootstrapServers());
        properties.setProperty(ConsumerConfig.CLIENT_ID_CONFIG, settings.groupId() + "-tuning-snapshot");
        properties.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG); // assigned partitions, no group: nothing is committed
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> records = new ArrayList<>();
        try (KafkaConsumer<byte[], String> consumer =
                new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(settings.tuningTopic(), timeout).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            while (!reachedEnd(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException(
                            "tuning topic " + settings.tuningTopic() + " not read within " + timeout);
                }
                for (ConsumerRecord<byte[], String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() == null) continue; // a tombstone
                    try {
                        records.add(TuningRecord.parse(record.value()).json());
                    } catch (InvalidTuningException e) {
                        // the stream reports it as a dead letter
                    }
                }
            }
        }
        return records;
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
            if (consumer.position(partition.getKey()) < partition.getValue()) return false;
        }
        return true;
    }
}
