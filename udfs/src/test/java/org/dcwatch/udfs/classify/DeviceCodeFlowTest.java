package org.dcwatch.udfs.classify;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.event.SignInEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceCodeFlowTest {

    @ParameterizedTest
    @ValueSource(strings = {"deviceCode", "devicecode", "DEVICECODE"})
    void recognizesTheDeviceCodeProtocolIgnoringCase(String protocol) {
        assertTrue(DeviceCodeFlow.isDeviceCodeProtocol(protocol));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"none", "oAuth2", "ropc", "wsFederation", "saml20", "deviceCodeFlow", "device"})
    void rejectsEveryOtherProtocol(String protocol) {
        assertFalse(DeviceCodeFlow.isDeviceCodeProtocol(protocol));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "deviceCodeFlow",
                "DEVICECODEFLOW",
                "devicecodeflow",
                "Device code flow",
                "device code flow",
                "DEVICE CODE FLOW",
                "  deviceCodeFlow",
                "deviceCodeFlow \t",
                "\tDevice code flow\n"
            })
    void recognizesTheTransferMethodAndThePortalLabel(String transfer) {
        assertTrue(DeviceCodeFlow.isDeviceCodeTransfer(transfer));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "   ",
                "none",
                "authenticationTransfer",
                "deviceCode",
                "Device code",
                "deviceCodeFlows",
                "Device code flow 2",
                "Device  code flow",
                "device-code-flow"
            })
    void rejectsEveryOtherTransferMethod(String transfer) {
        assertFalse(DeviceCodeFlow.isDeviceCodeTransfer(transfer));
    }

    @Test
    void eitherFieldMakesADeviceCodeSignIn() {
        assertTrue(DeviceCodeFlow.isDeviceCode("deviceCode", "none"));
        assertTrue(DeviceCodeFlow.isDeviceCode("deviceCode", null));
        assertTrue(DeviceCodeFlow.isDeviceCode("none", "deviceCodeFlow"));
        assertTrue(DeviceCodeFlow.isDeviceCode(null, "Device code flow"));
        assertTrue(DeviceCodeFlow.isDeviceCode("deviceCode", "deviceCodeFlow"));
    }

    @Test
    void neitherFieldMeansNoDeviceCode() {
        assertFalse(DeviceCodeFlow.isDeviceCode("oAuth2", "none"));
        assertFalse(DeviceCodeFlow.isDeviceCode("none", "authenticationTransfer"));
        assertFalse(DeviceCodeFlow.isDeviceCode(null, null));
    }

    @Test
    void readsBothFieldsOfAnEvent() {
        assertTrue(DeviceCodeFlow.isDeviceCode(signIn("deviceCode", "none")));
        assertTrue(DeviceCodeFlow.isDeviceCode(signIn(null, "deviceCodeFlow")));
        assertFalse(DeviceCodeFlow.isDeviceCode(signIn("oAuth2", null)));
        assertFalse(DeviceCodeFlow.isDeviceCode(signIn(null, null)));
    }

    @Test
    void aMissingEventIsNotADeviceCode() {
        assertFalse(DeviceCodeFlow.isDeviceCode((SignInEvent) null));
    }

    private static SignInEvent signIn(String authenticationProtocol, String originalTransferMethod) {
        return SignInEvents.deviceCode()
                .authenticationProtocol(authenticationProtocol)
                .originalTransferMethod(originalTransferMethod)
                .build();
    }
}
