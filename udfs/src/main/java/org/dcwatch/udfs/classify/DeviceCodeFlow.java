package org.dcwatch.udfs.classify;

import org.dcwatch.udfs.event.SignInEvent;

/**
 * Tells device-code sign-ins from the rest (docs/design.md, Input).
 *
 * <p>A sign-in belongs to a device-code flow when its authentication protocol is {@code deviceCode} (the browser side,
 * where the user types the code) or when its original transfer method says the token descends from a device-code
 * sign-in (later refreshes). Entra often logs the transfer method as {@code none} even then, so neither field is
 * enough alone. All comparisons ignore case; {@code null} is never a device code.
 */
public final class DeviceCodeFlow {

    /** {@code authenticationProtocol} of the interactive sign-in where the user enters the code. */
    public static final String DEVICE_CODE_PROTOCOL = "deviceCode";
    /** {@code originalTransferMethod} as the diagnostic settings and Graph write it. */
    public static final String DEVICE_CODE_TRANSFER = "deviceCodeFlow";
    /** {@code originalTransferMethod} as the Entra portal and some exports label it. */
    public static final String DEVICE_CODE_TRANSFER_LABEL = "Device code flow";

    private DeviceCodeFlow() {}

    public static boolean isDeviceCodeProtocol(String authenticationProtocol) {
        return DEVICE_CODE_PROTOCOL.equalsIgnoreCase(authenticationProtocol);
    }

    /** True for {@code deviceCodeFlow} or the portal label "Device code flow", ignoring surrounding whitespace. */
    public static boolean isDeviceCodeTransfer(String originalTransferMethod) {
        if (originalTransferMethod == null) {
            return false;
        }
        int start = 0;
        int end = originalTransferMethod.length();
        while (start < end && Character.isWhitespace(originalTransferMethod.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(originalTransferMethod.charAt(end - 1))) {
            end--;
        }
        // Compare the trimmed region in place: this runs on every sign-in, trim() would copy.
        return equalsIgnoreCase(originalTransferMethod, start, end, DEVICE_CODE_TRANSFER)
                || equalsIgnoreCase(originalTransferMethod, start, end, DEVICE_CODE_TRANSFER_LABEL);
    }

    public static boolean isDeviceCode(String authenticationProtocol, String originalTransferMethod) {
        return isDeviceCodeProtocol(authenticationProtocol) || isDeviceCodeTransfer(originalTransferMethod);
    }

    public static boolean isDeviceCode(SignInEvent event) {
        return event != null && isDeviceCode(event.authenticationProtocol(), event.originalTransferMethod());
    }

    private static boolean equalsIgnoreCase(String text, int start, int end, String expected) {
        return end - start == expected.length() && text.regionMatches(true, start, expected, 0, expected.length());
    }
}
