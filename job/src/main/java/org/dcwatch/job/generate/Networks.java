package org.dcwatch.job.generate;

import java.util.List;

/**
 * The autonomous systems generated sign-ins come from. The ASNs and their owners are real, so that the data reads like
 * a German tenant's logs; the attackers' addresses are from the documentation ranges (RFC 5737), so that no real host
 * is made to look like an attacker.
 *
 * <p>The sets are disjoint on purpose: ordinary traffic uses {@link #HOME}, {@link #OFFICE} and {@link #MOBILE} only,
 * so a scenario that takes a user to a {@link #HOSTING}, {@link #TRAVEL}, {@link #SERVICE_DESK} or new-runner network
 * takes them somewhere their baseline has never seen, and the label can say so with certainty.
 */
public final class Networks {

    /** One autonomous system and the addresses a generated sign-in gets from it. */
    public record Network(int asn, String owner, String country, String city, String prefix, int hostOctets) {

        /** An address of this network for a host number: the same number, the same address. */
        public String ip(long host) {
            long h = Math.floorMod(host, 254L * 256);
            return hostOctets == 1 ? prefix + "." + (1 + h % 254) : prefix + "." + (h / 254) + "." + (1 + h % 254);
        }
    }

    /** Residential broadband: each user has one as home. */
    public static final List<Network> HOME = List.of(
            new Network(3320, "Deutsche Telekom", "DE", "Berlin", "79.200", 2),
            new Network(3209, "Vodafone", "DE", "Hamburg", "88.64", 2),
            new Network(8881, "1&1 Versatel", "DE", "Munich", "92.116", 2),
            new Network(31334, "Vodafone Kabel Deutschland", "DE", "Cologne", "95.88", 2));
    /** The company's egress: its offices reach Entra through Azure. */
    public static final Network OFFICE =
            new Network(8075, "Microsoft (corporate egress)", "DE", "Frankfurt", "20.50.2", 1);
    /** Phones on the mobile network: a new address almost every time. */
    public static final Network MOBILE = new Network(6805, "Telefonica Germany", "DE", "Frankfurt", "80.187", 2);

    /** Where device-code phishing pollers run: cloud and VPN providers. */
    public static final List<Network> HOSTING = List.of(
            new Network(14061, "DigitalOcean", "NL", "Amsterdam", "198.51.100", 1),
            new Network(16509, "Amazon AWS", "DE", "Frankfurt", "203.0.113", 1),
            new Network(24940, "Hetzner Online", "FI", "Helsinki", "198.51.100", 1),
            new Network(63949, "Akamai Connected Cloud (Linode)", "US", "Newark", "203.0.113", 1),
            new Network(20473, "Vultr", "US", "Piscataway", "198.51.100", 1),
            new Network(9009, "M247 (VPN exit)", "RO", "Bucharest", "203.0.113", 1));
    /** Hotels and foreign carriers of travelling users. */
    public static final List<Network> TRAVEL = List.of(
            new Network(2856, "British Telecom", "GB", "London", "81.128", 2),
            new Network(3215, "Orange", "FR", "Paris", "90.84", 2),
            new Network(1136, "KPN", "NL", "Rotterdam", "77.160", 2),
            new Network(12430, "Vodafone Spain", "ES", "Madrid", "80.58", 2));
    /** The outsourced service desk whose administrators recover users' accounts. */
    public static final Network SERVICE_DESK = new Network(12337, "noris network", "DE", "Nuremberg", "213.95.10", 1);
    /** Where the company's build pipelines ran until now: Azure-hosted runners. */
    public static final Network HOSTED_RUNNER =
            new Network(8075, "Microsoft Azure (hosted runners)", "NL", "Amsterdam", "20.103", 2);
    /** Where a pipeline moved: a self-hosted runner at another cloud. */
    public static final Network NEW_RUNNER =
            new Network(16509, "Amazon AWS (self-hosted runner)", "DE", "Frankfurt", "18.192", 2);

    /** Every network ordinary traffic uses; the rest are for scenarios. */
    public static final List<Network> ORDINARY =
            List.of(HOME.get(0), HOME.get(1), HOME.get(2), HOME.get(3), OFFICE, MOBILE);

    private Networks() {}
}
