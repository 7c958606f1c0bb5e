package org.dcwatch.udfs.classify;

import java.util.Objects;

/**
 * The classification of one user agent string.
 *
 * @param kind   what kind of client it is, never {@code null}
 * @param family a short, stable, lower-case name of the client ({@code "python-requests"}, {@code "azure-cli"},
 *               {@code "chrome"}, ...), or {@code null} when unknown
 */
public record UserAgentClass(UserAgentKind kind, String family) {

    public UserAgentClass {
        Objects.requireNonNull(kind, "kind");
    }
}
