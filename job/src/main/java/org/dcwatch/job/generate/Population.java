package org.dcwatch.job.generate;

import java.util.List;
import java.util.Locale;
import org.dcwatch.job.generate.Networks.Network;

/**
 * The people of the generated tenant. User number {@code n} is always the same person — id, name, home network,
 * laptop — computed from {@code n} rather than stored, so that a run of a million users costs no memory and the
 * scenarios can pick their victims from the same people the ordinary traffic is made of.
 */
public final class Population {

    /** A person's laptop: what the browser side of their sign-ins says. */
    public record Device(String operatingSystem, String browser, String userAgent) {}

    /** One person. {@code homeHost} places them in their home network, as a router's address does. */
    public record User(
            int index,
            String tenantId,
            String id,
            String userPrincipalName,
            String displayName,
            Network home,
            long homeHost,
            Device laptop) {

        public String homeIp() {
            return home.ip(homeHost);
        }
    }

    static final List<Device> LAPTOPS = List.of(
            new Device("Windows 10", "Edge 124.0.2478", SignInSpec.EDGE_ON_WINDOWS),
            new Device(
                    "Windows 10",
                    "Chrome 124.0.0",
                    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
                            + "(KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"),
            new Device(
                    "MacOs",
                    "Safari 17.4.1",
                    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4_1) AppleWebKit/605.1.15 "
                            + "(KHTML, like Gecko) Version/17.4.1 Safari/605.1.15"),
            new Device("Windows 10", "Edge 124.0.2478", SignInSpec.EDGE_ON_WINDOWS),
            new Device(
                    "Linux",
                    "Firefox 125.0",
                    "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"));

    private static final String[] FIRST_NAMES = {
        "Anna",
        "Ben",
        "Clara",
        "David",
        "Elif",
        "Felix",
        "Greta",
        "Hannah",
        "Ilse",
        "Jonas",
        "Katrin",
        "Lukas",
        "Mara",
        "Niklas",
        "Olga",
        "Paul",
        "Quirin",
        "Rosa",
        "Stefan",
        "Tamara",
        "Uwe",
        "Vera",
        "Wolfgang",
        "Yusuf",
        "Zoe",
        "Adrian",
        "Bettina",
        "Cem",
        "Doris",
        "Emil",
        "Frieda",
        "Gregor",
        "Heike",
        "Ivan",
        "Jana",
        "Karl",
        "Lena",
        "Milan",
        "Nora",
        "Oskar"
    };
    private static final String[] LAST_NAMES = {
        "Schmidt",
        "Mueller",
        "Schneider",
        "Fischer",
        "Weber",
        "Meyer",
        "Wagner",
        "Becker",
        "Schulz",
        "Hoffmann",
        "Koch",
        "Richter",
        "Klein",
        "Wolf",
        "Neumann",
        "Schwarz",
        "Braun",
        "Zimmermann",
        "Krueger",
        "Hartmann",
        "Lange",
        "Werner",
        "Krause",
        "Lehmann",
        "Koehler",
        "Maier",
        "Walter",
        "Kaiser",
        "Fuchs",
        "Peters",
        "Jung",
        "Moeller",
        "Scholz",
        "Yilmaz",
        "Kowalski",
        "Novak",
        "Haas",
        "Berger",
        "Vogel",
        "Roth",
        "Frank",
        "Baumann",
        "Graf",
        "Kraus",
        "Boehm",
        "Simon",
        "Ludwig",
        "Winter",
        "Sommer",
        "Brandt"
    };

    /** Salts the stream of user ids, so that they share nothing with sign-in or session ids. */
    private static final long USER_IDS = 0x7573657273L;

    private final String tenantId;
    private final String domain;
    private final int size;

    public Population(String tenantId, String domain, int size) {
        if (size < 1) throw new IllegalArgumentException("a population needs at least one user");
        this.tenantId = tenantId;
        this.domain = domain;
        this.size = size;
    }

    public int size() {
        return size;
    }

    public String tenantId() {
        return tenantId;
    }

    public String domain() {
        return domain;
    }

    public User user(int index) {
        int names = FIRST_NAMES.length * LAST_NAMES.length;
        String first = FIRST_NAMES[index % FIRST_NAMES.length];
        // the surname moves with the first name too, so that a few hundred people do not share five surnames; each
        // of the first 2000 still has a name of their own
        String last = LAST_NAMES[(index / FIRST_NAMES.length + 7 * (index % FIRST_NAMES.length)) % LAST_NAMES.length];
        // the first 2000 people have plain names; later namesakes get a number, as directories do
        int namesake = index / names;
        String upn = first.toLowerCase(Locale.ROOT) + "." + last.toLowerCase(Locale.ROOT)
                + (namesake == 0 ? "" : String.valueOf(namesake + 1)) + "@" + domain;
        long hash = Guids.mix(index + 0x686f6d65L);
        return new User(
                index,
                tenantId,
                Guids.of(USER_IDS, index),
                upn,
                first + " " + last,
                Networks.HOME.get((int) Math.floorMod(hash, (long) Networks.HOME.size())),
                hash >>> 8,
                LAPTOPS.get((int) Math.floorMod(hash >>> 40, (long) LAPTOPS.size())));
    }
}
