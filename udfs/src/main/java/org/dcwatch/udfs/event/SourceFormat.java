package org.dcwatch.udfs.event;

import java.util.Locale;

/** The shapes a sign-in arrives in (docs/design.md, Input). */
public enum SourceFormat {
    /** Entra diagnostic settings to an Event Hub: {@code {"records":[...]}}, a bare record or a bare array. */
    EVENTHUB,
    /** Log Analytics rows: PascalCase columns, nested details as objects or JSON strings. */
    LOGANALYTICS,
    /** The Microsoft Graph {@code signIn} resource. */
    GRAPH,
    /** Elastic Common Schema documents of the Elastic azure integration. */
    ECS;

    /** The lower-case name used on the command line and in reports. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a command-line name; {@code null} for "auto". */
    public static SourceFormat fromCliName(String name) {
        if (name == null || name.equalsIgnoreCase("auto")) {
            return null;
        }
        for (SourceFormat format : values()) {
            if (format.cliName().equalsIgnoreCase(name)) {
                return format;
            }
        }
        throw new IllegalArgumentException(
                "unknown format '" + name + "': use auto, eventhub, loganalytics, graph or ecs");
    }
}
