package org.dcwatch.job.detect;

import org.apache.flink.api.java.functions.KeySelector;
import org.dcwatch.udfs.event.SignInSummary;

/**
 * The key of the session rules: {@code tenantId|userKey|sessionId}.
 *
 * <p>The tenant is part of the key because one job may serve many tenants, and user and session ids are only unique
 * within one. The pipeline sends only sign-ins that have a user key and a session id to the session rules
 * (docs/design.md, Data flow), so no part is ever null there.
 */
public final class SessionKey implements KeySelector<SignInSummary, String> {

    @Override
    public String getKey(SignInSummary signIn) {
        return of(signIn);
    }

    public static String of(SignInSummary signIn) {
        return signIn.tenantId() + '|' + signIn.userKey() + '|' + signIn.sessionId();
    }
}
