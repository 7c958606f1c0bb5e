package org.dcwatch.udfs.classify;

/** What kind of client a user agent string claims to be. */
public enum UserAgentKind {
    /** No user agent: absent, empty or blank (common on non-interactive records). */
    EMPTY,
    /** A browser of a version still in use. */
    BROWSER,
    /**
     * A browser too old to be what a user runs today: legacy EdgeHTML, Internet Explorer, or a Chrome or Firefox major
     * version below the classifier's thresholds. Token-theft tools send such forged strings; so do a few old Windows
     * web views, which is why this is a fact for rules to weigh, not a verdict.
     */
    OUTDATED_BROWSER,
    /** An HTTP library, command-line tool or offensive tool (python-requests, curl, PowerShell, AADInternals, ...). */
    SCRIPTED_TOOL,
    /** A Microsoft client library or tool (MSAL, Azure CLI, Azure PowerShell, Azure SDK, VS Code, Teams, Office). */
    MICROSOFT_CLIENT,
    /** Anything else: mobile apps, web views, bots, strings nobody recognizes. */
    OTHER
}
