package org.dcwatch.job.generate;

/**
 * A device as its registration's audit records describe it.
 *
 * @param objectId the device's directory object id: the target of its audit records
 * @param deviceId the device id, which a sign-in from the device carries in its deviceDetail
 * @param displayName the device's name
 * @param operatingSystem the OS type ("Windows")
 * @param operatingSystemVersion the OS version ("10.0.22631.3447")
 * @param trust how the device is registered or joined
 */
public record RegisteredDevice(
        String objectId,
        String deviceId,
        String displayName,
        String operatingSystem,
        String operatingSystemVersion,
        Trust trust) {

    /** How a device is tied to the directory, in the three spellings of the logs. */
    public enum Trust {
        /** A personal device, registered: what a phished token registers. */
        WORKPLACE("Workplace", "Azure AD register", "Azure AD registered"),
        /** A corporate device, joined: Autopilot, a kiosk. */
        AZURE_AD("AzureAd", "Azure AD join", "Azure AD joined");

        private final String directoryValue;
        private final String registrationDetail;
        private final String signInValue;

        Trust(String directoryValue, String registrationDetail, String signInValue) {
            this.directoryValue = directoryValue;
            this.registrationDetail = registrationDetail;
            this.signInValue = signInValue;
        }

        /** The DeviceTrustType property of the device object, as "Add device" sets it. */
        public String directoryValue() {
            return directoryValue;
        }

        /** The "Device Trust Type" additional detail of "Register device". */
        public String registrationDetail() {
            return registrationDetail;
        }

        /** The trustType of a sign-in's deviceDetail. */
        public String signInValue() {
            return signInValue;
        }
    }
}
