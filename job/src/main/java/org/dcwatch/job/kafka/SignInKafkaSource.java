package org.dcwatch.job.kafka;

import java.util.Properties;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The sign-in topic as raw messages — in production the Kafka endpoint of the Event Hub that Entra's diagnostic
 * settings stream to. Each Kafka record's value is handed on as it is: the job's parser reads it, because one message
 * may be an Event Hub envelope of many records, and whatever it cannot read becomes a dead letter there.
 *
 * <p>Event time and watermarks are not made here but right after parsing, in the same chained task (see
 * {@code DetectionJob}): the event time is inside the message, and a message holds records of different times. The
 * source itself runs without a watermark strategy.
 *
 * <p>Reads with {@code isolation.level=read_committed} unless the properties say otherwise: a topic written with
 * transactions then never shows dcwatch an aborted record, and for one written without transactions it changes
 * nothing. Offsets are committed to the consumer group on each completed checkpoint (for lag monitoring and for
 * {@code --starting-offsets committed}); a restored run reads on from the offsets in its checkpoint.
 */
public final class SignInKafkaSource {

    private SignInKafkaSource() {}

    public static KafkaSource<byte[]> create(KafkaSettings settings) {
        return builder(settings).build();
    }

    /** The configured builder, for a caller that needs to change one thing (the tests' failing deserializer). */
    public static KafkaSourceBuilder<byte[]> builder(KafkaSettings settings) {
        return KafkaSource.<byte[]>builder()
                .setProperties(consumerProperties(settings.input()))
                .setBootstrapServers(settings.input().bootstrapServers())
                .setTopics(settings.inputTopics())
                .setGroupId(settings.groupId())
                .setClientIdPrefix(settings.groupId() + "-sign-ins")
                .setStartingOffsets(settings.startingOffsets().initializer())
                .setDeserializer(new RawMessages());
    }

    /** The cluster's client properties, with read_committed as the default isolation level. */
    static Properties consumerProperties(KafkaSettings.Cluster cluster) {
        Properties properties = cluster.properties();
        properties.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return properties;
    }

    /**
     * The record's value, untouched. A record without a value (a tombstone, which a sign-in topic should not have) is
     * handed on as an empty message, so that it becomes a dead letter rather than vanishing.
     */
    public static final class RawMessages implements KafkaRecordDeserializationSchema<byte[]> {

        private static final byte[] EMPTY = new byte[0];

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<byte[]> out) {
            out.collect(record.value() != null ? record.value() : EMPTY);
        }

        @Override
        public TypeInformation<byte[]> getProducedType() {
            return PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO;
        }
    }
}
