package org.dcwatch.job.cli;

import static org.dcwatch.job.alert.AlertFixtures.adminBrowser;
import static org.dcwatch.job.alert.AlertFixtures.attackerPoller;
import static org.dcwatch.job.alert.AlertFixtures.azureCli;
import static org.dcwatch.job.alert.AlertFixtures.copy;
import static org.dcwatch.job.alert.AlertFixtures.minute;
import static org.dcwatch.job.alert.AlertFixtures.sessionAlert;
import static org.dcwatch.job.alert.AlertFixtures.victimBrowser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.dcwatch.job.sink.AlertJson;
import org.dcwatch.udfs.alert.Alert;
import org.junit.jupiter.api.Test;

/** What {@code run} prints of the alerts it wrote: one line an alert, whatever a sign-in put in the alert. */
class RunCommandPrintAlertsTest {

    @Test
    void alertWhoseUpnHoldsALineBreakIsStillOneLine() throws IOException {
        Alert phishing = sessionAlert(victimBrowser("b1", minute(0)), attackerPoller("p1", minute(2)));
        Alert forged = copy(sessionAlert(adminBrowser("b2", minute(5)), azureCli("c2", minute(6))))
                .userPrincipalName(
                        "bob@contoso.com\r\n2026-01-21T10:30:00.000Z  high    session-multi-source  mallory@contoso.com"
                                + "  2 device code sign-ins from 2 IPs and 2 user agents (forged)\u2028")
                .build();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        new RunCommand(new PrintStream(printed, true, StandardCharsets.UTF_8))
                .printAlerts(List.of(AlertJson.toJson(forged, minute(10)), AlertJson.toJson(phishing, minute(10))));

        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(2, lines.size(), () -> String.join("\n", lines));
        assertTrue(lines.get(0).contains("alice@contoso.com"), lines.get(0));
        assertTrue(lines.get(1).contains("bob@contoso.com\\u000d\\u000a2026-01-21T10:30:00.000Z  high"), lines.get(1));
        assertTrue(
                lines.get(1).endsWith("(forged)\\u2028 2 device-code sign-ins in 1m0s from 1 IP and 2 user agents"),
                lines.get(1));
    }
}
