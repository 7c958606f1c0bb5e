package org.dcwatch.job.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the tenant benchmark measured ({@link TenantRun}), as text for a person and as one JSON line: the history
 * through the job on RocksDB (throughput, checkpoints as the state grew, memory), the savepoint at its end, and each
 * restore from that savepoint (how long it took, and whether the baselines came back intact).
 *
 * @param users the tenant's users, each with a baseline
 * @param cores the machine's available processors
 * @param generationMillis writing the history file (0 when it was reused)
 * @param history the history's run
 * @param savepoint the savepoint taken at the end of the history
 * @param memory the TaskManager's memory with the whole history in state
 * @param restores one a parallelism, in the order they ran
 */
public record TenantResult(
        int users,
        int cores,
        long generationMillis,
        History history,
        Savepoint savepoint,
        Memory memory,
        List<Restore> restores) {

    public TenantResult {
        restores = List.copyOf(restores);
    }

    /**
     * The history through the job.
     *
     * @param signIns the history's sign-ins (its records), the end marker included
     * @param fileBytes the history file's size
     * @param processingMillis from the first task running to the end marker's alert at the sink
     * @param coresBusy the JVM's CPU time over that wall time (all threads: tasks, Flink's, RocksDB's, GC, JIT)
     * @param checkpointIntervalMillis how often the job checkpointed meanwhile
     * @param checkpoints every completed checkpoint, the one after the end marker last
     * @param progress the baseline's input as the history went, sampled every few seconds
     */
    public record History(
            long signIns,
            long fileBytes,
            long processingMillis,
            double coresBusy,
            long checkpointIntervalMillis,
            List<Checkpoint> checkpoints,
            List<Progress> progress) {

        public History {
            checkpoints = List.copyOf(checkpoints);
            progress = List.copyOf(progress);
        }

        public double recordsPerSecond() {
            return signIns * 1000.0 / Math.max(processingMillis, 1);
        }

        public double recordsPerSecondPerCore() {
            return recordsPerSecond() / Math.max(coresBusy, 0.01);
        }
    }

    /**
     * How far the history had come.
     *
     * @param afterMillis from the first task running
     * @param signIns the sign-ins the baseline's task had read by then
     */
    public record Progress(long afterMillis, long signIns) {}

    /**
     * A completed checkpoint.
     *
     * @param afterMillis when it was triggered, from the first task running
     * @param fullBytes the whole state it refers to (RocksDB's files shared with earlier checkpoints included)
     * @param incrementalBytes what it uploaded itself
     */
    public record Checkpoint(long id, long afterMillis, long fullBytes, long incrementalBytes, long durationMillis) {}

    /**
     * @param durationMillis from the stop's request to its path (the job stopped)
     * @param bytes the savepoint directory's files on disk
     */
    public record Savepoint(String path, long durationMillis, long bytes) {}

    /**
     * Measured in the benchmark's JVM — the embedded TaskManager's — after a full collection, with the whole history in
     * state and the job still running.
     *
     * @param heapUsedBytes the heap after the collection
     * @param heapCommittedBytes the heap the JVM holds
     * @param nonHeapCommittedBytes metaspace, code cache and the like
     * @param directBytes direct buffers (Flink's network buffers among them)
     * @param residentBytes the process's resident set ({@code VmRSS} of {@code /proc/self/status})
     * @param residentBeforeBytes the same before the history's job was submitted (the cluster started, no state)
     * @param managedMemoryBytes the TaskManager's managed memory, which bounds RocksDB's caches and write buffers
     * @param rocksDbLocalBytes RocksDB's working files on the TaskManager's local disk
     */
    public record Memory(
            long heapUsedBytes,
            long heapCommittedBytes,
            long nonHeapCommittedBytes,
            long directBytes,
            long residentBytes,
            long residentBeforeBytes,
            long managedMemoryBytes,
            long rocksDbLocalBytes) {

        /** What the process holds beyond the JVM's own accounting: RocksDB's native memory, mostly. */
        public long nativeBeyondJvmBytes() {
            return residentBytes - heapCommittedBytes - nonHeapCommittedBytes - directBytes;
        }
    }

    /**
     * One restore from the savepoint, and the probes after it: device-code sign-ins of sampled users, from an ASN of
     * their baseline (no unseen-asn alert may follow) or from a new one (exactly one must).
     *
     * @param runningMillis from submission to every task running, the state restored
     * @param firstAlertMillis from submission to the first probe's alert at the sink (the first record processed)
     * @param discoveryIntervalMillis how often the source looks for new files: part of {@code firstAlertMillis}
     * @param knownAsnAlerted probes from a known ASN that raised an unseen-asn alert (must be 0)
     * @param newAsnAlertedOnce probes from a new ASN that raised exactly one (must be all of them)
     * @param otherAlerts alerts of other rules or of users that were not probed (must be 0)
     */
    public record Restore(
            int parallelism,
            long runningMillis,
            long firstAlertMillis,
            long discoveryIntervalMillis,
            int knownAsnProbes,
            int newAsnProbes,
            int knownAsnAlerted,
            int newAsnAlertedOnce,
            int otherAlerts) {

        /** Every baseline probed said what it should have. */
        public boolean baselinesIntact() {
            return knownAsnAlerted == 0 && newAsnAlertedOnce == newAsnProbes && otherAlerts == 0;
        }
    }

    /** The savepoint's bytes a user. */
    public double savepointBytesPerUser() {
        return (double) savepoint.bytes() / users;
    }

    /** The last checkpoint's full state a user. */
    public double checkpointBytesPerUser() {
        List<Checkpoint> checkpoints = history.checkpoints();
        return checkpoints.isEmpty()
                ? 0
                : (double) checkpoints.get(checkpoints.size() - 1).fullBytes() / users;
    }

    public String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", "tenant");
        json.put("users", users);
        json.put("cores", cores);
        json.put("generationMillis", generationMillis);
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("signIns", history.signIns());
        h.put("fileBytes", history.fileBytes());
        h.put("processingMillis", history.processingMillis());
        h.put("recordsPerSecond", Math.round(history.recordsPerSecond()));
        h.put("coresBusy", hundredths(history.coresBusy()));
        h.put("recordsPerSecondPerCore", Math.round(history.recordsPerSecondPerCore()));
        h.put("checkpointIntervalMillis", history.checkpointIntervalMillis());
        List<Map<String, Object>> checkpoints = new ArrayList<>();
        for (Checkpoint c : history.checkpoints()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", c.id());
            r.put("afterMillis", c.afterMillis());
            r.put("fullBytes", c.fullBytes());
            r.put("incrementalBytes", c.incrementalBytes());
            r.put("durationMillis", c.durationMillis());
            checkpoints.add(r);
        }
        h.put("checkpoints", checkpoints);
        List<Map<String, Object>> progress = new ArrayList<>();
        for (Progress p : history.progress()) {
            progress.add(Map.of("afterMillis", p.afterMillis(), "signIns", p.signIns()));
        }
        h.put("progress", progress);
        json.put("history", h);
        json.put("checkpointBytesPerUser", Math.round(checkpointBytesPerUser()));
        json.put(
                "savepoint",
                Map.of(
                        "path",
                        savepoint.path(),
                        "durationMillis",
                        savepoint.durationMillis(),
                        "bytes",
                        savepoint.bytes(),
                        "bytesPerUser",
                        Math.round(savepointBytesPerUser())));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("heapUsedBytes", memory.heapUsedBytes());
        m.put("heapCommittedBytes", memory.heapCommittedBytes());
        m.put("nonHeapCommittedBytes", memory.nonHeapCommittedBytes());
        m.put("directBytes", memory.directBytes());
        m.put("residentBytes", memory.residentBytes());
        m.put("residentBeforeBytes", memory.residentBeforeBytes());
        m.put("nativeBeyondJvmBytes", memory.nativeBeyondJvmBytes());
        m.put("managedMemoryBytes", memory.managedMemoryBytes());
        m.put("rocksDbLocalBytes", memory.rocksDbLocalBytes());
        json.put("memory", m);
        List<Map<String, Object>> restoreList = new ArrayList<>();
        for (Restore r : restores) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("parallelism", r.parallelism());
            x.put("runningMillis", r.runningMillis());
            x.put("firstAlertMillis", r.firstAlertMillis());
            x.put("discoveryIntervalMillis", r.discoveryIntervalMillis());
            x.put("knownAsnProbes", r.knownAsnProbes());
            x.put("newAsnProbes", r.newAsnProbes());
            x.put("knownAsnAlerted", r.knownAsnAlerted());
            x.put("newAsnAlertedOnce", r.newAsnAlertedOnce());
            x.put("otherAlerts", r.otherAlerts());
            x.put("baselinesIntact", r.baselinesIntact());
            restoreList.add(x);
        }
        json.put("restores", restoreList);
        return ResultJson.write(json);
    }

    public String toText() {
        StringBuilder text = new StringBuilder();
        text.append(format("tenant of %,d users on RocksDB, incremental checkpoints (%d cores)%n", users, cores));
        if (generationMillis > 0) text.append(format("  history generated in %.1f s%n", generationMillis / 1000.0));
        text.append(format(
                "  history: %,d sign-ins (%.1f MB) in %.1f s: %,.0f records/s, %.2f cores busy, %,.0f records/s per"
                        + " core%n",
                history.signIns(),
                history.fileBytes() / 1e6,
                history.processingMillis() / 1000.0,
                history.recordsPerSecond(),
                history.coresBusy(),
                history.recordsPerSecondPerCore()));
        text.append("  progress (after s: sign-ins read, records/s since the sample before):");
        Progress previous = new Progress(0, 0);
        for (Progress p : history.progress()) {
            long millis = p.afterMillis() - previous.afterMillis();
            if (millis <= 0) continue;
            text.append(format(
                    " %.0f: %,d, %,.0f;",
                    p.afterMillis() / 1000.0, p.signIns(), (p.signIns() - previous.signIns()) * 1000.0 / millis));
            previous = p;
        }
        text.append(format("%n"));
        text.append(format(
                "  checkpoints every %d s (after s: full MB / incremental MB / duration ms):%n",
                history.checkpointIntervalMillis() / 1000));
        for (Checkpoint c : history.checkpoints()) {
            text.append(format(
                    "    #%d at %.0f s: %.1f / %.1f / %d%n",
                    c.id(),
                    c.afterMillis() / 1000.0,
                    c.fullBytes() / 1e6,
                    c.incrementalBytes() / 1e6,
                    c.durationMillis()));
        }
        text.append(format(
                "  savepoint (canonical): %.1f MB, %.0f bytes a user, in %.1f s (last checkpoint: %.0f bytes a"
                        + " user)%n",
                savepoint.bytes() / 1e6,
                savepointBytesPerUser(),
                savepoint.durationMillis() / 1000.0,
                checkpointBytesPerUser()));
        text.append(format(
                "  memory: heap used after GC %.0f MB (committed %.0f), non-heap %.0f MB, direct %.0f MB, RSS %.0f MB"
                        + " (%.0f MB before), beyond the JVM %.0f MB; managed %.0f MB; RocksDB on disk %.0f MB%n",
                memory.heapUsedBytes() / 1e6,
                memory.heapCommittedBytes() / 1e6,
                memory.nonHeapCommittedBytes() / 1e6,
                memory.directBytes() / 1e6,
                memory.residentBytes() / 1e6,
                memory.residentBeforeBytes() / 1e6,
                memory.nativeBeyondJvmBytes() / 1e6,
                memory.managedMemoryBytes() / 1e6,
                memory.rocksDbLocalBytes() / 1e6));
        for (Restore r : restores) {
            text.append(format(
                    "  restore at parallelism %d: running after %.1f s, first alert after %.1f s (discovery every %d"
                            + " ms); known-ASN probes alerted %d of %d, new-ASN probes alerted once %d of %d, other"
                            + " alerts %d: baselines %s%n",
                    r.parallelism(),
                    r.runningMillis() / 1000.0,
                    r.firstAlertMillis() / 1000.0,
                    r.discoveryIntervalMillis(),
                    r.knownAsnAlerted(),
                    r.knownAsnProbes(),
                    r.newAsnAlertedOnce(),
                    r.newAsnProbes(),
                    r.otherAlerts(),
                    r.baselinesIntact() ? "intact" : "NOT intact"));
        }
        return text.toString();
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }

    private static double hundredths(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
