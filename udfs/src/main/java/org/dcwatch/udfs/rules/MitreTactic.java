package org.dcwatch.udfs.rules;

import java.util.Objects;

/**
 * A MITRE ATT&CK tactic.
 *
 * @param id   the tactic id, e.g. {@code TA0006}
 * @param name the tactic name, e.g. {@code Credential Access}
 */
public record MitreTactic(String id, String name) {

    public static final MitreTactic INITIAL_ACCESS = new MitreTactic("TA0001", "Initial Access");
    public static final MitreTactic CREDENTIAL_ACCESS = new MitreTactic("TA0006", "Credential Access");
    public static final MitreTactic PERSISTENCE = new MitreTactic("TA0003", "Persistence");
    public static final MitreTactic DEFENSE_EVASION = new MitreTactic("TA0005", "Defense Evasion");

    public MitreTactic {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
    }

    /** The tactic's page on attack.mitre.org. */
    public String reference() {
        return "https://attack.mitre.org/tactics/" + id + "/";
    }
}
