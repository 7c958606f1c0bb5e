package org.dcwatch.job.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The tenant baseline and tuning topic (docs/tuning.md): a compacted topic of JSON tuning records, keyed by the
 * record's key ({@code type/tenant/name}) so that compaction keeps the latest version of each. Read from the earliest
 * offset, so that a new run starts with every record in force; a restored run reads on from its checkpoint, its
 * broadcast state holding what it read before.
 *
 * <p>Records are checked and broadcast by the job ({@code CheckTuningRecords}); a malformed one becomes a dead letter
 * and the tuning in force stays. A tombstone (a key with no value) is skipped: it is how compaction finally drops a
 * key that a {@code "deleted": true} record has removed already. The job gives this stream a watermark at the end of
 * time ({@code TuningWatermarks}): an open topic that is read forever must not hold the rules' event time back.
 */
public final class TuningKafkaSource {

    private TuningKafkaSource() {}

    public static KafkaSource<String> create(KafkaSettings settings) {
        return KafkaSource.<String>builder()
                .setProperties(SignInKafkaSource.consumerProperties(settings.input()))
                .setBootstrapServers(settings.input().bootstrapServers())
                .setTopics(settings.tuningTopic())
                .setGroupId(settings.groupId() + "-tuning")
                .setClientIdPrefix(settings.groupId() + "-tuning")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new TuningRecordValues())
                .build();
    }

    /** The value as UTF-8 text; tombstones skipped. */
    static final class TuningRecordValues implements KafkaRecordDeserializationSchema<String> {

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<String> out) {
            if (record.value() != null) out.collect(new String(record.value(), StandardCharsets.UTF_8));
        }

        @Override
        public TypeInformation<String> getProducedType() {
            return Types.STRING;
        }
    }
}
