package org.dcwatch.local;

import java.time.Duration;
import org.dcwatch.job.sink.AlertJson;

/**
 * Prints the alerts of a topic as they are committed, one line each (or the JSON documents with {@code --json}), from
 * the topic's start, until it is stopped. The lines are those {@code dcwatch run} prints ({@link AlertJson#summaryLine}),
 * from the job's jar, which is on this class's class path.
 *
 * <pre>AlertWatch BOOTSTRAP TOPIC [--json]</pre>
 *
 * It reads with read_committed, as alert consumers should: an alert shows up when the job's checkpoint after its
 * detection commits it, and never twice.
 *
 */
public final class AlertWatch {

    private AlertWatch() {}

    public static void main(String[] args) {
        if (args.length < 2) throw new IllegalArgumentException("usage: AlertWatch BOOTSTRAP TOPIC [--json]");
        String option = args.length > 2 ? args[2] : "";
        try (AlertTopic alerts = new AlertTopic(args[0], args[1], true)) {
            while (true) {
                for (String document : alerts.poll(Duration.ofSeconds(1))) {
                    System.out.println(option.equals("--json") ? document : AlertJson.summaryLine(AlertTopic.parse(document)));
                }
                System.out.flush();
            }
        }
    }
}
