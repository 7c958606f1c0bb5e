package org.dcwatch.job.kafka;

import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.base.source.hybrid.HybridSource;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.dcwatch.job.config.JobSettings;
import org.dcwatch.job.source.SignInFiles;
import org.dcwatch.job.source.SignInOrDeadLetter;

/**
 * The sign-in source of a history bootstrap ({@code run --history PATH}): the history export first, read to its end,
 * then the live topic — Flink's {@link HybridSource}, so that one source, one operator state and one watermark carry
 * the run across the switch. The history is files of sign-ins in any supported format, one message a line (the same
 * as {@code run --input}).
 *
 * <p>What makes a sign-in "history" is its event time, not the source that read it: sign-ins before
 * {@code JobSettings.learnOnlyBefore()} teach the per-user baselines and raise no alerts (see {@code RouteSignIns}).
 * That instant is where the live topic is read from ({@code --starting-offsets timestamp:WHEN}): the export covers
 * what came before it, the topic what came after. A marker on each message would have needed a second message type
 * through the source and the parser for no gain: the two parts meet at that instant either way.
 */
public final class HistoryThenLive {

    private HistoryThenLive() {}

    public static Source<SignInOrDeadLetter, ?, ?> source(
            String historyPath, JobSettings job, KafkaSource<SignInOrDeadLetter> live) {
        return HybridSource.builder(SignInFiles.source(historyPath, job))
                .addSource(live)
                .build();
    }
}
