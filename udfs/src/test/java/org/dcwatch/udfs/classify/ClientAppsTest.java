package org.dcwatch.udfs.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientAppsTest {

    private static final Pattern LOWER_CASE_GUID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    @Test
    void catalogueIdsAreUniqueLowerCaseGuidsWithNames() {
        Set<String> seen = new HashSet<>();
        for (ClientApp app : ClientApps.all()) {
            assertTrue(LOWER_CASE_GUID.matcher(app.appId()).matches(), "not a lower-case GUID: " + app.appId());
            assertTrue(seen.add(app.appId()), "duplicate id: " + app.appId());
            assertFalse(app.name() == null || app.name().isBlank(), "blank name for " + app.appId());
        }
    }

    @ParameterizedTest
    @CsvSource({
        "04b07795-8ddb-461a-bbee-02f9e1bf7b46, Microsoft Azure CLI,                true",
        "1950a258-227b-4e31-a9cf-717495945fc2, Microsoft Azure PowerShell,         true",
        "d3590ed6-52b3-4102-aeff-aad2292ab01c, Microsoft Office,                   true",
        "1fec8e78-bce4-4aaf-ab1b-5451cc387264, Microsoft Teams,                    true",
        "29d9ed98-a469-4536-ade2-f981bc1d605e, Microsoft Authentication Broker,    true",
        "14d82eec-204b-4c2f-b7e8-296a70dab67e, Microsoft Graph Command Line Tools, true",
        "aebc6443-996d-45c2-90f0-388ff96faa56, Visual Studio Code,                 true",
        "de8bc8b5-d9f9-48b1-a8ad-b748da725064, Graph Explorer,                     true",
        "872cd9fa-d31f-45e0-9eab-6e460a02d1f1, Visual Studio,                      true",
        "27922004-5251-4030-b22d-91ecd9a37ea4, Outlook Mobile,                     false",
        "ecd6b820-32c2-49b6-98a6-444530e5a77a, Microsoft Edge,                     false",
        "ab9b8c07-8f02-4f72-87fa-80105867a763, OneDrive SyncEngine,                false",
        "9ba1a5c7-f17a-4de9-a1f1-6178c8d51223, Microsoft Intune Company Portal,    false",
        "4813382a-8fa7-425e-ab75-3b753aab3abb, Microsoft Authenticator App,        false",
        "c44b4083-3bb0-49c1-b47d-974e53cbdf3c, Azure Portal,                       false",
        "5e3ce6c0-2b1f-4285-8d4b-75ee78787346, Microsoft Teams Web Client,         false",
    })
    void knowsTheAppsDeviceCodeCampaignsUse(String appId, String name, boolean highValue) {
        ClientApp app = ClientApps.lookup(appId).orElseThrow();
        assertEquals(new ClientApp(appId, name, highValue), app);
        assertEquals(name, ClientApps.nameOf(appId));
        assertEquals(highValue, ClientApps.isHighValue(appId));
    }

    @Test
    void lookupIgnoresCase() {
        assertEquals(
                "Microsoft Azure CLI",
                ClientApps.lookup("04B07795-8DDB-461A-BBEE-02F9E1BF7B46")
                        .orElseThrow()
                        .name());
        assertTrue(ClientApps.isHighValue("1950A258-227B-4E31-A9CF-717495945FC2"));
    }

    @Test
    void unknownAndMissingIdsAreNeitherFoundNorHighValue() {
        String unknown = "00000000-0000-0000-0000-000000000000";
        assertTrue(ClientApps.lookup(unknown).isEmpty());
        assertTrue(ClientApps.lookup(null).isEmpty());
        assertTrue(ClientApps.lookup("").isEmpty());
        assertNull(ClientApps.nameOf(unknown));
        assertNull(ClientApps.nameOf(null));
        assertFalse(ClientApps.isHighValue(unknown));
        assertFalse(ClientApps.isHighValue(null));
    }

    @Test
    void highValueAppsAreTheBroadScopeClients() {
        Set<String> highValue = ClientApps.all().stream()
                .filter(ClientApp::highValue)
                .map(ClientApp::name)
                .collect(Collectors.toSet());
        assertEquals(
                Set.of(
                        "Microsoft Azure CLI",
                        "Microsoft Azure PowerShell",
                        "Microsoft Office",
                        "Microsoft Teams",
                        "Microsoft Authentication Broker",
                        "Microsoft Graph Command Line Tools",
                        "Graph Explorer",
                        "Visual Studio Code",
                        "Visual Studio",
                        "Azure Active Directory PowerShell"),
                highValue);
    }

    @Test
    void catalogueCannotBeChangedByCallers() {
        assertThrows(
                UnsupportedOperationException.class,
                () -> ClientApps.all().add(new ClientApp("00000000-0000-0000-0000-000000000000", "x", true)));
    }
}
