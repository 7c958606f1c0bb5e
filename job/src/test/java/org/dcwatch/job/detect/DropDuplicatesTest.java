package org.dcwatch.job.detect;

import static org.dcwatch.job.TestSignIns.event;
import static org.dcwatch.job.TestSignIns.minutes;
import static org.dcwatch.job.TestSignIns.signIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.event.SignInEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DropDuplicatesTest {

    private KeyedOneInputStreamOperatorTestHarness<String, SignInEvent, SignInEvent> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new DropDuplicates(Duration.ofHours(1)), DropDuplicates.keySelector(), Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(SignInEvent signIn) throws Exception {
        harness.processElement(signIn, signIn.eventTime());
    }

    private List<String> passed() {
        return harness.extractOutputValues().stream().map(SignInEvent::id).toList();
    }

    @Test
    void dropsARepublishedCopy() throws Exception {
        SignInEvent browser = event(signIn("browser", 1).deviceCode(true));
        send(browser);
        send(browser);
        send(event(signIn("poller", 2).tokenRefresh().deviceCode(false)));
        assertEquals(List.of("browser", "poller"), passed());
    }

    @Test
    void forgetsIdsAfterTheHorizonAndKeepsNoState() throws Exception {
        SignInEvent browser = event(signIn("browser", 1).deviceCode(true));
        send(browser);
        assertEquals(1, harness.numKeyedStateEntries());
        harness.processWatermark(minutes(61).toEpochMilli());
        assertEquals(0, harness.numKeyedStateEntries());
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void keepsTwoTenantsWithTheSameSignInIdApart() throws Exception {
        SignInEvent one = event(signIn("same-id", 1).deviceCode(true));
        SignInEvent other = event(signIn("same-id", 1)
                .deviceCode(true)
                .user("0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f", "u2", "bob@fabrikam.example", "Bob"));
        send(one);
        send(other);
        assertEquals(List.of("same-id", "same-id"), passed());
    }

    @Test
    void identifiesASignInWithoutIdByWhatACopyRepeats() {
        SignInEvent withId = event(signIn("x", 1).deviceCode(true));
        SignInEvent withoutId = copyWithoutId(withId);
        SignInEvent laterWithoutId = copyWithoutId(event(signIn("x", 2).deviceCode(true)));
        assertEquals(DropDuplicates.key(withoutId), DropDuplicates.key(copyWithoutId(withId)));
        assertNotEquals(DropDuplicates.key(withoutId), DropDuplicates.key(laterWithoutId));
    }

    @Test
    void keepsTwoRecordsWithoutIdsApartAndDropsTheCopyOfOne() throws Exception {
        // a poller's token requests for two resources in the same second, logged without ids: before the parser derived
        // ids from the records' bytes, they shared one key and the second was dropped as a copy
        SignInEvent graph = event(signIn("", 2)
                .tokenRefresh()
                .deviceCode(false)
                .resource("00000003-0000-0000-c000-000000000000", "Microsoft Graph")
                .session("s-1", "c-1"));
        SignInEvent exchange = event(signIn("", 2)
                .tokenRefresh()
                .deviceCode(false)
                .resource("00000002-0000-0ff1-ce00-000000000000", "Office 365 Exchange Online")
                .session("s-1", "c-1"));
        send(graph);
        send(exchange);
        send(event(signIn("", 2)
                .tokenRefresh()
                .deviceCode(false)
                .resource("00000003-0000-0000-c000-000000000000", "Microsoft Graph")
                .session("s-1", "c-1")));
        assertEquals(List.of(graph, exchange), harness.extractOutputValues());
        assertNotEquals(graph.id(), exchange.id());
    }

    private static SignInEvent copyWithoutId(SignInEvent e) {
        return SignInEvents.from(e).id(null).build();
    }
}
