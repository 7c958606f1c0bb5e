package org.dcwatch.udfs.alert;

import static org.dcwatch.udfs.classify.TriageSignIns.CONTOSO;
import static org.dcwatch.udfs.classify.TriageSignIns.SEED_TIME;
import static org.dcwatch.udfs.classify.TriageSignIns.benign;
import static org.dcwatch.udfs.classify.TriageSignIns.seed;
import static org.dcwatch.udfs.classify.TriageSignIns.seedExample;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Set;
import org.dcwatch.udfs.classify.TriageAssessment;
import org.dcwatch.udfs.classify.TriageScore;
import org.dcwatch.udfs.classify.UserAgentKind;
import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.rules.Severity;
import org.junit.jupiter.api.Test;

class VisibilityRecordTest {

    private static final int THRESHOLD = 60;

    private static VisibilityRecord recordOf(SignInEvent event, int threshold) {
        return VisibilityRecord.of(event, TriageScore.assess(event, Set.of()), threshold);
    }

    @Test
    void carriesTheHuntsColumnsOurIdsAndTheTriage() {
        SignInEvent event = seedExample();
        VisibilityRecord record = recordOf(event, THRESHOLD);

        assertEquals(event.id(), record.signInId());
        assertEquals(CONTOSO, record.tenantId());
        assertEquals(event.userId(), record.userKey());
        assertEquals(event.sessionId(), record.sessionId());
        assertEquals(event.correlationId(), record.correlationId());
        assertEquals(SEED_TIME.toEpochMilli(), record.eventTime());
        assertEquals("target.user@contoso.com", record.userPrincipalName());
        assertEquals("deviceCode", record.authenticationProtocol());
        assertEquals("none", record.originalTransferMethod());
        assertEquals("Success", record.resultSignature());
        assertEquals(0, record.errorCode());
        assertEquals("185.220.101.47", record.ipAddress());
        assertEquals("NL", record.country());
        assertEquals("04b07795-8ddb-461a-bbee-02f9e1bf7b46", record.appId());
        assertEquals("Microsoft Azure CLI", record.appDisplayName());
        assertEquals("Windows Azure Service Management API", record.resourceDisplayName());
        assertEquals(Boolean.FALSE, record.compliant());
        assertEquals(Boolean.FALSE, record.managed());
        assertEquals("high", record.riskLevelDuringSignIn());
        assertEquals("high", record.riskLevelAggregated());
        assertEquals("python-requests/2.28.0", record.userAgent());
        assertEquals(UserAgentKind.SCRIPTED_TOOL, record.userAgentKind());
        assertEquals(100, record.score());
        assertArrayEquals(
                new String[] {
                    "high-value app Microsoft Azure CLI",
                    "unmanaged device",
                    "non-compliant device",
                    "high risk",
                    "scripted client python-requests"
                },
                record.reasons());
        assertEquals(Severity.MEDIUM, record.severity());
    }

    @Test
    void anyNonZeroErrorCodeIsAFailure() {
        assertEquals(
                "Failure", recordOf(seed().errorCode(50199).build(), THRESHOLD).resultSignature());
    }

    @Test
    void aSignInLoggedWithoutAnyStatusHasNoResultSignature() {
        // neither a success nor a failure is known: saying "Failure" sent analysts after a failure nobody logged
        VisibilityRecord record =
                recordOf(seed().errorCode(SignInEvent.UNKNOWN_ERROR_CODE).build(), THRESHOLD);
        assertNull(record.resultSignature());
        assertEquals(SignInEvent.UNKNOWN_ERROR_CODE, record.errorCode());
    }

    @Test
    void isInformationalBelowTheThresholdAndMediumFromIt() {
        SignInEvent unmanaged = benign().deviceManaged(false).build(); // scores 10
        assertEquals(Severity.INFORMATIONAL, recordOf(unmanaged, 11).severity());
        assertEquals(Severity.MEDIUM, recordOf(unmanaged, 10).severity());
        assertEquals(Severity.INFORMATIONAL, recordOf(benign().build(), 1).severity());
    }

    @Test
    void reasonsCannotBeChangedFromOutside() {
        String[] reasons = {"unmanaged device"};
        VisibilityRecord record = VisibilityRecord.of(
                benign().deviceManaged(false).build(), new TriageAssessment(10, List.of(reasons)), THRESHOLD);
        record.reasons()[0] = "changed";

        assertArrayEquals(new String[] {"unmanaged device"}, record.reasons());
    }

    @Test
    void equalRecordsCompareReasonsByContent() {
        assertEquals(recordOf(seedExample(), THRESHOLD), recordOf(seedExample(), THRESHOLD));
        assertEquals(
                recordOf(seedExample(), THRESHOLD).hashCode(),
                recordOf(seedExample(), THRESHOLD).hashCode());
        assertNotEquals(
                recordOf(seedExample(), THRESHOLD),
                recordOf(seed().userAgent("curl/8.5.0").build(), THRESHOLD));
    }
}
