package org.dcwatch.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Waits for a state of the local Flink cluster or of a job, through Flink's REST API, and says when it was reached.
 *
 * <pre>
 * JobWatch ready    URL TASKMANAGERS TIMEOUT_S   the cluster has this many TaskManagers registered
 * JobWatch running  URL JOB TIMEOUT_S            every task of the job is RUNNING and a checkpoint has completed
 * JobWatch recovery URL JOB SINCE_MS TIMEOUT_S   after a failure or a restart at SINCE_MS (epoch millis): when every
 *                                                task was RUNNING again, when the first checkpoint after the restore
 *                                                completed, and when the source had caught up with its backlog
 * JobWatch taskmanager URL JOB                   the resource id of the TaskManager that runs the job's source
 * </pre>
 *
 * Polls every 100 ms, so the times it reports are good to about a tenth of a second. Exit code 1 on a timeout.
 */
public final class JobWatch {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(100);
    /** Caught up: the source's backlog is at most this many records (the feed's rate is about a thousand a second). */
    private static final long CAUGHT_UP_BACKLOG = 1000;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String url;
    private final long deadline;

    private JobWatch(String url, long timeoutSeconds) {
        this.url = url;
        this.deadline = System.currentTimeMillis() + timeoutSeconds * 1000;
    }

    public static void main(String[] args) throws Exception {
        String usage = "usage: JobWatch ready URL TASKMANAGERS TIMEOUT_S | running URL JOB TIMEOUT_S "
                + "| recovery URL JOB SINCE_MS TIMEOUT_S | taskmanager URL JOB";
        if (args.length < 3) throw new IllegalArgumentException(usage);
        switch (args[0]) {
            case "ready" -> new JobWatch(args[1], Long.parseLong(args[3])).awaitTaskManagers(Integer.parseInt(args[2]));
            case "running" -> {
                JobWatch watch = new JobWatch(args[1], Long.parseLong(args[3]));
                watch.awaitRunning(args[2], 0);
                watch.awaitCheckpointAfter(args[2], 0);
            }
            case "recovery" ->
                new JobWatch(args[1], Long.parseLong(args[4])).recovery(args[2], Long.parseLong(args[3]));
            case "taskmanager" -> System.out.println(new JobWatch(args[1], 0).sourceTaskManager(args[2]));
            default -> throw new IllegalArgumentException(usage);
        }
    }

    private void awaitTaskManagers(int count) throws InterruptedException {
        await(
                "the cluster's " + count + " TaskManager(s)",
                () -> get("/overview"),
                overview -> overview.path("taskmanagers").asInt() >= count);
    }

    /**
     * Prints the recovery's figures, measured from {@code since}: every task RUNNING again, the first checkpoint after
     * the restore completed, the source caught up.
     */
    private void recovery(String job, long since) throws InterruptedException {
        long running = awaitRunning(job, since);
        JsonNode checkpoints = awaitCheckpointAfter(job, running);
        JsonNode restored = checkpoints.path("latest").path("restored");
        long checkpointed = checkpoints
                .path("latest")
                .path("completed")
                .path("latest_ack_timestamp")
                .asLong();
        long caughtUp = awaitCaughtUp(job);
        // a failed job restarts in place (RUNNING -> RESTARTING -> RUNNING); a job submitted from a savepoint is new
        long restarting =
                get("/jobs/" + job).path("timestamps").path("RESTARTING").asLong();
        if (restarting >= since) {
            System.out.printf(
                    Locale.ROOT,
                    "  failure detected after %5.1f s (the job RESTARTING)%n",
                    seconds(restarting - since));
        }
        System.out.printf(Locale.ROOT, "  every task RUNNING again after %5.1f s%n", seconds(running - since));
        System.out.printf(
                Locale.ROOT,
                "  first checkpoint completed after %5.1f s (checkpoint %d; restored from %s %d)%n",
                seconds(checkpointed - since),
                checkpoints.path("latest").path("completed").path("id").asLong(),
                restored.path("is_savepoint").asBoolean() ? "savepoint" : "checkpoint",
                restored.path("id").asLong());
        System.out.printf(
                Locale.ROOT,
                "  source caught up after %5.1f s (backlog at most %d records)%n",
                seconds(caughtUp - since),
                CAUGHT_UP_BACKLOG);
    }

    private String sourceTaskManager(String job) {
        String source = get("/jobs/" + job).path("vertices").get(0).path("id").asText();
        return get("/jobs/" + job + "/vertices/" + source)
                .path("subtasks")
                .get(0)
                .path("taskmanager-id")
                .asText();
    }

    /** When every subtask of the job was RUNNING, in an attempt started after {@code since}. */
    private long awaitRunning(String job, long since) throws InterruptedException {
        await("every task of job " + job + " RUNNING", () -> get("/jobs/" + job), details -> {
            if (!details.path("state").asText().equals("RUNNING")) return false;
            for (JsonNode vertex : details.path("vertices")) {
                JsonNode subtasks = get("/jobs/" + job + "/vertices/"
                                + vertex.path("id").asText())
                        .path("subtasks");
                for (JsonNode subtask : subtasks) {
                    if (!subtask.path("status").asText().equals("RUNNING")
                            || subtask.path("start-time").asLong() < since) {
                        return false;
                    }
                }
            }
            return true;
        });
        return System.currentTimeMillis();
    }

    /** The job's checkpoint statistics once a checkpoint triggered after {@code since} has completed. */
    private JsonNode awaitCheckpointAfter(String job, long since) throws InterruptedException {
        return await(
                "a checkpoint of job " + job,
                () -> get("/jobs/" + job + "/checkpoints"),
                checkpoints -> checkpoints
                                        .path("latest")
                                        .path("completed")
                                        .path("trigger_timestamp")
                                        .asLong()
                                >= since
                        && !checkpoints.path("latest").path("completed").isMissingNode()
                        && !checkpoints.path("latest").path("completed").isNull());
    }

    /** When the job's sources had at most {@link #CAUGHT_UP_BACKLOG} records left to read. */
    private long awaitCaughtUp(String job) throws InterruptedException {
        JsonNode details = get("/jobs/" + job);
        String source = details.path("vertices").get(0).path("id").asText();
        await(
                "the source of job " + job + " to catch up",
                () -> get("/jobs/" + job + "/vertices/" + source + "/subtasks/metrics?get="
                        + pendingRecordsMetric(job, source)),
                metrics -> metrics.size() > 0 && metrics.get(0).path("max").asDouble() <= CAUGHT_UP_BACKLOG);
        return System.currentTimeMillis();
    }

    /** The source operator's pendingRecords metric (its name starts with the operator's). */
    private String pendingRecordsMetric(String job, String vertex) {
        for (JsonNode metric : get("/jobs/" + job + "/vertices/" + vertex + "/subtasks/metrics")) {
            String id = metric.path("id").asText();
            if (id.endsWith(".pendingRecords")) return id;
        }
        return "pendingRecords";
    }

    private interface Request {
        JsonNode get() throws Exception;
    }

    /** Polls until the answer satisfies {@code done}, and returns it; exits with 1 at the deadline. */
    private JsonNode await(String what, Request request, Predicate<JsonNode> done) throws InterruptedException {
        Exception last = null;
        while (System.currentTimeMillis() < deadline) {
            try {
                JsonNode answer = request.get();
                if (done.test(answer)) return answer;
            } catch (Exception e) {
                last = e; // the REST endpoint is not up yet, or the job is between states
            }
            Thread.sleep(POLL.toMillis());
        }
        System.err.println(
                "JobWatch: timed out waiting for " + what + (last == null ? "" : " (last error: " + last + ")"));
        System.exit(1);
        return null;
    }

    private JsonNode get(String path) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(url + path))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) throw new IOException("GET " + path + ": HTTP " + response.statusCode());
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static double seconds(long millis) {
        return millis / 1000.0;
    }
}
