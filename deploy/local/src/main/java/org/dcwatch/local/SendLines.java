package org.dcwatch.local;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends each line of the files as one Kafka record, file after file, in order, without a key.
 *
 * <pre>SendLines BOOTSTRAP TOPIC FILE...</pre>
 *
 * The scripts send {@code end-of-feed.json} with it after a generated feed: a sign-in a day after the generated span,
 * whose watermark lets the session rules fire on the feed's last sign-ins, as the end of a file does in a file run;
 * and the audit records of the demo and the fixtures to the audit-log topic.
 */
public final class SendLines {

    private SendLines() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 3) throw new IllegalArgumentException("usage: SendLines BOOTSTRAP TOPIC FILE...");
        Properties properties = new Properties();
        properties.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        properties.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int file = 2; file < args.length; file++) {
                try (BufferedReader lines = Files.newBufferedReader(Path.of(args[file]), StandardCharsets.UTF_8)) {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        if (!line.isBlank())
                            producer.send(new ProducerRecord<>(args[1], line.getBytes(StandardCharsets.UTF_8)));
                    }
                }
            }
            producer.flush();
        }
    }
}
