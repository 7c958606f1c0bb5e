package org.dcwatch.job.source;

import static org.dcwatch.job.TestSignIns.header;
import static org.dcwatch.job.TestSignIns.signIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dcwatch.job.config.JobSettings;
import org.dcwatch.udfs.parse.DeadLetter;
import org.dcwatch.udfs.parse.DeadLetterReason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TimeJumpGuardTest {

    private static final long YEAR = Duration.ofDays(365).toMinutes();
    private static final long DAY = Duration.ofDays(1).toMinutes();

    private final List<SignInOrDeadLetter> out = new ArrayList<>();
    private SourceParser parser;
    private TimeJumpGuard guard;

    @BeforeEach
    void guard() {
        parser = new SourceParser(JobSettings.defaults());
        parser.open();
        guard = new TimeJumpGuard(Duration.ofMinutes(5), parser);
    }

    /** A sign-in {@code minutes} after the test's T0, handed to the guard from line {@code minutes} of a file. */
    private void see(String id, long minutes) {
        guard.accept(SignInOrDeadLetter.of(header(signIn(id, minutes))), () -> "day.jsonl:" + id, out::add);
    }

    private List<String> passed() {
        return out.stream()
                .filter(SignInOrDeadLetter::isSignIn)
                .map(TimeJumpGuardTest::idOf)
                .toList();
    }

    private static String idOf(SignInOrDeadLetter record) {
        String text = new String(record.signIn().message(), StandardCharsets.UTF_8);
        int at = text.indexOf("\"id\":\"") + 6;
        return text.substring(at, text.indexOf('"', at));
    }

    private List<DeadLetter> deadLetters() {
        return out.stream()
                .filter(record -> !record.isSignIn())
                .map(SignInOrDeadLetter::deadLetter)
                .toList();
    }

    @Test
    void passesSignInsInTimeOrderDisorderWithinTheBoundAndLateOnes() {
        see("a", 0);
        see("b", 4);
        see("c", 2);
        see("d", 9);
        see("e", -60);
        assertEquals(List.of("a", "b", "c", "d", "e"), passed());
        assertTrue(out.stream().allMatch(SignInOrDeadLetter::advancesEventTime));
    }

    @Test
    void holdsAJumpUntilTheNextSignInFollowsIt() {
        see("before-the-gap", 0);
        see("after-the-gap", 2 * DAY);
        assertEquals(List.of("before-the-gap"), passed(), "held until a later sign-in says whether time jumped");
        see("next", 2 * DAY - 3);
        assertEquals(List.of("before-the-gap", "after-the-gap", "next"), passed());
        assertTrue(deadLetters().isEmpty());
    }

    @Test
    void refusesASignInAYearAheadThatTheSignInsAfterItDoNotFollow() {
        see("genuine", 0);
        see("a-year-ahead", YEAR);
        for (int i = 1; i <= TimeJumpGuard.FOLLOWERS_TO_REFUSE; i++) see("after-" + i, i);

        assertEquals(9, passed().size(), "every genuine sign-in goes on");
        assertFalse(passed().contains("a-year-ahead"));
        DeadLetter refused = deadLetters().get(0);
        assertEquals(DeadLetterReason.FUTURE_TIME, refused.reason());
        assertEquals("day.jsonl:a-year-ahead", refused.origin());
        assertTrue(refused.raw().contains("a-year-ahead"), refused.raw());
        assertTrue(
                refused.detail()
                        .startsWith(
                                "event time 2027-03-02T09:00:00Z is PT8760H ahead of the latest sign-in of its file "
                                        + "before it (2026-03-02T09:00:00Z"),
                refused.detail());
    }

    @Test
    void holdsOnlyJumpsOfAnHourOrTheOutOfOrdernessIfLonger() {
        assertEquals(Duration.ofHours(1), TimeJumpGuard.boundFor(Duration.ofMinutes(5)));
        assertEquals(Duration.ofHours(3), TimeJumpGuard.boundFor(Duration.ofHours(3)));
    }

    @Test
    void refusesAJumpWhenALaterOneIsFarAheadTooButNearerTheHistory() {
        see("genuine", 0);
        see("a-year-ahead", YEAR);
        see("after-a-quiet-hour", 60);
        assertEquals(DeadLetterReason.FUTURE_TIME, deadLetters().get(0).reason());
        see("next", 61);
        assertEquals(List.of("genuine", "after-a-quiet-hour", "next"), passed(), "the second jump is followed");
    }

    @Test
    void aJumpStillHeldAtTheEndOfTheFileGoesOnWithoutMovingEventTime() {
        see("genuine", 0);
        see("last-of-the-day", 90);
        guard.end(out::add);
        assertEquals(List.of("genuine", "last-of-the-day"), passed());
        assertFalse(out.get(1).advancesEventTime(), "unconfirmed: the rules see it, event time does not move");
        assertTrue(deadLetters().isEmpty());
    }

    @Test
    void deadLettersPassStraightThroughWhileASignInIsHeld() {
        see("genuine", 0);
        see("jump", YEAR);
        DeadLetter broken = new DeadLetter(DeadLetterReason.MALFORMED_JSON, "x", -1, "{", 1, "day.jsonl:3");
        guard.accept(SignInOrDeadLetter.of(broken), () -> "day.jsonl:3", out::add);
        assertEquals(List.of(broken), deadLetters());
    }
}
