package org.dcwatch.udfs.classify;

import static org.dcwatch.udfs.classify.UserAgentKind.BROWSER;
import static org.dcwatch.udfs.classify.UserAgentKind.EMPTY;
import static org.dcwatch.udfs.classify.UserAgentKind.MICROSOFT_CLIENT;
import static org.dcwatch.udfs.classify.UserAgentKind.OTHER;
import static org.dcwatch.udfs.classify.UserAgentKind.OUTDATED_BROWSER;
import static org.dcwatch.udfs.classify.UserAgentKind.SCRIPTED_TOOL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.dcwatch.udfs.event.TextBounds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UserAgentClassifierTest {

    /** The benign Teams record of testdata/fixtures/public/test-non-interactive-user-teams.json. */
    private static final String TEAMS_FIXTURE_EDGE_18 = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36"
            + " (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36 Edge/18.18363";

    private static final String WINDOWS_CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36"
            + " (KHTML, like Gecko) Chrome/%s Safari/537.36";

    static Stream<Arguments> userAgents() {
        return Stream.of(
                // nothing to classify
                ua(null, EMPTY, null),
                ua("", EMPTY, null),
                ua("   \t", EMPTY, null),

                // HTTP libraries, command-line and offensive tools
                ua("python-requests/2.31.0", SCRIPTED_TOOL, "python-requests"),
                ua("python-requests/2.28.0", SCRIPTED_TOOL, "python-requests"),
                ua("Python-urllib/3.11", SCRIPTED_TOOL, "python-urllib"),
                ua("python-httpx/0.27.0", SCRIPTED_TOOL, "httpx"),
                ua("Python/3.11 aiohttp/3.9.5", SCRIPTED_TOOL, "aiohttp"),
                ua("Python/3.12 websockets/12.0", SCRIPTED_TOOL, "python"),
                ua("curl/8.5.0", SCRIPTED_TOOL, "curl"),
                ua("libcurl/7.81.0 r-curl/5.2.0 httr/1.4.7", SCRIPTED_TOOL, "libcurl"),
                ua("Wget/1.21.4", SCRIPTED_TOOL, "wget"),
                ua("node", SCRIPTED_TOOL, "node"),
                ua("node-fetch/1.0 (+https://github.com/bitinn/node-fetch)", SCRIPTED_TOOL, "node"),
                ua("axios/1.6.8", SCRIPTED_TOOL, "axios"),
                ua("undici", SCRIPTED_TOOL, "undici"),
                ua("Go-http-client/1.1", SCRIPTED_TOOL, "go-http-client"),
                ua("Go-http-client/2.0", SCRIPTED_TOOL, "go-http-client"),
                ua(
                        "Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1.22621.2506",
                        SCRIPTED_TOOL,
                        "powershell"),
                ua(
                        "Mozilla/5.0 (Windows NT 10.0; Microsoft Windows 10.0.22631; en-US) PowerShell/7.4.1",
                        SCRIPTED_TOOL,
                        "powershell"),
                ua("AADInternals", SCRIPTED_TOOL, "aadinternals"),
                ua("okhttp/4.12.0", SCRIPTED_TOOL, "okhttp"),
                ua("Mozilla/5.0 (compatible; Kali365/2.1)", SCRIPTED_TOOL, "kali365"),
                ua("Java-http-client/17.0.10", SCRIPTED_TOOL, "java"),
                ua("Apache-HttpClient/4.5.14 (Java/17.0.9)", SCRIPTED_TOOL, "java"),
                ua("Ruby", SCRIPTED_TOOL, "ruby"),
                ua("rest-client/2.1.0 (linux-gnu x86_64) ruby/3.2.2p53", SCRIPTED_TOOL, "ruby"),
                ua("PostmanRuntime/7.37.3", SCRIPTED_TOOL, "postman"),
                ua(
                        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
                                + " HeadlessChrome/124.0.6367.60 Safari/537.36",
                        SCRIPTED_TOOL,
                        "headless-chrome"),

                // Microsoft client libraries and tools, which embed their language's tokens
                ua("MSAL.Python/1.28.0 (Linux; x86_64)", MICROSOFT_CLIENT, "msal"),
                ua("MSAL.NET/4.61.3.0", MICROSOFT_CLIENT, "msal"),
                ua(
                        "AZURECLI/2.61.0 (MSI) azsdk-python-azure-mgmt-resource/23.1.1 Python/3.11.8"
                                + " (Windows-10-10.0.22631-SP0)",
                        MICROSOFT_CLIENT,
                        "azure-cli"),
                ua(
                        "azsdk-python-identity/1.16.0 Python/3.11.4 (Linux-5.15.0-1064-azure-x86_64-with-glibc2.35)",
                        MICROSOFT_CLIENT,
                        "azure-sdk"),
                ua("AzurePowershell/Az12.0.0 PSVersion/v7.4.2", MICROSOFT_CLIENT, "azure-powershell"),
                ua(
                        "Mozilla/5.0 (Windows NT 10.0; Microsoft Windows 10.0.22631; en-US) PowerShell/7.4.2"
                                + " Azure-PowerShell/12.0.0",
                        MICROSOFT_CLIENT,
                        "azure-powershell"),
                ua("Microsoft Azure Graph Client Library 1.0", MICROSOFT_CLIENT, "azure-graph-client"),
                ua("Mozilla/5.0 (Windows NT 10.0; Win64; x64) VSCode/1.89.1", MICROSOFT_CLIENT, "vscode"),
                ua(
                        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Code/1.89.1"
                                + " Chrome/120.0.6099.291 Electron/28.2.8 Safari/537.36",
                        MICROSOFT_CLIENT,
                        "vscode"),
                ua(
                        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                                + " Teams/1.6.00.4472 Chrome/85.0.4183.121 Electron/10.4.7 Safari/537.36",
                        MICROSOFT_CLIENT,
                        "teams"),
                ua(
                        "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17531; Pro)",
                        MICROSOFT_CLIENT,
                        "office"),
                ua("Windows-AzureAD-Authentication-Provider/1.0", MICROSOFT_CLIENT, "aad-broker"),

                // current browsers
                ua(String.format(WINDOWS_CHROME, "124.0.0.0"), BROWSER, "chrome"),
                ua(String.format(WINDOWS_CHROME, "124.0.0.0") + " Edg/124.0.0.0", BROWSER, "edge"),
                ua(
                        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
                        BROWSER,
                        "firefox"),
                ua(
                        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)"
                                + " Version/17.4.1 Safari/605.1.15",
                        BROWSER,
                        "safari"),
                ua(
                        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
                                + " Version/17.4.1 Mobile/15E148 Safari/604.1",
                        BROWSER,
                        "safari"),
                ua(
                        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
                                + " CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1",
                        BROWSER,
                        "chrome"),
                ua(
                        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
                                + " FxiOS/125.0 Mobile/15E148 Safari/605.1.15",
                        BROWSER,
                        "firefox"),
                ua(
                        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
                                + " EdgiOS/124.0.2478.50 Version/17.0 Mobile/15E148 Safari/604.1",
                        BROWSER,
                        "edge"),
                ua(
                        "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0"
                                + " Mobile Safari/537.36 EdgA/124.0.2478.64",
                        BROWSER,
                        "edge"),
                ua(String.format(WINDOWS_CHROME, "124.0.0.0") + " OPR/110.0.0.0", BROWSER, "opera"),
                ua(
                        "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko)"
                                + " SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",
                        BROWSER,
                        "samsung-internet"),

                // outdated browser strings: forged by token-theft tools, or sent by old Windows web views
                ua(TEAMS_FIXTURE_EDGE_18, OUTDATED_BROWSER, "edge-legacy"),
                ua(
                        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                                + " Chrome/70.0.3538.102 Safari/537.36 Edge/18.19582",
                        OUTDATED_BROWSER,
                        "edge-legacy"),
                ua(
                        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70"
                                + " Safari/537.36 Edge/18",
                        OUTDATED_BROWSER,
                        "edge-legacy"),
                ua(
                        "Mozilla/5.0 (Windows NT 10.0; Xbox; Xbox One) AppleWebKit/537.36 (KHTML, like Gecko)"
                                + " Chrome/70.0.3538.102 Safari/537.36 Edge/44.18363.8131",
                        OUTDATED_BROWSER,
                        "edge-legacy"),
                ua(String.format(WINDOWS_CHROME, "91.0.4472.124"), OUTDATED_BROWSER, "chrome"),
                ua(String.format(WINDOWS_CHROME, "99.0.4844.84"), OUTDATED_BROWSER, "chrome"),
                ua(String.format(WINDOWS_CHROME, "100.0.4896.60"), BROWSER, "chrome"),
                ua("Mozilla/5.0 (X11; Linux x86_64; rv:89.0) Gecko/20100101 Firefox/89.0", OUTDATED_BROWSER, "firefox"),
                ua("Mozilla/5.0 (X11; Linux x86_64; rv:90.0) Gecko/20100101 Firefox/90.0", BROWSER, "firefox"),
                ua(String.format(WINDOWS_CHROME, "97.0.4692.99") + " Edg/97.0.1072.69", OUTDATED_BROWSER, "edge"),
                ua(
                        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:78.0) Gecko/20100101 Firefox/78.0",
                        OUTDATED_BROWSER,
                        "firefox"),
                ua("Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko", OUTDATED_BROWSER, "ie"),
                ua("Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.1; Trident/6.0)", OUTDATED_BROWSER, "ie"),

                // neither a browser nor a known client
                ua("Dalvik/2.1.0 (Linux; U; Android 13; Pixel 7 Build/TQ3A.230805.001)", OTHER, null),
                ua("Mozilla/5.0", OTHER, null),
                ua(
                        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
                                + " Mobile/15E148",
                        OTHER,
                        null),
                ua("nodejs-agent/1.0 RubyMine/2024.1", OTHER, null));
    }

    @ParameterizedTest(name = "{1} {2}: {0}")
    @MethodSource("userAgents")
    void classifiesRealUserAgents(String userAgent, UserAgentKind kind, String family) {
        assertEquals(new UserAgentClass(kind, family), UserAgentClassifier.classify(userAgent));
    }

    @Test
    void tableCoversEveryKindAndTheFamiliesRulesRelyOn() {
        Set<UserAgentKind> kinds = EnumSet.noneOf(UserAgentKind.class);
        Set<String> families = new HashSet<>();
        userAgents().map(Arguments::get).forEach(row -> {
            kinds.add((UserAgentKind) row[1]);
            families.add((String) row[2]);
        });
        assertEquals(EnumSet.allOf(UserAgentKind.class), kinds);
        for (String family : List.of(
                "python-requests",
                "curl",
                "node",
                "axios",
                "undici",
                "go-http-client",
                "powershell",
                "aadinternals",
                "okhttp",
                "aiohttp",
                "kali365",
                "msal",
                "azure-cli",
                "azure-powershell",
                "chrome",
                "edge",
                "firefox",
                "safari",
                "edge-legacy")) {
            assertTrue(families.contains(family), "no case for family " + family);
        }
    }

    @Test
    void chromiumBelowTheThresholdIsOutdated() {
        int threshold = UserAgentClassifier.MIN_CURRENT_CHROMIUM_MAJOR;
        assertEquals(OUTDATED_BROWSER, kindOf(String.format(WINDOWS_CHROME, (threshold - 1) + ".0.0.0")));
        assertEquals(BROWSER, kindOf(String.format(WINDOWS_CHROME, threshold + ".0.0.0")));
    }

    @Test
    void firefoxBelowTheThresholdIsOutdated() {
        int threshold = UserAgentClassifier.MIN_CURRENT_FIREFOX_MAJOR;
        String firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:%1$d.0) Gecko/20100101 Firefox/%1$d.0";
        assertEquals(OUTDATED_BROWSER, kindOf(String.format(firefox, threshold - 1)));
        assertEquals(BROWSER, kindOf(String.format(firefox, threshold)));
    }

    @Test
    void aBrowserWithoutAVersionIsNotCalledOutdated() {
        assertEquals(
                new UserAgentClass(BROWSER, "chrome"), UserAgentClassifier.classify("Mozilla/5.0 Chrome/ Safari/"));
    }

    @Test
    void tokensMatchIgnoringCase() {
        assertEquals(
                new UserAgentClass(SCRIPTED_TOOL, "python-requests"),
                UserAgentClassifier.classify("PYTHON-REQUESTS/2.31.0"));
        assertEquals(
                new UserAgentClass(MICROSOFT_CLIENT, "azure-cli"), UserAgentClassifier.classify("AzureCli/2.61.0"));
    }

    @Test
    void absurdVersionNumbersDoNotOverflow() {
        assertEquals(BROWSER, kindOf(String.format(WINDOWS_CHROME, "99999999999999999999.0")));
    }

    @Test
    void resultsAreSharedInstancesNotNewObjects() {
        assertSame(
                UserAgentClassifier.classify("python-requests/2.31.0"),
                UserAgentClassifier.classify("python-requests/2.28.0"));
        assertSame(
                UserAgentClassifier.classify(TEAMS_FIXTURE_EDGE_18),
                UserAgentClassifier.classify("Mozilla/5.0 Edge/12.10240"));
    }

    private static UserAgentKind kindOf(String userAgent) {
        return UserAgentClassifier.classify(userAgent).kind();
    }

    /**
     * A user agent cut at parse time lost its end, where a tool's token would have outranked the browser tokens of its
     * start: a cut string that looks like a current browser is not one, while the tokens of its kept start still count.
     */
    @Test
    void aCutUserAgentIsNeverACurrentBrowser() {
        String browser = String.format(WINDOWS_CHROME, "131.0.0.0");
        String hiddenPoller = browser + " " + "x".repeat(400_000) + " python-requests/2.31.0";
        assertEquals(SCRIPTED_TOOL, UserAgentClassifier.classify(hiddenPoller).kind());
        String cut = TextBounds.bound(hiddenPoller, TextBounds.MAX_USER_AGENT);
        assertEquals(OTHER, UserAgentClassifier.classify(cut).kind());

        String poller = "python-requests/2.31.0 " + "x".repeat(400_000);
        assertEquals(
                SCRIPTED_TOOL,
                UserAgentClassifier.classify(TextBounds.bound(poller, TextBounds.MAX_USER_AGENT))
                        .kind());
        String oldBrowser = String.format(WINDOWS_CHROME, "70.0.3538.102") + "x".repeat(400_000);
        assertEquals(
                OUTDATED_BROWSER,
                UserAgentClassifier.classify(TextBounds.bound(oldBrowser, TextBounds.MAX_USER_AGENT))
                        .kind());
        // a browser of ordinary length is still one
        assertEquals(BROWSER, UserAgentClassifier.classify(browser).kind());
    }

    private static Arguments ua(String userAgent, UserAgentKind kind, String family) {
        return Arguments.of(userAgent, kind, family);
    }
}
