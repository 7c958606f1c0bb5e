package org.dcwatch.udfs.classify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The catalogue of well-known Microsoft first-party client applications, read once from {@code client-apps.csv} next
 * to this class.
 *
 * <p>Lookups ignore case without copying the id (a case-insensitive sorted map): sign-in logs write app ids in lower
 * case, but hand-written tuning and other exports do not always.
 */
public final class ClientApps {

    private static final String RESOURCE = "client-apps.csv";
    private static final String HEADER = "app_id,name,high_value";

    private static final List<ClientApp> ALL;
    private static final Map<String, ClientApp> BY_ID;

    static {
        List<ClientApp> apps = load();
        Map<String, ClientApp> byId = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (ClientApp app : apps) {
            if (byId.put(app.appId(), app) != null) {
                throw new IllegalStateException(RESOURCE + ": duplicate app id " + app.appId());
            }
        }
        ALL = List.copyOf(apps);
        BY_ID = Collections.unmodifiableMap(byId);
    }

    private ClientApps() {}

    public static Optional<ClientApp> lookup(String appId) {
        return appId == null ? Optional.empty() : Optional.ofNullable(BY_ID.get(appId));
    }

    /** The display name of a known app, or {@code null}; for callers that want no {@link Optional} per record. */
    public static String nameOf(String appId) {
        ClientApp app = appId == null ? null : BY_ID.get(appId);
        return app == null ? null : app.name();
    }

    public static boolean isHighValue(String appId) {
        ClientApp app = appId == null ? null : BY_ID.get(appId);
        return app != null && app.highValue();
    }

    /** Every known app, in the order of the catalogue file. */
    public static Collection<ClientApp> all() {
        return ALL;
    }

    private static List<ClientApp> load() {
        InputStream in = ClientApps.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("missing resource " + RESOURCE + " next to " + ClientApps.class.getName());
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<ClientApp> apps = new ArrayList<>();
            boolean headerSeen = false;
            int lineNumber = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                if (!headerSeen) {
                    if (!trimmed.equals(HEADER)) {
                        throw new IllegalStateException(RESOURCE + ":" + lineNumber + ": expected header " + HEADER);
                    }
                    headerSeen = true;
                    continue;
                }
                apps.add(parse(trimmed, lineNumber));
            }
            return apps;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    private static ClientApp parse(String line, int lineNumber) {
        String[] columns = line.split(",", -1);
        if (columns.length != 3) {
            throw new IllegalStateException(
                    RESOURCE + ":" + lineNumber + ": expected 3 columns, got " + columns.length);
        }
        String highValue = columns[2].strip();
        if (!highValue.equals("true") && !highValue.equals("false")) {
            throw new IllegalStateException(RESOURCE + ":" + lineNumber + ": high_value must be true or false");
        }
        return new ClientApp(columns[0].strip(), columns[1].strip(), Boolean.parseBoolean(highValue));
    }
}
