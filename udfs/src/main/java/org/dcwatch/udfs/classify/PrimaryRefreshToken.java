package org.dcwatch.udfs.classify;

import java.util.Locale;

/**
 * Tells sign-ins that present a Primary Refresh Token (PRT) from the rest. A PRT is the token of a registered device;
 * an attacker who registered a device of their own with a phished token signs in with one, and from then on passes
 * device-based Conditional Access as that device.
 *
 * <p>Entra logs the token a sign-in presented in {@code incomingTokenType}, a set of flags written as their names
 * joined by commas ({@code primaryRefreshToken}, {@code refreshToken, primaryRefreshToken}...); the comparison ignores
 * case and spaces. {@code null} is no PRT.
 */
public final class PrimaryRefreshToken {

    /** The flag's name in {@code incomingTokenType}. */
    public static final String TOKEN_TYPE = "primaryRefreshToken";

    private static final String LOWER = TOKEN_TYPE.toLowerCase(Locale.ROOT);

    private PrimaryRefreshToken() {}

    public static boolean isPresented(String incomingTokenType) {
        if (incomingTokenType == null || incomingTokenType.length() < TOKEN_TYPE.length()) return false;
        for (String flag : incomingTokenType.split(",", -1)) {
            if (flag.strip().toLowerCase(Locale.ROOT).equals(LOWER)) return true;
        }
        return false;
    }
}
