package org.dcwatch.job.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.dcwatch.job.generate.Networks.Network;
import org.dcwatch.udfs.classify.DeviceCodeFlow;
import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.parse.SignInParser;
import org.junit.jupiter.api.Test;

/** The ordinary traffic: the mix, the networks, and device-code sign-ins no rule can fire on. */
class LoadSignInsTest {

    private static final GeneratedRun RUN =
            GeneratedRun.of(40_000, 300, 14, 11, ScenarioPlan.NONE, SignInFormat.EVENTHUB);

    @Test
    void isMostlyTokenRefreshesWithBrowserSignInsFailuresAndAboutOnePercentDeviceCode() {
        List<SignInEvent> all = RUN.events;
        assertShare(0.68, 0.76, all.stream().filter(e -> !e.interactive()).count(), all.size(), "non-interactive");
        assertShare(0.04, 0.06, all.stream().filter(e -> !e.isSuccess()).count(), all.size(), "failures");
        assertShare(
                0.008, 0.012, all.stream().filter(DeviceCodeFlow::isDeviceCode).count(), all.size(), "device code");
    }

    @Test
    void eachUserSignsInMostlyFromHomeSometimesFromTheOfficeOrThePhone() {
        Map<String, Map<Integer, Long>> asnsByUser = RUN.events.stream()
                .collect(Collectors.groupingBy(
                        SignInEvent::userId, Collectors.groupingBy(SignInEvent::asn, Collectors.counting())));
        Set<Integer> ordinary = Networks.ORDINARY.stream().map(Network::asn).collect(Collectors.toSet());
        Set<Integer> homes = Networks.HOME.stream().map(Network::asn).collect(Collectors.toSet());
        for (Map<Integer, Long> asns : asnsByUser.values()) {
            assertTrue(ordinary.containsAll(asns.keySet()), asns.toString());
            int mostUsed = asns.entrySet().stream()
                    .max(Map.Entry.comparingByValue())
                    .orElseThrow()
                    .getKey();
            assertTrue(homes.contains(mostUsed), "home first: " + asns);
            assertTrue(asns.keySet().stream().filter(homes::contains).count() == 1, "one home: " + asns);
        }
        assertEquals(
                homes,
                asnsByUser.values().stream()
                        .flatMap(asns -> asns.keySet().stream())
                        .filter(homes::contains)
                        .collect(Collectors.toSet()),
                "every provider has customers");
    }

    @Test
    void deviceCodeSignInsAreAloneInTheirSessionAndFromAHomeNetworkKnownForADay() {
        Map<String, Long> homeKnownSince = new HashMap<>();
        Set<String> sessions = new HashSet<>();
        int deviceCode = 0;
        for (SignInEvent event : RUN.events) {
            if (DeviceCodeFlow.isDeviceCode(event)) {
                deviceCode++;
                assertTrue(sessions.add(event.sessionId()), "alone in session " + event.sessionId());
                Long since = homeKnownSince.get(event.userId() + "|" + event.asn());
                assertTrue(
                        since != null
                                && event.eventTime() - since
                                        > Duration.ofDays(1).toMillis(),
                        "device code from a home network seen for more than a day: " + event.id());
            }
            boolean home = Networks.HOME.stream().anyMatch(network -> network.asn() == event.asn());
            if (home && event.isSuccess())
                homeKnownSince.putIfAbsent(event.userId() + "|" + event.asn(), event.eventTime());
        }
        assertTrue(deviceCode > 300, deviceCode + " device-code sign-ins");
    }

    @Test
    void theFirstVersionsWriteMethodStillWritesEnvelopesOfOrdinaryTraffic() throws Exception {
        StringWriter text = new StringWriter();
        Instant start = Instant.parse("2026-02-28T00:00:00Z");
        new LoadSignIns(1, 50, start, Duration.ofDays(1)).write(new BufferedWriter(text), 1_000, 25);
        List<String> lines = text.toString().lines().toList();
        assertEquals(40, lines.size());
        SignInParser parser = new SignInParser();
        assertEquals(
                1_000,
                lines.stream()
                        .mapToInt(line -> parser.parse(line).events().size())
                        .sum());
    }

    private static void assertShare(double low, double high, long count, long total, String what) {
        double share = (double) count / total;
        assertTrue(share >= low && share <= high, what + ": " + share);
    }
}
