package org.dcwatch.udfs.classify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.dcwatch.udfs.event.TextBounds;

/**
 * Classifies a sign-in's user agent string: empty, a current or outdated browser, a scripted tool, a Microsoft client,
 * or something else (see {@link UserAgentKind}).
 *
 * <p>The classification states a fact about the string, not a verdict: Azure CLI legitimately polls next to the user's
 * browser, and a few benign Windows web views still send the old "Chrome/70 ... Edge/18" string that token-theft tools
 * forge. Rules weigh it with the rest of the evidence.
 *
 * <p>It runs per record, so it walks the string once, comparing known tokens in place at each token start (the first
 * character, or one after a non-alphanumeric character) without regular expressions, case conversion or copies. Every
 * result is a shared constant; nothing is cached.
 */
public final class UserAgentClassifier {

    /**
     * Chrome and every Chromium browser below this major version are outdated. Chrome 100 shipped in March 2022 and
     * auto-updates; what still claims an older Chrome in a sign-in log is almost always forged or a frozen web view.
     */
    public static final int MIN_CURRENT_CHROMIUM_MAJOR = 100;

    /** Firefox below this major version (July 2021) is outdated, for the same reason. */
    public static final int MIN_CURRENT_FIREFOX_MAJOR = 90;

    private static final UserAgentClass EMPTY = new UserAgentClass(UserAgentKind.EMPTY, null);
    private static final UserAgentClass UNRECOGNIZED = new UserAgentClass(UserAgentKind.OTHER, null);

    // Client ranks: when a string carries several client tokens, the lowest rank wins. Microsoft products embed the
    // library and language they are built on ("AZURECLI/2.61.0 azsdk-python-... Python/3.11.8"), and libraries embed
    // their language runtime ("Python/3.11 aiohttp/3.9.5"), so the most specific name must beat the generic one.
    private static final int MICROSOFT_PRODUCT = 0;
    private static final int MICROSOFT_LIBRARY = 1;
    private static final int TOOL = 2;
    private static final int LANGUAGE_RUNTIME = 3;

    // Browser tokens seen in one string, as bits: the browser decision needs all of them at once.
    private static final int TRIDENT = 1;
    private static final int MSIE = 1 << 1;
    private static final int EDGE_HTML = 1 << 2;
    private static final int EDGE_CHROMIUM = 1 << 3;
    private static final int OPERA = 1 << 4;
    private static final int SAMSUNG = 1 << 5;
    private static final int CHROME = 1 << 6;
    private static final int CHROME_IOS = 1 << 7;
    private static final int EDGE_IOS = 1 << 8;
    private static final int FIREFOX = 1 << 9;
    private static final int FIREFOX_IOS = 1 << 10;
    private static final int SAFARI = 1 << 11;
    private static final int SAFARI_VERSION = 1 << 12;

    /**
     * Tokens followed by the Chromium engine's version. Chromium Edge's "Edg/" is not one; on iOS, where there is no
     * Chrome token, Chrome's and Edge's own versions follow Chromium's numbering.
     */
    private static final int CHROMIUM_VERSION_TOKENS = CHROME | CHROME_IOS | EDGE_IOS;

    private static final int FIREFOX_VERSION_TOKENS = FIREFOX | FIREFOX_IOS;

    private static final int UNKNOWN_VERSION = -1;

    private static final UserAgentClass INTERNET_EXPLORER = new UserAgentClass(UserAgentKind.OUTDATED_BROWSER, "ie");
    private static final UserAgentClass EDGE_LEGACY = new UserAgentClass(UserAgentKind.OUTDATED_BROWSER, "edge-legacy");
    private static final BrowserFamily CHROME_FAMILY = new BrowserFamily("chrome");
    private static final BrowserFamily EDGE_FAMILY = new BrowserFamily("edge");
    private static final BrowserFamily OPERA_FAMILY = new BrowserFamily("opera");
    private static final BrowserFamily SAMSUNG_FAMILY = new BrowserFamily("samsung-internet");
    private static final BrowserFamily FIREFOX_FAMILY = new BrowserFamily("firefox");
    private static final UserAgentClass SAFARI_BROWSER = new UserAgentClass(UserAgentKind.BROWSER, "safari");

    /** Markers indexed by the lower-cased ASCII first character of their token. */
    private static final Marker[][] MARKERS_BY_FIRST_CHAR = index(markers());

    private UserAgentClassifier() {}

    /** Classifies a user agent string; {@code null}, empty and blank strings are {@link UserAgentKind#EMPTY}. */
    public static UserAgentClass classify(String userAgent) {
        if (userAgent == null || isBlank(userAgent)) {
            return EMPTY;
        }
        UserAgentClass client = null;
        int clientRank = Integer.MAX_VALUE;
        int browserTokens = 0;
        int chromiumMajor = UNKNOWN_VERSION;
        int firefoxMajor = UNKNOWN_VERSION;
        boolean previousIsWordChar = false;
        for (int i = 0, n = userAgent.length(); i < n; i++) {
            char c = userAgent.charAt(i);
            boolean tokenStart = !previousIsWordChar;
            previousIsWordChar = isWordChar(c);
            if (!tokenStart || c >= MARKERS_BY_FIRST_CHAR.length) {
                continue;
            }
            Marker[] candidates = MARKERS_BY_FIRST_CHAR[lowerAscii(c)];
            if (candidates == null) {
                continue;
            }
            for (Marker marker : candidates) {
                if (!marker.matchesAt(userAgent, i)) {
                    continue;
                }
                if (marker.client() == null) {
                    int token = marker.browserToken();
                    browserTokens |= token;
                    // Read the version while here rather than search for the token again.
                    if ((token & CHROMIUM_VERSION_TOKENS) != 0 && chromiumMajor == UNKNOWN_VERSION) {
                        chromiumMajor =
                                majorVersionAt(userAgent, i + marker.token().length());
                    } else if ((token & FIREFOX_VERSION_TOKENS) != 0 && firefoxMajor == UNKNOWN_VERSION) {
                        firefoxMajor =
                                majorVersionAt(userAgent, i + marker.token().length());
                    }
                } else if (marker.rank() < clientRank) {
                    if (marker.rank() == MICROSOFT_PRODUCT) {
                        return marker.client(); // nothing outranks it
                    }
                    client = marker.client();
                    clientRank = marker.rank();
                }
            }
        }
        if (client != null) return client;
        UserAgentClass browser = classifyBrowser(browserTokens, chromiumMajor, firefoxMajor);
        // A user agent cut at parse time (TextBounds) lost its end, and a client token there would have outranked the
        // browser tokens of its start: "Mozilla/5.0 ... Chrome/131 <padding> python-requests/2.31" is a script. So a
        // cut string is never a current browser, which allowlists let through without a pattern; a tool or client
        // token in the kept prefix still decides as before, and a browser known to be outdated stays outdated.
        if (browser.kind() == UserAgentKind.BROWSER && TextBounds.isCut(userAgent)) return UNRECOGNIZED;
        return browser;
    }

    private static UserAgentClass classifyBrowser(int seen, int chromiumMajor, int firefoxMajor) {
        if ((seen & (TRIDENT | MSIE)) != 0) {
            return INTERNET_EXPLORER;
        }
        // EdgeHTML ("Edge/12" to "Edge/18", "Edge/44" on Xbox) was retired in 2021; Chromium Edge writes "Edg/".
        if ((seen & EDGE_HTML) != 0) {
            return EDGE_LEGACY;
        }
        if ((seen & (CHROME | CHROME_IOS | EDGE_CHROMIUM | EDGE_IOS)) != 0) {
            BrowserFamily family = (seen & (EDGE_CHROMIUM | EDGE_IOS)) != 0
                    ? EDGE_FAMILY
                    : (seen & OPERA) != 0 ? OPERA_FAMILY : (seen & SAMSUNG) != 0 ? SAMSUNG_FAMILY : CHROME_FAMILY;
            return family.of(chromiumMajor, MIN_CURRENT_CHROMIUM_MAJOR);
        }
        if ((seen & FIREFOX_VERSION_TOKENS) != 0) {
            return FIREFOX_FAMILY.of(firefoxMajor, MIN_CURRENT_FIREFOX_MAJOR);
        }
        // Chromium and Firefox strings carry "Safari/" too; only a string with Safari's own "Version/" and neither of
        // those is Safari.
        if ((seen & SAFARI) != 0 && (seen & SAFARI_VERSION) != 0) {
            return SAFARI_BROWSER;
        }
        return UNRECOGNIZED;
    }

    private static List<Marker> markers() {
        List<Marker> markers = new ArrayList<>();
        client(markers, MICROSOFT_PRODUCT, UserAgentKind.MICROSOFT_CLIENT, "azure-cli", "AZURECLI", "azure-cli");
        client(
                markers,
                MICROSOFT_PRODUCT,
                UserAgentKind.MICROSOFT_CLIENT,
                "azure-powershell",
                "AzurePowershell",
                "Azure-PowerShell");
        client(
                markers,
                MICROSOFT_PRODUCT,
                UserAgentKind.MICROSOFT_CLIENT,
                "azure-graph-client",
                "Microsoft Azure Graph Client Library");
        // VS Code is Electron: " Code/1.96.0 Chrome/128... Electron/32..."; its extensions also send "VSCode/".
        client(markers, MICROSOFT_PRODUCT, UserAgentKind.MICROSOFT_CLIENT, "vscode", "VSCode", "Code/");
        // Classic Teams is Electron on an old Chromium ("Teams/1.6... Chrome/85"): not a forged browser.
        client(markers, MICROSOFT_PRODUCT, UserAgentKind.MICROSOFT_CLIENT, "teams", "Teams/");
        client(markers, MICROSOFT_PRODUCT, UserAgentKind.MICROSOFT_CLIENT, "office", "Microsoft Office/");
        client(
                markers,
                MICROSOFT_PRODUCT,
                UserAgentKind.MICROSOFT_CLIENT,
                "aad-broker",
                "Windows-AzureAD-Authentication-Provider/");
        client(markers, MICROSOFT_LIBRARY, UserAgentKind.MICROSOFT_CLIENT, "msal", "MSAL.", "msal-");
        client(markers, MICROSOFT_LIBRARY, UserAgentKind.MICROSOFT_CLIENT, "azure-sdk", "azsdk-");

        client(markers, TOOL, UserAgentKind.SCRIPTED_TOOL, "python-requests", "python-requests/");
        client(markers, TOOL, UserAgentKind.SCRIPTED_TOOL, "python-urllib", "Python-urllib/");
        client(markers, TOOL, UserAgentKind.SCRIPTED_TOOL, "httpx", "python-httpx/");
        client(markers, TOOL, UserAgentKind.SCRIPTED_TOOL, "aiohttp", "aiohttp/");
        client(markers, TOOL, UserAgentKind.SCRIPTED_TOOL, "curl", "curl/");
        client(markers, TOOL, UserAgentKind.SCRIPTED_TOOL, "libcurl", "libcurl/");
        client(markers, TOOL, UserAgentKind.SCRIPTED_TOOL, "wget", "Wget/");
        // "node" alone is what Node's built-in fetch sends; "node-fetch/1.0" and "Node.js/20" end the word too.
        client(markers, TOOL, UserAgentKind.SCRIPTED_TOOL, "node", "node");
        client(markers, TOOL, UserAgentKind.SCRIPTED_TOOL, "axios", "axios/");
        client(markers, TOOL, UserAgentKind.SCRIPTED_TOOL, "undici", "undici");
        client(markers, TOOL, UserAgentKind.SCRIPTED_TOOL, "go-http-client", "Go-http-client/");
        client(markers, TOOL, UserAgentKind.SCRIPTED_TOOL, "powershell", "WindowsPowerShell/", "PowerShell/");
        client(markers, TOOL, UserAgentKind.SCRIPTED_TOOL, "aadinternals", "AADInternals");
        client(markers, TOOL, UserAgentKind.SCRIPTED_TOOL, "kali365", "kali365");
        client(markers, TOOL, UserAgentKind.SCRIPTED_TOOL, "okhttp", "okhttp/");
        client(markers, TOOL, UserAgentKind.SCRIPTED_TOOL, "postman", "PostmanRuntime/");
        client(markers, TOOL, UserAgentKind.SCRIPTED_TOOL, "httpie", "HTTPie/");
        client(markers, TOOL, UserAgentKind.SCRIPTED_TOOL, "guzzle", "GuzzleHttp/");
        // Puppeteer and Playwright drive headless Chrome to automate the victim's side of a phishing kit.
        client(markers, TOOL, UserAgentKind.SCRIPTED_TOOL, "headless-chrome", "HeadlessChrome/");
        client(markers, TOOL, UserAgentKind.SCRIPTED_TOOL, "java", "Java-http-client/", "Apache-HttpClient/");
        client(markers, TOOL, UserAgentKind.SCRIPTED_TOOL, "ruby", "Faraday", "rest-client/");
        client(markers, LANGUAGE_RUNTIME, UserAgentKind.SCRIPTED_TOOL, "python", "Python/");
        client(markers, LANGUAGE_RUNTIME, UserAgentKind.SCRIPTED_TOOL, "java", "Java/");
        client(markers, LANGUAGE_RUNTIME, UserAgentKind.SCRIPTED_TOOL, "ruby", "Ruby");

        browser(markers, TRIDENT, "Trident/");
        browser(markers, MSIE, "MSIE");
        browser(markers, EDGE_HTML, "Edge/");
        browser(markers, EDGE_CHROMIUM, "Edg/");
        browser(markers, EDGE_CHROMIUM, "EdgA/");
        browser(markers, EDGE_IOS, "EdgiOS/");
        browser(markers, OPERA, "OPR/");
        browser(markers, SAMSUNG, "SamsungBrowser/");
        browser(markers, CHROME, "Chrome/");
        browser(markers, CHROME_IOS, "CriOS/");
        browser(markers, FIREFOX, "Firefox/");
        browser(markers, FIREFOX_IOS, "FxiOS/");
        browser(markers, SAFARI, "Safari/");
        browser(markers, SAFARI_VERSION, "Version/");
        return markers;
    }

    private static void client(List<Marker> markers, int rank, UserAgentKind kind, String family, String... tokens) {
        UserAgentClass result = new UserAgentClass(kind, family);
        for (String token : tokens) {
            markers.add(Marker.of(token, rank, result, 0));
        }
    }

    private static void browser(List<Marker> markers, int browserToken, String token) {
        markers.add(Marker.of(token, Integer.MAX_VALUE, null, browserToken));
    }

    private static Marker[][] index(List<Marker> markers) {
        Marker[][] byFirstChar = new Marker[128][];
        for (Marker marker : markers) {
            char first = lowerAscii(marker.token().charAt(0));
            if (first >= byFirstChar.length || !Character.isLetter(first)) {
                throw new IllegalStateException("marker must start with an ASCII letter: " + marker.token());
            }
            Marker[] previous = byFirstChar[first];
            Marker[] next = previous == null ? new Marker[1] : Arrays.copyOf(previous, previous.length + 1);
            next[next.length - 1] = marker;
            byFirstChar[first] = next;
        }
        return byFirstChar;
    }

    /** The major version whose digits start at {@code at}, or {@link #UNKNOWN_VERSION} when there are none. */
    private static int majorVersionAt(String userAgent, int at) {
        int major = 0;
        int digits = 0;
        // Six digits are more than any real version and keep the int from overflowing on garbage.
        for (int j = at, n = userAgent.length(); j < n && digits < 6; j++, digits++) {
            char c = userAgent.charAt(j);
            if (c < '0' || c > '9') {
                break;
            }
            major = major * 10 + (c - '0');
        }
        return digits == 0 ? UNKNOWN_VERSION : major;
    }

    private static boolean isBlank(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isWhitespace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Letters and digits continue a token; the ASCII test first, since nearly every user agent is ASCII. */
    private static boolean isWordChar(char c) {
        if (c < 128) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        }
        return Character.isLetterOrDigit(c);
    }

    private static char lowerAscii(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    /**
     * A token to look for at a token start. A token ending in a letter or digit must also end a word, so that "node"
     * does not match "nodejs-thing" and "Ruby" does not match "RubyMine".
     */
    private record Marker(
            String token, String lowerToken, boolean endsWord, int rank, UserAgentClass client, int browserToken) {

        static Marker of(String token, int rank, UserAgentClass client, int browserToken) {
            for (int i = 0; i < token.length(); i++) {
                if (token.charAt(i) >= 128) {
                    throw new IllegalStateException("marker must be ASCII: " + token);
                }
            }
            boolean endsWord = isWordChar(token.charAt(token.length() - 1));
            return new Marker(token, token.toLowerCase(Locale.ROOT), endsWord, rank, client, browserToken);
        }

        /**
         * Compares ASCII-case-insensitively against the pre-lowered token: cheaper than
         * {@code regionMatches(true, ...)}, which folds both sides through Unicode case tables.
         */
        boolean matchesAt(String text, int start) {
            int length = lowerToken.length();
            int end = start + length;
            if (end > text.length()) {
                return false;
            }
            for (int k = 1; k < length; k++) { // the first character already matched through the index
                if (lowerAscii(text.charAt(start + k)) != lowerToken.charAt(k)) {
                    return false;
                }
            }
            return !endsWord || end == text.length() || !isWordChar(text.charAt(end));
        }
    }

    /** The two results a browser family can have, so that classification never allocates. */
    private record BrowserFamily(UserAgentClass current, UserAgentClass outdated) {

        BrowserFamily(String family) {
            this(
                    new UserAgentClass(UserAgentKind.BROWSER, family),
                    new UserAgentClass(UserAgentKind.OUTDATED_BROWSER, family));
        }

        /** An unknown version counts as current: only a version known to be old is evidence. */
        UserAgentClass of(int majorVersion, int minCurrentMajor) {
            return majorVersion != UNKNOWN_VERSION && majorVersion < minCurrentMajor ? outdated : current;
        }
    }
}
