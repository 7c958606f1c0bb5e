package org.dcwatch.job.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * A single-node Kafka broker (KRaft: broker and controller in one process) for the flood benchmark's Kafka run, in a
 * child JVM from the broker's jars that {@code mvn package} copies to {@code deploy/local/target/kafka} — the same
 * broker and settings as {@code deploy/local} starts, on free ports of 127.0.0.1, its data under the benchmark's work
 * directory. Closing it ends the child process (the one it started, by its handle) and nothing else.
 */
final class LocalKafkaBroker implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final Process process;
    private final String bootstrapServers;
    private final Path log;
    private final Thread stopOnExit;

    private LocalKafkaBroker(Process process, String bootstrapServers, Path log, Thread stopOnExit) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
        this.log = log;
        this.stopOnExit = stopOnExit;
    }

    /** Formats the broker's storage in {@code dir} and starts it; returns once it answers. */
    static LocalKafkaBroker start(Path kafkaLib, Path dir) throws Exception {
        if (!Files.isDirectory(kafkaLib)) {
            throw new org.dcwatch.job.cli.UsageException(
                    "--kafka-lib: no directory " + kafkaLib + " (mvn -DskipTests package copies Kafka's broker there)");
        }
        Files.createDirectories(dir);
        int port = freePort();
        int controllerPort = freePort();
        Path config = dir.resolve("kafka.properties");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "process.roles=broker,controller",
                        "node.id=1",
                        "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                        "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                        "controller.listener.names=CONTROLLER",
                        "inter.broker.listener.name=PLAINTEXT",
                        "log.dirs=" + dir.resolve("data").toAbsolutePath(),
                        "offsets.topic.replication.factor=1",
                        "transaction.state.log.replication.factor=1",
                        "transaction.state.log.min.isr=1",
                        "group.initial.rebalance.delay.ms=0",
                        "auto.create.topics.enable=false",
                        ""),
                StandardCharsets.UTF_8);
        Path log = dir.resolve("kafka.out");
        List<String> java = List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx512m",
                "-cp",
                kafkaLib.toAbsolutePath() + "/*");
        List<String> format = new ArrayList<>(java);
        format.addAll(List.of(
                "kafka.tools.StorageTool",
                "format",
                "--standalone",
                "-t",
                Uuid.randomUuid().toString(),
                "-c",
                config.toString()));
        Process formatting = new ProcessBuilder(format)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("kafka-format.out").toFile())
                .start();
        if (!formatting.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || formatting.exitValue() != 0) {
            formatting.destroyForcibly();
            throw new IllegalStateException(
                    "formatting Kafka's storage failed; see " + dir.resolve("kafka-format.out"));
        }
        List<String> broker = new ArrayList<>(java);
        broker.addAll(List.of("kafka.Kafka", config.toString()));
        Process process = new ProcessBuilder(broker)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        // a benchmark stopped with Ctrl-C must not leave its broker behind
        Thread stopBroker = new Thread(process::destroy, "flood-bench-stop-kafka");
        Runtime.getRuntime().addShutdownHook(stopBroker);
        LocalKafkaBroker kafka = new LocalKafkaBroker(process, "127.0.0.1:" + port, log, stopBroker);
        try {
            kafka.awaitReady();
        } catch (Exception e) {
            kafka.close();
            throw e;
        }
        return kafka;
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    void createTopics(String... topics) throws Exception {
        List<NewTopic> newTopics = new ArrayList<>();
        for (String topic : topics) newTopics.add(new NewTopic(topic, 1, (short) 1));
        try (Admin admin = Admin.create(adminProperties())) {
            admin.createTopics(newTopics).all().get(1, TimeUnit.MINUTES);
        }
    }

    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) throw new IllegalStateException("Kafka ended at start; see " + log);
            try (Admin admin = Admin.create(adminProperties())) {
                admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("Kafka did not start; see " + log, e);
                Thread.sleep(500); // polling a process that is starting, not proving an absence
            }
        }
    }

    private Properties adminProperties() {
        Properties properties = new Properties();
        properties.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        properties.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        return properties;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException e) {
            // the JVM is exiting: the hook ends the broker
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
