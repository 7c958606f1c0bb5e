package org.dcwatch.udfs.rules;

import java.util.Objects;

/**
 * A MITRE ATT&CK technique or sub-technique.
 *
 * @param id   the technique id, e.g. {@code T1528} or {@code T1566.002}
 * @param name the technique name; sub-techniques carry their parent's name first, as ATT&CK writes them
 */
public record MitreTechnique(String id, String name) {

    public static final MitreTechnique STEAL_APPLICATION_ACCESS_TOKEN =
            new MitreTechnique("T1528", "Steal Application Access Token");
    public static final MitreTechnique SPEARPHISHING_LINK =
            new MitreTechnique("T1566.002", "Phishing: Spearphishing Link");
    public static final MitreTechnique CLOUD_ACCOUNTS =
            new MitreTechnique("T1078.004", "Valid Accounts: Cloud Accounts");
    public static final MitreTechnique DEVICE_REGISTRATION =
            new MitreTechnique("T1098.005", "Account Manipulation: Device Registration");
    public static final MitreTechnique APPLICATION_ACCESS_TOKEN =
            new MitreTechnique("T1550.001", "Use Alternate Authentication Material: Application Access Token");

    public MitreTechnique {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
    }

    /** The technique's page on attack.mitre.org ({@code T1566.002} lives at {@code .../T1566/002/}). */
    public String reference() {
        return "https://attack.mitre.org/techniques/" + id.replace('.', '/') + "/";
    }
}
