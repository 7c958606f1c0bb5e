package org.dcwatch.job.chain;

import java.time.Duration;
import java.time.Instant;
import org.dcwatch.udfs.event.DeviceRegistrationEvent;
import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.event.SignInEvents;
import org.dcwatch.udfs.event.SourceFormat;
import org.dcwatch.udfs.rules.RuleCatalogue;

/** One phished user's chain: the device-code sign-in, the registration of the attacker's device, its PRT sign-in. */
final class ChainSteps {

    static final String TENANT = SignInEvents.TENANT;
    static final String USER = "0b6f1a2c-3d4e-4f5a-8b9c-0d1e2f3a4b5c";
    static final String UPN = "target.user@contoso.com";
    static final String DEVICE_ID = "4c2b9e71-0d5a-4f3e-9b8c-7a6d5e4f3c2b";
    static final String DEVICE_NAME = "DESKTOP-7QK2M4X";
    static final Instant PHISHED = Instant.parse("2026-03-02T09:14:02Z");
    static final Duration WINDOW = Duration.ofHours(1);

    private ChainSteps() {}

    static long minutes(double n) {
        return PHISHED.toEpochMilli() + Math.round(n * 60_000);
    }

    /** The victim's code entry for the broker client, from the victim's home network. */
    static SignInEvent deviceCode(long time) {
        return SignInEvents.deviceCode()
                .id("dc-" + time)
                .eventTime(time)
                .userId(USER)
                .app(RuleCatalogue.AUTHENTICATION_BROKER_APP_ID, "Microsoft Authentication Broker")
                .build();
    }

    /** The attacker's Register device of a device of their own, as the victim. */
    static DeviceRegistrationEvent registration(long time) {
        return registration(time, USER, DEVICE_ID, DeviceRegistrationEvent.SUCCESS);
    }

    static DeviceRegistrationEvent registration(long time, String userId, String deviceId, String result) {
        return new DeviceRegistrationEvent(
                "audit-" + time + "-" + deviceId,
                TENANT,
                time,
                time + 120_000,
                DeviceRegistrationEvent.REGISTER_DEVICE,
                "Device Registration Service",
                userId,
                UPN,
                "obj-" + deviceId,
                deviceId,
                DEVICE_NAME,
                "Windows",
                "10.0.19045.2006",
                "Workplace",
                result,
                "corr-" + time,
                "Dsreg/10.0 (Windows 10.0.19045.2006)",
                SourceFormat.EVENTHUB);
    }

    /** A non-interactive sign-in with a Primary Refresh Token from {@code deviceId}, managed or not. */
    static SignInEvent tokenUse(long time, String deviceId, boolean managed) {
        return SignInEvents.deviceCode()
                .id("prt-" + time + "-" + deviceId)
                .eventTime(time)
                .userId(USER)
                .category(SignInEvent.NON_INTERACTIVE)
                .interactive(false)
                .authenticationProtocol("none")
                .incomingTokenType("primaryRefreshToken")
                .ipAddress("198.51.100.77")
                .deviceId(deviceId)
                .deviceManaged(managed)
                .deviceCompliant(managed)
                .deviceTrustType("Workplace")
                .build();
    }
}
