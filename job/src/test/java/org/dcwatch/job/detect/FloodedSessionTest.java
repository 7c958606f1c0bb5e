package org.dcwatch.job.detect;

import static org.dcwatch.job.detect.AdmitToPatternTest.flood;
import static org.dcwatch.job.detect.AdmitToPatternTest.ip;
import static org.dcwatch.job.detect.AdmitToPatternTest.spread;
import static org.dcwatch.job.detect.SessionSignIns.ATTACKER_IP;
import static org.dcwatch.job.detect.SessionSignIns.CODE_ENTERED;
import static org.dcwatch.job.detect.SessionSignIns.WINDOW;
import static org.dcwatch.job.detect.SessionSignIns.browserCodeEntry;
import static org.dcwatch.job.detect.SessionSignIns.minutes;
import static org.dcwatch.job.detect.SessionSignIns.pythonPoller;
import static org.dcwatch.job.detect.SessionSignIns.seconds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.dcwatch.job.tuning.RuleParameters;
import org.dcwatch.udfs.alert.Alert;
import org.dcwatch.udfs.event.SignInSummary;
import org.dcwatch.udfs.rules.RuleCatalogue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The CEP rule behind its admission, as the job wires them: floods of one session, and the phishing run in them that
 * must still alert. The sign-ins go through the admission's harness, and what it passes on, watermarks included,
 * through the CEP operator's.
 */
class FloodedSessionTest {

    private static final RuleParameters PARAMETERS =
            RuleParameters.defaults(RuleCatalogue.CONCURRENT_INTERACTIVE_NONINTERACTIVE);

    private KeyedOneInputStreamOperatorTestHarness<String, SignInSummary, SignInSummary> admission;
    private KeyedOneInputStreamOperatorTestHarness<String, SignInSummary, Alert> cep;
    private int admitted;

    @BeforeEach
    void openHarnesses() throws Exception {
        admission = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new AdmitToPattern(PARAMETERS)), new SessionKey(), Types.STRING);
        admission.open();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        KeyedStream<SignInSummary, String> sessions = env.fromData(
                        TypeInformation.of(SignInSummary.class),
                        browserCodeEntry(CODE_ENTERED).build())
                .keyBy(new SessionKey(), Types.STRING);
        @SuppressWarnings("unchecked")
        OneInputTransformation<SignInSummary, Alert> pattern =
                (OneInputTransformation<SignInSummary, Alert>) ConcurrentSignInPattern.detect(
                                sessions, PARAMETERS, new OutputTag<>("late", TypeInformation.of(SignInSummary.class)))
                        .getTransformation();
        cep = new KeyedOneInputStreamOperatorTestHarness<>(
                pattern.getOperatorFactory(), new SessionKey(), Types.STRING);
        cep.open();
    }

    @AfterEach
    void closeHarnesses() throws Exception {
        admission.close();
        cep.close();
    }

    @Test
    void alertsOnTheAttackersPollerInAFloodFromTheVictimsBrowser() throws Exception {
        // 6,000 sign-ins of the victim's browser, interactive and not, in one window: one source, no alert of its own
        List<SignInSummary> signIns = new ArrayList<>(flood(
                6_000,
                i -> i % 2 == 0
                        ? browserCodeEntry(CODE_ENTERED + spread(i, 6_000)).build()
                        : browserCodeEntry(CODE_ENTERED + spread(i, 6_000))
                                .nonInteractive()
                                .build()));
        SignInSummary tokenUse = pythonPoller(CODE_ENTERED + minutes(7)).build();
        signIns.add(4_700, tokenUse);

        List<Alert> alerts = run(signIns);

        assertEquals(1, alerts.size(), alerts.toString());
        assertTrue(
                Arrays.asList(alerts.get(0).evidence()).contains(tokenUse),
                alerts.get(0).summary());
        assertTrue(admitted < 100, admitted + " of 6,001 sign-ins admitted to CEP");
    }

    @Test
    void alertsOnTheVictimsCodeEntryInAFloodFromTheAttackersPoller() throws Exception {
        // a poller requesting tokens for many resources: 6,000 non-interactive sign-ins, no alert of their own
        List<SignInSummary> signIns = new ArrayList<>(flood(
                6_000, i -> pythonPoller(CODE_ENTERED + spread(i, 6_000)).build()));
        SignInSummary codePage = browserCodeEntry(CODE_ENTERED + minutes(3)).build();
        SignInSummary codeEntered =
                browserCodeEntry(CODE_ENTERED + minutes(3) + seconds(20)).build();
        signIns.add(2_000, codePage);
        signIns.add(2_040, codeEntered);

        List<Alert> alerts = run(signIns);

        assertEquals(1, alerts.size(), alerts.toString());
        List<SignInSummary> evidence = Arrays.asList(alerts.get(0).evidence());
        assertEquals(
                List.of(codePage, codeEntered),
                evidence.subList(0, 2),
                alerts.get(0).summary());
        assertTrue(
                evidence.get(2).ipAddress().equals(ATTACKER_IP), alerts.get(0).summary());
    }

    @Test
    void alertsOnTheVictimsCodeEntryAmongPollersRotatingTheirIps() throws Exception {
        // every poll from another IP: the non-interactive budget is spent, the interactive one is the victim's
        List<SignInSummary> signIns = new ArrayList<>(flood(
                6_000,
                i -> pythonPoller(CODE_ENTERED + spread(i, 6_000)).from(ip(i)).build()));
        SignInSummary codePage = browserCodeEntry(CODE_ENTERED + minutes(3)).build();
        SignInSummary codeEntered =
                browserCodeEntry(CODE_ENTERED + minutes(3) + seconds(20)).build();
        signIns.add(2_000, codePage);
        signIns.add(2_040, codeEntered);

        List<Alert> alerts = run(signIns);

        assertEquals(1, alerts.size(), alerts.toString());
        assertEquals(
                List.of(codePage, codeEntered),
                Arrays.asList(alerts.get(0).evidence()).subList(0, 2));
    }

    @Test
    void alertsOnATokenUseAfterTheCodeEntryFromASourceThatPolledBeforeItInTheSameSlot() throws Exception {
        // the slot runs from 22.5 s before CODE_ENTERED to 45 s after it; the polls before the code entry are
        // admitted first, and must not stand in for the token use after it, the poller's last sign-in
        List<Alert> alerts = run(List.of(
                pythonPoller(CODE_ENTERED - seconds(20)).build(),
                pythonPoller(CODE_ENTERED - seconds(15)).build(),
                browserCodeEntry(CODE_ENTERED).build(),
                browserCodeEntry(CODE_ENTERED + seconds(10)).build(),
                pythonPoller(CODE_ENTERED + seconds(30)).build()));

        assertEquals(1, alerts.size(), alerts.toString());
    }

    @Test
    void staysQuietForAFloodFromOneSource() throws Exception {
        assertEquals(
                List.of(),
                run(flood(
                        6_000,
                        i -> i % 2 == 0
                                ? browserCodeEntry(CODE_ENTERED + spread(i, 6_000))
                                        .build()
                                : browserCodeEntry(CODE_ENTERED + spread(i, 6_000))
                                        .nonInteractive()
                                        .build())));
    }

    @Test
    void alertsAtExactlyTheWindowBehindTheAdmission() throws Exception {
        assertEquals(
                1,
                run(List.of(
                                browserCodeEntry(CODE_ENTERED).build(),
                                browserCodeEntry(CODE_ENTERED + seconds(20)).build(),
                                pythonPoller(CODE_ENTERED + WINDOW.toMillis()).build()))
                        .size());
    }

    /**
     * The sign-ins in the order given, a watermark five minutes behind the newest every 100 of them (as the sources
     * make it), then one past them all; the alerts.
     */
    private List<Alert> run(List<SignInSummary> signIns) throws Exception {
        long newest = Long.MIN_VALUE;
        for (int i = 0; i < signIns.size(); i++) {
            SignInSummary signIn = signIns.get(i);
            admission.processElement(signIn, signIn.eventTime());
            newest = Math.max(newest, signIn.eventTime());
            if (i % 100 == 99) admission.processWatermark(newest - minutes(5));
            forward();
        }
        admission.processWatermark(newest + WINDOW.toMillis() + minutes(1));
        forward();
        assertEquals(0, admission.numKeyedStateEntries());
        assertEquals(0, cep.numKeyedStateEntries(), "CEP dropped every partial match");
        return cep.extractOutputValues();
    }

    /** What the admission passed on, to CEP. */
    @SuppressWarnings("unchecked")
    private void forward() throws Exception {
        for (Object output : admission.getOutput()) {
            if (output instanceof StreamRecord<?> record) {
                admitted++;
                cep.processElement((StreamRecord<SignInSummary>) record);
            } else if (output instanceof Watermark watermark) {
                cep.processWatermark(watermark);
            }
        }
        admission.getOutput().clear();
    }
}
