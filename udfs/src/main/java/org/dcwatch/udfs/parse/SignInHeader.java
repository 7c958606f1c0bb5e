package org.dcwatch.udfs.parse;

import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.event.SourceFormat;

/**
 * A sign-in read only as far as routing it needs, and where its record lies in the message: the rest is read from
 * there when it is needed ({@link SignInParser#readRecord}).
 *
 * <p>Nearly every sign-in of the stream only teaches the ASN baseline: who, when, from which ASN, whether it
 * succeeded. A {@link SignInEvent} decodes some thirty values of the record; a header keeps the dozen that decide where
 * a sign-in goes and what the baseline learns. The record was checked in full all the same (the same dead letters as
 * {@link SignInParser#parse}), so reading it again cannot fail. The job's router reads again the sign-ins that need
 * everything: the device-code sign-ins the rules see (a small share) and late ones (reported whole).
 *
 * <p>It holds the whole message's bytes: it is meant to live from the parser to the router in one chained task, not to
 * be kept or sent anywhere.
 *
 * @param recordIndex the record's position in its message, as {@link DeadLetter#recordIndex()}
 * @param userKey as {@link SignInEvent#userKey()}
 * @param category as {@link SignInEvent#category()}
 * @param asn as {@link SignInEvent#asn()}: an unsigned number's bits, {@link SignInEvent#NO_ASN} when unknown
 * @param incomingTokenType as {@link SignInEvent#incomingTokenType()}: a sign-in with a Primary Refresh Token may
 *     continue a device-registration chain, and is read in full
 */
public record SignInHeader(
        byte[] message,
        int recordStart,
        int recordEnd,
        int recordIndex,
        SourceFormat format,
        long eventTime,
        String category,
        String tenantId,
        String userKey,
        int asn,
        int errorCode,
        String authenticationProtocol,
        String originalTransferMethod,
        String incomingTokenType) {

    /** As {@link SignInEvent#isUserSignIn()}. */
    public boolean isUserSignIn() {
        return SignInEvent.isUserCategory(category);
    }

    /** As {@link SignInEvent#isSuccess()}. */
    public boolean isSuccess() {
        return errorCode == 0;
    }
}
