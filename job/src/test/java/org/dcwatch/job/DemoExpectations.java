package org.dcwatch.job;

import java.nio.file.Path;
import java.util.List;

/**
 * What every run of the whole pipeline on the demo input ({@code testdata/demo/signins.jsonl}, see {@code DemoSignIns})
 * must produce, whether it reads a file or a Kafka topic.
 */
public final class DemoExpectations {

    /** The demo input: Event Hub envelopes, one a line, as they arrive from an Event Hub. */
    public static final Path INPUT = Path.of("../testdata/demo/signins.jsonl");
    /** The tuning example of docs/tuning.md and the README's demo: an allowlist for Bob's Azure CLI logins. */
    public static final Path TUNING = Path.of("../testdata/demo/tuning.jsonl");

    /** The alerts of the demo, as {@link DetectionJobITCase#describe} shows them: what every run on it must raise. */
    public static final List<String> ALERTS = List.of(
            "concurrent-interactive-noninteractive alice@contoso.example r0 [alice-browser-1, alice-browser-2, alice-poller-1]",
            "device-code-broker-client erin@contoso.example r0 [erin-browser-1]",
            "device-code-broker-client erin@contoso.example r1 [erin-browser-1, erin-poller-1]",
            "device-code-device-registration erin@contoso.example r0 [erin-browser-1]",
            "device-registration-prt-use erin@contoso.example r0 [erin-browser-1, erin-prt-1]",
            "session-multi-source alice@contoso.example r0 [alice-browser-1, alice-browser-2, alice-poller-1]",
            "session-multi-source bob@contoso.example r0 [bob-browser-1, bob-cli-1]",
            "session-multi-source dave@contoso.example r0 [dave-browser-1, dave-poller-1]",
            "session-multi-source erin@contoso.example r0 [erin-browser-1, erin-poller-1]",
            "unseen-asn alice@contoso.example r0 [alice-poller-1]",
            "unseen-asn carol@contoso.example r0 [carol-room-1]",
            "unseen-asn dave@contoso.example r0 [dave-browser-1]",
            "unseen-asn dave@contoso.example r1 [dave-browser-1, dave-poller-1]",
            "unseen-asn erin@contoso.example r0 [erin-poller-1]");

    /**
     * The sign-in ids of the demo's visibility records, sorted: one each, the re-published copies dropped, and Erin's
     * code entry a second time, noting the device registered after it.
     */
    public static final List<String> VISIBILITY = List.of(
            "alice-browser-1",
            "alice-browser-2",
            "alice-poller-1",
            "bob-browser-1",
            "bob-cli-1",
            "carol-room-1",
            "dave-browser-1",
            "dave-poller-1",
            "erin-browser-1",
            "erin-browser-1",
            "erin-poller-1");
    /**
     * The reasons of the demo's dead letters: the broken line. Its audit log ("Add member to group") is no device
     * registration, and is skipped and counted, not a dead letter.
     */
    public static final List<String> DEAD_LETTER_REASONS = List.of("MALFORMED_JSON");
    /** The demo's audit records that are skipped: the one audit log, of a group membership. */
    public static final long AUDIT_RECORDS_SKIPPED = 1;
    /**
     * The demo's late sign-ins, sorted: Erin's hour-old refresh, and the re-published envelope's device-code sign-ins —
     * the envelope spans half an hour, so by the time its copy arrives the watermark has passed its first records.
     */
    public static final List<String> LATE = List.of("alice-poller-1", "dave-browser-1", "dave-poller-1", "erin-late-1");

    private DemoExpectations() {}
}
