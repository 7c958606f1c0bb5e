package org.dcwatch.job.tuning;

/** Tuning records for tests, as an operator writes them in a --tuning file or on the tuning topic. */
public final class TuningFixtures {

    /**
     * The seeds' classic false positive, allowlisted: admins sign in to Azure CLI with a device code. Version 1, for
     * every tenant; tests derive later versions and other scopes from it with {@code replace}.
     */
    public static final String AZURE_CLI_ALLOWLIST = """
            {"type":"allowlist","id":"azure-cli","rule":"session-multi-source","tenant":"*",\
            "appIds":["04b07795-8ddb-461a-bbee-02f9e1bf7b46"],"userAgentPatterns":["AZURECLI/*"],\
            "reason":"admins log in to Azure CLI with device code",\
            "owner":"secops@example.com","since":"2026-01-01T00:00:00Z","version":1}""";

    private TuningFixtures() {}
}
