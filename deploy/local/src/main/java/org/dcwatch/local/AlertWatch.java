package org.dcwatch.local;

import java.time.Duration;
import org.dcwatch.job.sink.AlertJson;

/**
 * Prints the alerts of a topic as they are committed, one line each (or the JSON documents with {@code --json}), from
 * the topic's start, until it is stopped. The lines are those {@code dcwatch run} prints ({@link AlertJson#summaryLine}),
 * from the job's jar, which is on this class's class path.
 *
 * <pre>AlertWatch BOOTSTRAP TOPIC [--json | --await-open TIMEOUT_S]</pre>
 *
 * It reads with read_committed, as alert consumers should: an alert shows up when the job's checkpoint after its
 * detection commits it, and never twice.
 *
 * <p>{@code --await-open} is for the drill: it waits until the job has written an alert that no checkpoint has
 * committed yet (a read_uncommitted consumer sees more than a read_committed one), says how many of each there are,
 * and ends — so that a failure right after it hits an open transaction, whose alerts the job must write again.
 */
public final class AlertWatch {

    private AlertWatch() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: AlertWatch BOOTSTRAP TOPIC [--json | --await-open TIMEOUT_S]");
        }
        String option = args.length > 2 ? args[2] : "";
        if (option.equals("--await-open")) {
            awaitOpenTransaction(args[0], args[1], Duration.ofSeconds(Long.parseLong(args[3])));
            return;
        }
        try (AlertTopic alerts = new AlertTopic(args[0], args[1], true)) {
            while (true) {
                for (String document : alerts.poll(Duration.ofSeconds(1))) {
                    System.out.println(
                            option.equals("--json") ? document : AlertJson.summaryLine(AlertTopic.parse(document)));
                }
                System.out.flush();
            }
        }
    }

    private static void awaitOpenTransaction(String bootstrapServers, String topic, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int committed = 0;
        int written = 0;
        try (AlertTopic committedAlerts = new AlertTopic(bootstrapServers, topic, true);
                AlertTopic writtenAlerts = new AlertTopic(bootstrapServers, topic, false)) {
            do {
                committed += committedAlerts.readToEnd().size();
                written += writtenAlerts.readToEnd().size();
                if (written > committed) break;
                Thread.sleep(100);
            } while (System.nanoTime() < deadline);
        }
        System.out.println(committed + " alert documents committed, " + (written - committed)
                + " more written in a transaction not committed yet");
    }
}
