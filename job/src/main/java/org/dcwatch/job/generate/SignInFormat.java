package org.dcwatch.job.generate;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How {@code generate} writes sign-ins and the audit records beside them: the shapes dcwatch reads in production and
 * from history exports.
 */
public enum SignInFormat {

    /** Event Hub messages as diagnostic settings deliver them: {@code {"records":[...]}} of several records a line. */
    EVENTHUB("eventhub", true),
    /** One Event Hub record a line, without the envelope. */
    EVENTHUB_LINES("eventhub-lines", false),
    /** One Log Analytics row a line, as a workspace export or {@code az monitor log-analytics query} gives them. */
    LOGANALYTICS("loganalytics", false);

    private final String cliName;
    private final boolean envelopes;

    SignInFormat(String cliName, boolean envelopes) {
        this.cliName = cliName;
        this.envelopes = envelopes;
    }

    public String cliName() {
        return cliName;
    }

    /** Whether records are packed into envelopes of several, or written one a line. */
    public boolean envelopes() {
        return envelopes;
    }

    String render(GeneratedRecord record) {
        return this == LOGANALYTICS ? record.logAnalyticsRow() : record.eventHubRecord();
    }

    public static SignInFormat byCliName(String name) {
        for (SignInFormat format : values()) {
            if (format.cliName.equals(name)) return format;
        }
        throw new IllegalArgumentException("unknown format '" + name + "'; known: "
                + Arrays.stream(values()).map(SignInFormat::cliName).collect(Collectors.joining(", ")));
    }
}
