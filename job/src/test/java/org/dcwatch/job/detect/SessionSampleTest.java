package org.dcwatch.job.detect;

import static org.dcwatch.job.detect.SessionSignIns.CODE_ENTERED;
import static org.dcwatch.job.detect.SessionSignIns.browserCodeEntry;
import static org.dcwatch.job.detect.SessionSignIns.pythonPoller;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dcwatch.udfs.event.SignInSummary;
import org.junit.jupiter.api.Test;

class SessionSampleTest {

    @Test
    void keepsEverySignInUpToItsCapacity() {
        List<SignInSummary> sample = new ArrayList<>();
        for (int i = 0; i < SessionSample.CAPACITY; i++) {
            assertNull(SessionSample.add(sample, pythonPoller(CODE_ENTERED + i).build()));
        }
        assertEquals(SessionSample.CAPACITY, sample.size());
    }

    @Test
    void givesUpRepeatsInTheMiddleOfARunAndKeepsEachSourcesEnds() {
        List<SignInSummary> sample = new ArrayList<>();
        SignInSummary codeEntry = browserCodeEntry(CODE_ENTERED).build();
        SignInSummary firstPoll = pythonPoller(CODE_ENTERED + 1_000).build();
        SessionSample.add(sample, codeEntry);
        SessionSample.add(sample, firstPoll);
        SignInSummary lastPoll = null;
        for (int i = 2; i <= 10_000; i++) {
            lastPoll = pythonPoller(CODE_ENTERED + 1_000 + i * 50L).build();
            SessionSample.add(sample, lastPoll);
        }

        assertEquals(SessionSample.CAPACITY, sample.size());
        assertSame(codeEntry, sample.get(0));
        assertSame(firstPoll, sample.get(1));
        assertSame(lastPoll, sample.get(sample.size() - 1));
        long span = lastPoll.eventTime() - firstPoll.eventTime();
        for (int i = 2; i < sample.size(); i++) {
            long gap = sample.get(i).eventTime() - sample.get(i - 1).eventTime();
            assertTrue(gap < span / 10, "repeats are thinned evenly, not cut at one end: gap " + gap);
        }
    }

    @Test
    void givesUpTheOldestWhenNoSourceRepeats() {
        List<SignInSummary> sample = new ArrayList<>();
        SignInSummary oldest = pythonPoller(CODE_ENTERED).from("198.51.100.0").build();
        SessionSample.add(sample, oldest);
        for (int i = 1; i < SessionSample.CAPACITY; i++) {
            SessionSample.add(
                    sample,
                    pythonPoller(CODE_ENTERED + i).from("198.51.100." + i).build());
        }

        assertSame(
                oldest,
                SessionSample.add(sample, browserCodeEntry(CODE_ENTERED + 1_000).build()));
    }
}
