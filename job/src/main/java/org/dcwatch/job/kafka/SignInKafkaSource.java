package org.dcwatch.job.kafka;

import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.dcwatch.job.config.JobSettings;
import org.dcwatch.job.source.SignInOrDeadLetter;
import org.dcwatch.job.source.SourceParser;

/**
 * The sign-in topics — in production the Kafka endpoints of the event hubs that Entra's diagnostic settings stream
 * to, interactive and non-interactive sign-ins on hubs of their own — parsed in the source: each Kafka record's value
 * (an Event Hub envelope of many records, or one record) becomes sign-ins and dead letters, the dead letters stamped
 * with their {@code topic/partition@offset}. Parsing here is what lets the job's watermark strategy run per
 * partition (see {@code EventTimeWatermarks}): a task reading several partitions of two hubs follows the slowest.
 *
 * <p>A sign-in timed more than {@code --max-time-ahead} after the earlier of the wall clock and its Kafka record's
 * timestamp (the Event Hubs enqueue time) cannot be genuine — nothing is logged before it happens, nor enqueued
 * before it is logged — and becomes a {@code FUTURE_TIME} dead letter instead of moving event time for every tenant.
 *
 * <p>Reads with {@code isolation.level=read_committed} unless the properties say otherwise: a topic written with
 * transactions then never shows dcwatch an aborted record, and for one written without transactions it changes
 * nothing. Offsets are committed to the consumer group on each completed checkpoint (for lag monitoring and for
 * {@code --starting-offsets committed}); a restored run reads on from the offsets in its checkpoint.
 */
public final class SignInKafkaSource {

    private SignInKafkaSource() {}

    public static KafkaSource<SignInOrDeadLetter> create(KafkaSettings settings, JobSettings job) {
        return builder(settings, job).build();
    }

    /** The configured builder, for a caller that needs to change one thing (the tests' failing deserializer). */
    public static KafkaSourceBuilder<SignInOrDeadLetter> builder(KafkaSettings settings, JobSettings job) {
        return KafkaSource.<SignInOrDeadLetter>builder()
                .setProperties(consumerProperties(settings.input()))
                .setBootstrapServers(settings.input().bootstrapServers())
                .setTopics(settings.inputTopics())
                .setGroupId(settings.groupId())
                .setClientIdPrefix(settings.groupId() + "-sign-ins")
                .setStartingOffsets(settings.startingOffsets().initializer())
                .setDeserializer(new SignInRecords(job));
    }

    /** The cluster's client properties, with read_committed as the default isolation level. */
    static Properties consumerProperties(KafkaSettings.Cluster cluster) {
        Properties properties = cluster.properties();
        properties.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return properties;
    }

    /**
     * A Kafka record's sign-ins and dead letters. A record without a value (a tombstone, which a sign-in topic should
     * not have) is parsed as an empty message, so that it becomes a dead letter rather than vanishing.
     */
    public static final class SignInRecords implements KafkaRecordDeserializationSchema<SignInOrDeadLetter> {

        private static final byte[] EMPTY = new byte[0];

        private final SourceParser parser;
        private transient ConsumerRecord<byte[], byte[]> current;
        private transient Collector<SignInOrDeadLetter> out;
        private transient Supplier<String> origin;
        private transient Consumer<SignInOrDeadLetter> collect;

        public SignInRecords(JobSettings job) {
            this.parser = new SourceParser(job);
        }

        @Override
        public void open(DeserializationSchema.InitializationContext context) {
            parser.open();
            origin = () -> current.topic() + "/" + current.partition() + "@" + current.offset();
            collect = record -> out.collect(record);
        }

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<SignInOrDeadLetter> out) {
            this.current = record;
            this.out = out;
            parser.parse(record.value() != null ? record.value() : EMPTY, origin, notAfter(record), collect);
        }

        /** The latest event time a sign-in of the record can genuinely have (see the class comment). */
        private long notAfter(ConsumerRecord<byte[], byte[]> record) {
            long clock = System.currentTimeMillis();
            long anchor = record.timestamp() > 0 ? Math.min(clock, record.timestamp()) : clock;
            return anchor + parser.maxTimeAheadMillis();
        }

        @Override
        public TypeInformation<SignInOrDeadLetter> getProducedType() {
            return SignInOrDeadLetter.TYPE;
        }
    }
}
