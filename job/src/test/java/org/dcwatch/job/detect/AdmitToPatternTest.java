package org.dcwatch.job.detect;

import static org.dcwatch.job.detect.SessionSignIns.CODE_ENTERED;
import static org.dcwatch.job.detect.SessionSignIns.OTHER_SESSION;
import static org.dcwatch.job.detect.SessionSignIns.WINDOW;
import static org.dcwatch.job.detect.SessionSignIns.browserCodeEntry;
import static org.dcwatch.job.detect.SessionSignIns.minutes;
import static org.dcwatch.job.detect.SessionSignIns.pythonPoller;
import static org.dcwatch.job.detect.SessionSignIns.seconds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.dcwatch.job.tuning.RuleParameters;
import org.dcwatch.udfs.event.SignInSummary;
import org.dcwatch.udfs.rules.RuleCatalogue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admission in front of the CEP rule, under a keyed operator test harness: what it passes on, and what it keeps. */
class AdmitToPatternTest {

    private static final long SLOT = (WINDOW.toMillis() + 1) / AdmitToPattern.SLOTS_PER_WINDOW;
    /** Slots that sign-ins spread over one window can touch. */
    private static final int SLOTS_OF_A_WINDOW = AdmitToPattern.SLOTS_PER_WINDOW + 1;

    private KeyedOneInputStreamOperatorTestHarness<String, SignInSummary, SignInSummary> harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new AdmitToPattern(
                        RuleParameters.defaults(RuleCatalogue.CONCURRENT_INTERACTIVE_NONINTERACTIVE))),
                new SessionKey(),
                Types.STRING);
        harness.open();
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    @Test
    void passesASessionThatRepeatsNothingWhole() throws Exception {
        List<SignInSummary> signIns = List.of(
                browserCodeEntry(CODE_ENTERED).build(),
                browserCodeEntry(CODE_ENTERED + seconds(20)).build(),
                pythonPoller(CODE_ENTERED + seconds(65)).build(),
                browserCodeEntry(CODE_ENTERED + seconds(20))
                        .session(OTHER_SESSION)
                        .build());

        List<SignInSummary> inEventTime = new ArrayList<>(signIns);
        inEventTime.sort(SignInSummary.OLDEST_FIRST);
        List<SignInSummary> passed = new ArrayList<>(process(signIns));
        passed.sort(SignInSummary.OLDEST_FIRST);
        assertEquals(inEventTime, passed, "all of them");
    }

    @Test
    void admitsTheSameSignInsHoweverTheyInterleave() throws Exception {
        // as two Kafka partitions deliver them: each in its own order, the two interleaved differently
        List<SignInSummary> inOrder = new ArrayList<>();
        inOrder.add(browserCodeEntry(CODE_ENTERED).build());
        inOrder.add(browserCodeEntry(CODE_ENTERED + 1_000).build());
        for (int i = 0; i < 300; i++)
            inOrder.add(pythonPoller(CODE_ENTERED + 2_000 + i * 10L).build());
        List<SignInSummary> shuffled = new ArrayList<>(inOrder);
        java.util.Collections.shuffle(shuffled, new java.util.Random(7));

        List<SignInSummary> fromOrdered = process(inOrder);
        harness.close();
        openHarness();
        List<SignInSummary> fromShuffled = process(shuffled);

        assertEquals(fromOrdered, fromShuffled);
        assertEquals(inOrder.subList(0, 3), fromOrdered.subList(0, 3), "the code entry and the first token use");
    }

    @Test
    void admitsABoundedNumberOfA20000SignInFloodFromOneSource() throws Exception {
        List<SignInSummary> flood = flood(
                20_000, i -> browserCodeEntry(CODE_ENTERED + spread(i, 20_000)).build());

        List<SignInSummary> admitted = process(flood);

        // minInteractive (2) a slot of the only source
        assertTrue(admitted.size() <= 2 * SLOTS_OF_A_WINDOW, admitted.size() + " admitted");
        assertTrue(admitted.size() >= 2 * AdmitToPattern.SLOTS_PER_WINDOW, admitted.size() + " admitted");
    }

    @Test
    void admitsABoundedNumberOfA20000SignInFloodThatRotatesItsIp() throws Exception {
        List<SignInSummary> flood = flood(
                20_000,
                i -> i % 2 == 0
                        ? browserCodeEntry(CODE_ENTERED + spread(i, 20_000))
                                .from(ip(i))
                                .build()
                        : pythonPoller(CODE_ENTERED + spread(i, 20_000))
                                .from(ip(i))
                                .build());

        List<SignInSummary> admitted = process(flood);

        // the budget of each kind, a slot
        assertTrue(
                admitted.size() <= 2 * AdmitToPattern.SLOT_BUDGET * SLOTS_OF_A_WINDOW, admitted.size() + " admitted");
    }

    @Test
    void admitsTheVictimsInteractiveSignInWhilePollersRotatingTheirIpsSpendTheirBudget() throws Exception {
        List<SignInSummary> signIns = new ArrayList<>(
                flood(500, i -> pythonPoller(CODE_ENTERED + i * 10L).from(ip(i)).build()));
        SignInSummary codeEntered = browserCodeEntry(CODE_ENTERED + 2_500).build();
        signIns.add(codeEntered);

        List<SignInSummary> admitted = process(signIns);

        assertTrue(admitted.contains(codeEntered), "the interactive sign-in has its own budget");
        assertEquals(AdmitToPattern.SLOT_BUDGET + 1, admitted.size(), admitted.toString());
    }

    @Test
    void admitsAPollerAgainInTheNextSlot() throws Exception {
        List<SignInSummary> polls =
                flood(30, i -> pythonPoller(CODE_ENTERED + seconds(5L * i)).build());

        List<SignInSummary> admitted = process(polls);

        // minNonInteractive (1) a slot: 150 s of polling touch three slots of 67.5 s
        assertEquals(
                Math.floorDiv(CODE_ENTERED + seconds(145), SLOT) - Math.floorDiv(CODE_ENTERED, SLOT) + 1,
                admitted.size(),
                admitted.toString());
        assertEquals(polls.get(0), admitted.get(0));
    }

    @Test
    void passesLateSignInsOnForTheLateOutputOfCep() throws Exception {
        harness.processWatermark(CODE_ENTERED + minutes(1));
        List<SignInSummary> late = flood(5, i -> browserCodeEntry(CODE_ENTERED).build());
        for (SignInSummary signIn : late) harness.processElement(signIn, signIn.eventTime());

        assertEquals(late, harness.extractOutputValues());
    }

    @Test
    void dropsSignInsThatNoStageOfThePatternAccepts() throws Exception {
        assertEquals(
                List.of(),
                process(List.of(browserCodeEntry(CODE_ENTERED).transfer("none").build())));
    }

    @Test
    void keepsCountsOnlyForSlotsTheWatermarkHasNotPassed() throws Exception {
        // a flood over an hour, the watermark ten seconds behind it as the sources make it
        int n = 20_000;
        long hour = minutes(60);
        int mostCounts = 0;
        int mostTimers = 0;
        for (int i = 0; i < n; i++) {
            long eventTime = CODE_ENTERED + hour * i / n;
            SignInSummary signIn = i % 2 == 0
                    ? browserCodeEntry(eventTime).from(ip(i)).build()
                    : pythonPoller(eventTime).build();
            harness.processElement(signIn, eventTime);
            if (i % 100 == 0) {
                harness.processWatermark(eventTime - seconds(10));
                mostCounts = Math.max(mostCounts, countsKept(signIn));
                mostTimers = Math.max(mostTimers, harness.numEventTimeTimers());
            }
        }
        // the sign-ins waiting for the watermark (ten seconds of the flood: about 60), and the slots not yet passed,
        // each with a timer and with counts: per source and kind admitted (at most the budget of each kind; the
        // poller's count afresh after each interactive sign-in) and per kind
        assertTrue(mostTimers <= 60 + 2, mostTimers + " timers");
        assertTrue(mostCounts <= 2 * (2 * AdmitToPattern.SLOT_BUDGET + 2), mostCounts + " counts");

        harness.processWatermark(CODE_ENTERED + hour + minutes(5));
        assertEquals(0, harness.numKeyedStateEntries());
        assertEquals(0, harness.numEventTimeTimers());
    }

    @SuppressWarnings("unchecked")
    private int countsKept(SignInSummary ofSession) throws Exception {
        KeyedProcessOperator<String, SignInSummary, SignInSummary> operator =
                (KeyedProcessOperator<String, SignInSummary, SignInSummary>) harness.getOperator();
        operator.setCurrentKey(SessionKey.of(ofSession));
        return ((AdmitToPattern) operator.getUserFunction()).countsKept();
    }

    /**
     * Every sign-in at its event time, the watermark following 5 s behind the newest as a source makes it, then a
     * watermark past all of them; what the operator passed on, in the order it passed them.
     */
    private List<SignInSummary> process(List<SignInSummary> signIns) throws Exception {
        long newest = Long.MIN_VALUE;
        int i = 0;
        for (SignInSummary signIn : signIns) {
            harness.processElement(signIn, signIn.eventTime());
            newest = Math.max(newest, signIn.eventTime());
            if (++i % 100 == 0) harness.processWatermark(newest - seconds(5));
        }
        harness.processWatermark(newest + WINDOW.toMillis());
        assertEquals(0, harness.numKeyedStateEntries(), "every slot's counts cleared once the watermark passed it");
        return harness.extractOutputValues();
    }

    static List<SignInSummary> flood(int n, java.util.function.IntFunction<SignInSummary> signIn) {
        List<SignInSummary> flood = new ArrayList<>(n);
        for (int i = 0; i < n; i++) flood.add(signIn.apply(i));
        return flood;
    }

    /** The i-th of n sign-ins spread evenly over the window. */
    static long spread(int i, int n) {
        return (WINDOW.toMillis() - 1) * i / n;
    }

    /** A different address for every i, none the victim's or the attacker's. */
    static String ip(int i) {
        return "192.0." + (i / 250 % 256) + "." + (i % 250 + 1);
    }
}
