package org.dcwatch.udfs.rules;

import java.util.Locale;

/** Alert severity, in increasing order, with the lower-case names alerts and configuration use. */
public enum Severity {
    INFORMATIONAL,
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL;

    private final String jsonName = name().toLowerCase(Locale.ROOT);

    /** The name in alert documents and configuration: {@code "informational"}, {@code "low"}, ... */
    public String jsonName() {
        return jsonName;
    }

    /** Parses a {@link #jsonName()}, ignoring case. */
    public static Severity fromJsonName(String name) {
        for (Severity severity : values()) {
            if (severity.jsonName.equalsIgnoreCase(name)) {
                return severity;
            }
        }
        throw new IllegalArgumentException(
                "unknown severity '" + name + "': use informational, low, medium, high or critical");
    }
}
