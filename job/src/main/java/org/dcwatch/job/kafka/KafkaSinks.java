package org.dcwatch.job.kafka;

import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.connector.kafka.sink.TransactionNamingStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.dcwatch.job.sink.AlertJson;
import org.dcwatch.job.sink.DeadLetterJson;
import org.dcwatch.job.sink.SignInEventJson;
import org.dcwatch.job.sink.VisibilityJson;
import org.dcwatch.udfs.alert.Alert;
import org.dcwatch.udfs.alert.VisibilityRecord;
import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.parse.DeadLetter;

/**
 * The job's Kafka outputs, one JSON document a record (the same documents as the file outputs).
 *
 * <ul>
 *   <li>Alerts: exactly once by default. Each checkpoint commits one Kafka transaction per parallel sink task, so an
 *       alert becomes visible to {@code isolation.level=read_committed} consumers when the checkpoint after it
 *       completes (alert latency = up to one checkpoint interval plus the checkpoint's duration), and a restart never
 *       shows such a consumer an alert twice. Keyed by the alert id, so that a compacted topic keeps one document per
 *       alert — its latest revision, since updates keep the id. At least once where the cluster has no transactions
 *       (Azure Event Hubs): consumers then de-duplicate on alert id and revision, which are deterministic.
 *   <li>Visibility records, dead letters and late sign-ins: at least once. They are reports, not alerts: a restart may
 *       repeat a few, and the keys let a consumer drop the copies — the sign-in id for visibility records and late
 *       sign-ins, none for dead letters (they have no identity; the producer spreads them over the partitions).
 * </ul>
 */
public final class KafkaSinks {

    private KafkaSinks() {}

    public static KafkaSink<Alert> alerts(KafkaSettings settings) {
        KafkaSinkBuilder<Alert> builder = KafkaSink.<Alert>builder()
                .setKafkaProducerConfig(producerProperties(settings))
                .setBootstrapServers(settings.output().bootstrapServers())
                .setRecordSerializer(new JsonRecords<>(settings.alertsTopic(), Alert::alertId, AlertJson::toJson))
                .setDeliveryGuarantee(settings.alertsDelivery());
        if (settings.alertsDelivery() == DeliveryGuarantee.EXACTLY_ONCE) {
            builder.setTransactionalIdPrefix(settings.transactionalIdPrefix())
                    // one new transactional id per checkpoint: POOLING reuses ids and can stall read_committed
                    // consumers after a rescale (FLINK-40626)
                    .setTransactionNamingStrategy(TransactionNamingStrategy.INCREMENTING)
                    .setProperty(
                            ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                            String.valueOf(settings.transactionTimeout().toMillis()));
        }
        return builder.build();
    }

    /** Or null when there is no visibility topic. */
    public static KafkaSink<VisibilityRecord> visibility(KafkaSettings settings) {
        return settings.visibilityTopic() == null
                ? null
                : atLeastOnce(
                        settings,
                        new JsonRecords<>(
                                settings.visibilityTopic(),
                                VisibilityRecord::signInId,
                                (record, writeTime) -> VisibilityJson.toJson(record)));
    }

    /** Or null when there is no dead-letter topic. */
    public static KafkaSink<DeadLetter> deadLetters(KafkaSettings settings) {
        return settings.deadLetterTopic() == null
                ? null
                : atLeastOnce(
                        settings,
                        new JsonRecords<>(
                                settings.deadLetterTopic(),
                                deadLetter -> null,
                                (deadLetter, writeTime) -> DeadLetterJson.toJsonLine(deadLetter)));
    }

    /** Or null when there is no late topic. */
    public static KafkaSink<SignInEvent> late(KafkaSettings settings) {
        return settings.lateTopic() == null
                ? null
                : atLeastOnce(
                        settings,
                        new JsonRecords<>(
                                settings.lateTopic(),
                                SignInEvent::id,
                                (signIn, writeTime) -> SignInEventJson.toJson(signIn)));
    }

    private static <T> KafkaSink<T> atLeastOnce(KafkaSettings settings, JsonRecords<T> records) {
        return KafkaSink.<T>builder()
                .setKafkaProducerConfig(producerProperties(settings))
                .setBootstrapServers(settings.output().bootstrapServers())
                .setRecordSerializer(records)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }

    private static Properties producerProperties(KafkaSettings settings) {
        return settings.output().properties();
    }
}
