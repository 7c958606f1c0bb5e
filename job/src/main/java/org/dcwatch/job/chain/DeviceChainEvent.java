package org.dcwatch.job.chain;

import java.util.Locale;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.dcwatch.udfs.alert.Alert;
import org.dcwatch.udfs.event.DeviceRegistrationEvent;
import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.event.SignInSummary;

/**
 * One step of the device-registration chain of a user, as the chain's CEP patterns see it: a device-code sign-in, a
 * device registration of the audit log, or a sign-in that presents a Primary Refresh Token. The three come from
 * different inputs (the sign-in hubs and the audit hub), and CEP needs one type to order them in event time.
 *
 * <p>A Java record of records and an enum, so that Flink serializes it with its POJO serializer, never Kryo.
 *
 * @param key the tenant and user the chain belongs to ({@link #key(String, String)})
 * @param signIn the sign-in of a {@link Step#DEVICE_CODE} or {@link Step#TOKEN_USE} step, the device-code sign-in of a
 *     {@link Step#REGISTERED} one, else null
 * @param registration the registration of a {@link Step#REGISTRATION} or {@link Step#REGISTERED} step, else null
 */
public record DeviceChainEvent(
        String key, Step step, long eventTime, SignInSummary signIn, DeviceRegistrationEvent registration) {

    public static final TypeInformation<DeviceChainEvent> TYPE = TypeInformation.of(DeviceChainEvent.class);

    /** The kinds of step, in the order a chain takes them. */
    public enum Step {
        DEVICE_CODE,
        REGISTRATION,
        /** A device-code sign-in and the registration that followed it: where the token-use rule begins. */
        REGISTERED,
        TOKEN_USE
    }

    /** A successful device-code sign-in of a user: where a chain begins. */
    public static DeviceChainEvent deviceCode(SignInEvent signIn) {
        return new DeviceChainEvent(
                key(signIn.tenantId(), signIn.userKey()),
                Step.DEVICE_CODE,
                signIn.eventTime(),
                SignInSummary.of(signIn),
                null);
    }

    /** A successful sign-in of a user that presents a Primary Refresh Token: where a chain ends. */
    public static DeviceChainEvent tokenUse(SignInEvent signIn) {
        return new DeviceChainEvent(
                key(signIn.tenantId(), signIn.userKey()),
                Step.TOKEN_USE,
                signIn.eventTime(),
                SignInSummary.of(signIn),
                null);
    }

    /** A successful device registration initiated by a user ({@link #userKeyOf} not null). */
    public static DeviceChainEvent registration(DeviceRegistrationEvent registration) {
        return new DeviceChainEvent(
                key(registration.tenantId(), userKeyOf(registration)),
                Step.REGISTRATION,
                registration.eventTime(),
                null,
                registration);
    }

    /** A match of {@code device-code-device-registration}, timed by its registration: its alert's first steps. */
    public static DeviceChainEvent registered(Alert alert) {
        return registered(alert.evidence()[0], alert.registrations()[0]);
    }

    /** A device-code sign-in and the registration that followed it. */
    public static DeviceChainEvent registered(SignInSummary deviceCode, DeviceRegistrationEvent registration) {
        return new DeviceChainEvent(
                key(deviceCode.tenantId(), deviceCode.userKey()),
                Step.REGISTERED,
                registration.eventTime(),
                deviceCode,
                registration);
    }

    /**
     * Whose the registration is, keyed as a sign-in's user is ({@link SignInEvent#userKey(String, String)}): the
     * initiating user's object id, else the lower-cased UPN; null when an application initiated it.
     */
    public static String userKeyOf(DeviceRegistrationEvent registration) {
        return SignInEvent.userKey(registration.initiatedByUserId(), registration.initiatedByUserPrincipalName());
    }

    /**
     * The chain's key: tenant and user. Lower case, because the audit log and the sign-in logs are written by different
     * services, and a GUID's case must not split one user's chain in two.
     */
    public static String key(String tenantId, String userKey) {
        return (tenantId + "|" + userKey).toLowerCase(Locale.ROOT);
    }
}
