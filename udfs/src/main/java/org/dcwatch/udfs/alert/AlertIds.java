package org.dcwatch.udfs.alert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic alert ids: the same rule, account, session and first evidence give the same id, so that a replay or a
 * restart from a checkpoint never produces a second alert under a new id, and a compacted topic keyed by the id keeps
 * only an alert's latest revision.
 */
public final class AlertIds {

    private AlertIds() {}

    /**
     * @param firstEvidenceId the sign-in id of the earliest evidence (ties broken by the smaller id): later evidence
     *     that extends the alert does not change it
     */
    public static String of(String ruleId, String tenantId, String userKey, String sessionId, String firstEvidenceId) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        for (String part : new String[] {ruleId, tenantId, userKey, sessionId, firstEvidenceId}) {
            sha256.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
        }
        // 128 bits: collisions are out of reach, and the id stays short enough to read in a ticket
        return HexFormat.of().formatHex(sha256.digest(), 0, 16);
    }
}
