package org.dcwatch.job.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.dcwatch.job.sink.AlertJson;

/**
 * Where a Kafka run reads and writes: the clusters, the topics, and how it commits. Built by {@link #builder}; the
 * command line fills it from flags ({@code KafkaRunOptions}), the tests directly.
 *
 * <p>Holds the client properties, and with them the secrets (SASL credentials): {@link #toString} shows what a person
 * needs to check a deployment, with every secret value replaced.
 */
public final class KafkaSettings {

    /** Below the broker's default {@code transaction.max.timeout.ms} of 15 minutes, which the sink must not exceed. */
    public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofMinutes(10);

    public static final String DEFAULT_GROUP_ID = "dcwatch";

    /**
     * A Kafka cluster and the client properties to reach it.
     *
     * @param properties client properties (security, SASL, timeouts); may hold secrets, never printed whole
     */
    public record Cluster(String bootstrapServers, Properties properties) {

        public Cluster {
            Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            Properties copy = new Properties();
            if (properties != null) copy.putAll(properties);
            properties = copy;
        }

        /** A copy: the caller may add to it. */
        @Override
        public Properties properties() {
            Properties copy = new Properties();
            copy.putAll(properties);
            return copy;
        }

        @Override
        public String toString() {
            return bootstrapServers + " " + KafkaClientProperties.describe(properties);
        }
    }

    private final Cluster input;
    private final Cluster output;
    private final List<String> inputTopics;
    private final String alertsTopic;
    private final String visibilityTopic;
    private final String deadLetterTopic;
    private final String lateTopic;
    private final String tuningTopic;
    private final String groupId;
    private final StartingOffsets startingOffsets;
    private final DeliveryGuarantee alertsDelivery;
    private final String transactionalIdPrefix;
    private final Duration transactionTimeout;

    private KafkaSettings(Builder builder) {
        this.input = Objects.requireNonNull(builder.input, "input cluster");
        this.output = builder.output != null ? builder.output : builder.input;
        this.inputTopics = List.copyOf(Objects.requireNonNull(builder.inputTopics, "input topic"));
        if (inputTopics.isEmpty()) throw new IllegalArgumentException("no input topic");
        this.alertsTopic = Objects.requireNonNull(builder.alertsTopic, "alerts topic");
        this.visibilityTopic = builder.visibilityTopic;
        this.deadLetterTopic = builder.deadLetterTopic;
        this.lateTopic = builder.lateTopic;
        this.tuningTopic = builder.tuningTopic;
        this.groupId = builder.groupId;
        this.startingOffsets = builder.startingOffsets;
        this.alertsDelivery = builder.alertsDelivery;
        this.transactionalIdPrefix = builder.transactionalIdPrefix != null
                ? builder.transactionalIdPrefix
                : defaultTransactionalIdPrefix(groupId, alertsTopic);
        this.transactionTimeout = builder.transactionTimeout;
        if (transactionTimeout.isNegative()
                || transactionTimeout.isZero()
                || transactionTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("transaction timeout out of range: " + transactionTimeout);
        }
        checkMaxRequestSize(output.properties());
    }

    /**
     * The least {@code max.request.size} of the output producers: an alert document of the most bytes, its key and
     * the record's framing. A producer that refuses an alert fails the sink at every checkpoint, every tenant's
     * alerts with it, so a lower setting is refused before the job starts.
     */
    public static final int MIN_MAX_REQUEST_SIZE = AlertJson.MAX_DOCUMENT_BYTES + 1024;

    private static void checkMaxRequestSize(Properties properties) {
        String value = properties.getProperty(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        if (value == null) return;
        int size;
        try {
            size = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return; // the producer reports what it cannot read
        }
        if (size < MIN_MAX_REQUEST_SIZE) {
            throw new IllegalArgumentException(ProducerConfig.MAX_REQUEST_SIZE_CONFIG + " " + size + " is below the "
                    + MIN_MAX_REQUEST_SIZE + " bytes an alert record may need");
        }
    }

    public static Builder builder(String bootstrapServers) {
        return new Builder(new Cluster(bootstrapServers, new Properties()));
    }

    public static Builder builder(Cluster input) {
        return new Builder(input);
    }

    /**
     * The prefix of the alert sink's transactional ids when none is given: the consumer group names the deployment,
     * the topic what it writes. Two deployments that write to one alerts topic must differ in their group ids (or in
     * their prefixes), else each would abort the other's transactions on start-up.
     */
    static String defaultTransactionalIdPrefix(String groupId, String alertsTopic) {
        return groupId + "-" + alertsTopic;
    }

    /** The cluster of the sign-in topic and the tuning topic. */
    public Cluster input() {
        return input;
    }

    /** The cluster the outputs go to; the input cluster unless another is given. */
    public Cluster output() {
        return output;
    }

    public List<String> inputTopics() {
        return inputTopics;
    }

    public String alertsTopic() {
        return alertsTopic;
    }

    /** Or null: visibility records are then only counted. */
    public String visibilityTopic() {
        return visibilityTopic;
    }

    /** Or null: dead letters are then only counted. */
    public String deadLetterTopic() {
        return deadLetterTopic;
    }

    /** Or null: late sign-ins are then only counted. */
    public String lateTopic() {
        return lateTopic;
    }

    /** The compacted topic of tenant baseline and tuning records, or null. */
    public String tuningTopic() {
        return tuningTopic;
    }

    /** The consumer group: offsets are committed to it on checkpoints, for lag monitoring and {@code committed}. */
    public String groupId() {
        return groupId;
    }

    public StartingOffsets startingOffsets() {
        return startingOffsets;
    }

    public DeliveryGuarantee alertsDelivery() {
        return alertsDelivery;
    }

    public String transactionalIdPrefix() {
        return transactionalIdPrefix;
    }

    public Duration transactionTimeout() {
        return transactionTimeout;
    }

    @Override
    public String toString() {
        return "KafkaSettings[input=" + input
                + (output == input ? "" : ", output=" + output)
                + ", inputTopics=" + inputTopics
                + ", alertsTopic=" + alertsTopic
                + ", visibilityTopic=" + visibilityTopic
                + ", deadLetterTopic=" + deadLetterTopic
                + ", lateTopic=" + lateTopic
                + ", tuningTopic=" + tuningTopic
                + ", groupId=" + groupId
                + ", startingOffsets=" + startingOffsets
                + ", alertsDelivery=" + alertsDelivery
                + (alertsDelivery != DeliveryGuarantee.EXACTLY_ONCE
                        ? ""
                        : ", transactionalIdPrefix=" + transactionalIdPrefix + ", transactionTimeout="
                                + transactionTimeout)
                + "]";
    }

    /** Every setting but the input cluster, the input topic and the alerts topic has a default. */
    public static final class Builder {
        private final Cluster input;
        private Cluster output;
        private List<String> inputTopics;
        private String alertsTopic;
        private String visibilityTopic;
        private String deadLetterTopic;
        private String lateTopic;
        private String tuningTopic;
        private String groupId = DEFAULT_GROUP_ID;
        private StartingOffsets startingOffsets = StartingOffsets.COMMITTED;
        private DeliveryGuarantee alertsDelivery = DeliveryGuarantee.EXACTLY_ONCE;
        private String transactionalIdPrefix;
        private Duration transactionTimeout = DEFAULT_TRANSACTION_TIMEOUT;

        private Builder(Cluster input) {
            this.input = input;
        }

        public Builder output(Cluster value) {
            this.output = value;
            return this;
        }

        public Builder inputTopics(List<String> value) {
            this.inputTopics = value;
            return this;
        }

        public Builder inputTopic(String value) {
            return inputTopics(List.of(value));
        }

        public Builder alertsTopic(String value) {
            this.alertsTopic = value;
            return this;
        }

        public Builder visibilityTopic(String value) {
            this.visibilityTopic = value;
            return this;
        }

        public Builder deadLetterTopic(String value) {
            this.deadLetterTopic = value;
            return this;
        }

        public Builder lateTopic(String value) {
            this.lateTopic = value;
            return this;
        }

        public Builder tuningTopic(String value) {
            this.tuningTopic = value;
            return this;
        }

        public Builder groupId(String value) {
            this.groupId = Objects.requireNonNull(value);
            return this;
        }

        public Builder startingOffsets(StartingOffsets value) {
            this.startingOffsets = Objects.requireNonNull(value);
            return this;
        }

        public Builder alertsDelivery(DeliveryGuarantee value) {
            this.alertsDelivery = Objects.requireNonNull(value);
            return this;
        }

        public Builder transactionalIdPrefix(String value) {
            this.transactionalIdPrefix = value;
            return this;
        }

        public Builder transactionTimeout(Duration value) {
            this.transactionTimeout = Objects.requireNonNull(value);
            return this;
        }

        public KafkaSettings build() {
            return new KafkaSettings(this);
        }
    }
}
