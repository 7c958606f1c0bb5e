package org.dcwatch.job.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.dcwatch.udfs.rules.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class TuningRecordTest {

    private static final String KNOWN_RULE_IDS =
            "known ids are session-multi-source, concurrent-interactive-noninteractive, device-code-visibility, unseen-asn,"
                    + " device-code-broker-client, device-code-device-registration, device-registration-prt-use";

    private static final String LOOKBACK_MESSAGE =
            "\"lookback\" must be longer than \"recentExclusion\": the baseline is"
                    + " the part of the lookback before the recent exclusion, and would be empty";
    private static final String TENANT_MESSAGE =
            "\"tenant\" must be a tenant id (a GUID such as 7f1e5a0c-3b7d-4c61-9a55-2f0e6d1c9b10) or \"*\" for every tenant";

    static Stream<Arguments> invalidRecords() {
        return Stream.of(
                arguments("not an object: array", "[1,2]", "a tuning record is a JSON object"),
                arguments(
                        "negative suppression",
                        "{\"type\":\"rule\",\"rule\":\"unseen-asn\",\"suppression\":\"PT-5M\"}",
                        "\"suppression\" must be a positive duration up to 3650d such as 9m, 1h or 30d"),
                arguments(
                        "negative window",
                        "{\"type\":\"rule\",\"rule\":\"session-multi-source\",\"window\":\"P-1D\"}",
                        "\"window\" must be a positive duration up to 3650d such as 9m, 1h or 30d"),
                arguments(
                        "overflowing suppression",
                        "{\"type\":\"rule\",\"rule\":\"unseen-asn\",\"suppression\":\"9999999999999d\"}",
                        "\"suppression\" must be a positive duration up to 3650d such as 9m, 1h or 30d"),
                arguments(
                        "deleted not a boolean",
                        "{\"type\":\"knownAsn\",\"asn\":8075,\"deleted\":\"yes\"}",
                        "\"deleted\" must be true or false"),
                arguments(
                        "ASN beyond 32 bits",
                        "{\"type\":\"knownAsn\",\"asn\":4294967296,\"since\":\"2026-03-01T00:00:00Z\"}",
                        "\"asn\" must be a whole number from 1 to 4294967295"),
                arguments("not an object: number", "42", "a tuning record is a JSON object"),
                arguments("not an object: empty line", "", "a tuning record is a JSON object"),
                arguments(
                        "no type",
                        "{\"rule\":\"session-multi-source\"}",
                        "\"type\" is required: rule, allowlist or knownAsn"),
                arguments(
                        "unknown type",
                        "{\"type\":\"baseline\"}",
                        "unknown type 'baseline': use rule, allowlist or knownAsn"),
                arguments(
                        "tenant not a string",
                        "{\"type\":\"rule\",\"rule\":\"unseen-asn\",\"tenant\":7}",
                        TENANT_MESSAGE),
                arguments(
                        "tenant not a GUID",
                        "{\"type\":\"rule\",\"rule\":\"unseen-asn\",\"tenant\":\"contoso.com\"}",
                        TENANT_MESSAGE),
                arguments(
                        "tenant a GUID in braces",
                        "{\"type\":\"allowlist\",\"id\":\"x\",\"tenant\":\"{0b4e3d1c-5a6f-4e21-9c3b-8d7f6a5e4c3b}\",\"deleted\":true}",
                        TENANT_MESSAGE),
                arguments(
                        "tenant a pattern",
                        "{\"type\":\"knownAsn\",\"tenant\":\"0b4e*\",\"asn\":64500,\"deleted\":true}",
                        TENANT_MESSAGE),
                arguments(
                        "negative version",
                        "{\"type\":\"rule\",\"rule\":\"unseen-asn\",\"version\":-1}",
                        "\"version\" must be a whole number from 0 to 9223372036854775807"),
                arguments("rule without rule id", "{\"type\":\"rule\",\"window\":\"9m\"}", "\"rule\" is required"),
                arguments(
                        "unknown rule id",
                        "{\"type\":\"rule\",\"rule\":\"session-multi-sauce\"}",
                        "\"rule\": unknown rule id 'session-multi-sauce': " + KNOWN_RULE_IDS),
                arguments(
                        "rule record for every rule",
                        "{\"type\":\"rule\",\"rule\":\"*\"}",
                        "\"rule\": unknown rule id '*': " + KNOWN_RULE_IDS),
                arguments(
                        "unknown field",
                        "{\"type\":\"rule\",\"rule\":\"session-multi-source\",\"windw\":\"9m\"}",
                        "unknown field \"windw\" for type rule"),
                arguments(
                        "bad duration",
                        "{\"type\":\"rule\",\"rule\":\"session-multi-source\",\"window\":\"9 minutes\"}",
                        "\"window\" must be a duration such as 90s, 5m, 1h or 30d, was '9 minutes'"),
                arguments(
                        "duration as a number",
                        "{\"type\":\"rule\",\"rule\":\"session-multi-source\",\"suppression\":60}",
                        "\"suppression\" must be a duration such as 9m, 1h or 30d"),
                arguments(
                        "negative threshold",
                        "{\"type\":\"rule\",\"rule\":\"session-multi-source\",\"minEvents\":-1}",
                        "\"minEvents\" must be a whole number from 1 to 50"),
                arguments(
                        "fractional threshold",
                        "{\"type\":\"rule\",\"rule\":\"session-multi-source\",\"minDistinctIps\":1.5}",
                        "\"minDistinctIps\" must be a whole number from 0 to 50"),
                arguments(
                        "threshold as a string",
                        "{\"type\":\"rule\",\"rule\":\"session-multi-source\",\"minDistinctUserAgents\":\"2\"}",
                        "\"minDistinctUserAgents\" must be a whole number from 0 to 50"),
                arguments(
                        "neither distinct IPs nor distinct user agents",
                        "{\"type\":\"rule\",\"rule\":\"session-multi-source\",\"minDistinctIps\":0,\"minDistinctUserAgents\":0}",
                        "\"minDistinctIps\" and \"minDistinctUserAgents\" are both 0: the session rules need one of them; to turn a rule off, set \"enabled\": false"),
                arguments(
                        "lookback as long as the recent exclusion",
                        "{\"type\":\"rule\",\"rule\":\"unseen-asn\",\"lookback\":\"1d\",\"recentExclusion\":\"24h\"}",
                        LOOKBACK_MESSAGE),
                arguments(
                        "lookback shorter than the recent exclusion",
                        "{\"type\":\"rule\",\"rule\":\"unseen-asn\",\"lookback\":\"12h\",\"recentExclusion\":\"1d\"}",
                        LOOKBACK_MESSAGE),
                arguments(
                        "no sign-in needed",
                        "{\"type\":\"rule\",\"rule\":\"session-multi-source\",\"minEvents\":0}",
                        "\"minEvents\" must be a whole number from 1 to 50"),
                arguments(
                        "more sign-ins than a session keeps",
                        "{\"type\":\"rule\",\"rule\":\"session-multi-source\",\"minEvents\":51}",
                        "\"minEvents\" must be a whole number from 1 to 50"),
                arguments(
                        "more device-code sign-ins than a session keeps",
                        "{\"type\":\"rule\",\"rule\":\"session-multi-source\",\"minDeviceCodeProtocolEvents\":51}",
                        "\"minDeviceCodeProtocolEvents\" must be a whole number from 0 to 50"),
                arguments(
                        "unreachable distinct user agents",
                        "{\"type\":\"rule\",\"rule\":\"session-multi-source\",\"minDistinctUserAgents\":10000}",
                        "\"minDistinctUserAgents\" must be a whole number from 0 to 50"),
                arguments(
                        "no interactive sign-in",
                        "{\"type\":\"rule\",\"rule\":\"concurrent-interactive-noninteractive\",\"minInteractive\":0}",
                        "\"minInteractive\" must be a whole number from 1 to 50"),
                arguments(
                        "score threshold above the highest score",
                        "{\"type\":\"rule\",\"rule\":\"device-code-visibility\",\"scoreThreshold\":101}",
                        "\"scoreThreshold\" must be a whole number from 0 to 100"),
                arguments(
                        "window too short for a device code flow",
                        "{\"type\":\"rule\",\"rule\":\"session-multi-source\",\"window\":\"30s\"}",
                        "\"window\" must be from 1m to 1d, such as 9m"),
                arguments(
                        "window of days",
                        "{\"type\":\"rule\",\"rule\":\"session-multi-source\",\"window\":\"2d\"}",
                        "\"window\" must be from 1m to 1d, such as 9m"),
                arguments(
                        "risk score above 100",
                        "{\"type\":\"rule\",\"rule\":\"unseen-asn\",\"riskScore\":101}",
                        "\"riskScore\" must be a whole number from 0 to 100"),
                arguments(
                        "unknown severity",
                        "{\"type\":\"rule\",\"rule\":\"unseen-asn\",\"severity\":\"severe\"}",
                        "\"severity\": unknown severity 'severe': use informational, low, medium, high or critical"),
                arguments(
                        "enabled not a boolean",
                        "{\"type\":\"rule\",\"rule\":\"unseen-asn\",\"enabled\":\"no\"}",
                        "\"enabled\" must be true or false"),
                arguments(
                        "allowlist without id",
                        "{\"type\":\"allowlist\",\"rule\":\"*\",\"users\":[\"a\"],\"reason\":\"r\",\"owner\":\"o\"}",
                        "an allowlist needs an \"id\""),
                arguments(
                        "allowlist without rule",
                        "{\"type\":\"allowlist\",\"id\":\"x\",\"users\":[\"a\"],\"reason\":\"r\",\"owner\":\"o\"}",
                        "\"rule\" is required"),
                arguments(
                        "allowlist for an unknown rule",
                        "{\"type\":\"allowlist\",\"id\":\"x\",\"rule\":\"unseen-asm\",\"users\":[\"a\"],\"reason\":\"r\",\"owner\":\"o\"}",
                        "\"rule\": unknown rule id 'unseen-asm': " + KNOWN_RULE_IDS),
                arguments(
                        "allowlist without criteria",
                        "{\"type\":\"allowlist\",\"id\":\"x\",\"rule\":\"*\",\"reason\":\"r\",\"owner\":\"o\"}",
                        "an allowlist needs at least one of appIds, userAgentPatterns, users, cidrs"),
                arguments(
                        "allowlist with an empty criterion",
                        "{\"type\":\"allowlist\",\"id\":\"x\",\"rule\":\"*\",\"appIds\":[],\"reason\":\"r\",\"owner\":\"o\"}",
                        "\"appIds\" must be a non-empty array of strings"),
                arguments(
                        "allowlist criterion not an array",
                        "{\"type\":\"allowlist\",\"id\":\"x\",\"rule\":\"*\",\"users\":\"alice@contoso.com\",\"reason\":\"r\",\"owner\":\"o\"}",
                        "\"users\" must be a non-empty array of strings"),
                arguments(
                        "allowlist criterion with a blank item",
                        "{\"type\":\"allowlist\",\"id\":\"x\",\"rule\":\"*\",\"userAgentPatterns\":[\" \"],\"reason\":\"r\",\"owner\":\"o\"}",
                        "\"userAgentPatterns\" must be a non-empty array of strings"),
                arguments(
                        "allowlist without reason",
                        "{\"type\":\"allowlist\",\"id\":\"x\",\"rule\":\"*\",\"users\":[\"a\"],\"owner\":\"o\"}",
                        "an allowlist needs a \"reason\" and an \"owner\", so that it can be reviewed"),
                arguments(
                        "allowlist without owner",
                        "{\"type\":\"allowlist\",\"id\":\"x\",\"rule\":\"*\",\"users\":[\"a\"],\"reason\":\"r\"}",
                        "an allowlist needs a \"reason\" and an \"owner\", so that it can be reviewed"),
                arguments(
                        "bad CIDR address",
                        "{\"type\":\"allowlist\",\"id\":\"x\",\"rule\":\"*\",\"cidrs\":[\"10.0.0.300/24\"],\"reason\":\"r\",\"owner\":\"o\"}",
                        "\"cidrs\": '10.0.0.300' is not an IPv4 or IPv6 address"),
                arguments(
                        "bad CIDR prefix",
                        "{\"type\":\"allowlist\",\"id\":\"x\",\"rule\":\"*\",\"cidrs\":[\"2001:db8::/129\"],\"reason\":\"r\",\"owner\":\"o\"}",
                        "\"cidrs\": prefix of '2001:db8::/129' must be from 0 to 128"),
                arguments(
                        "user-agent pattern too long",
                        "{\"type\":\"allowlist\",\"id\":\"x\",\"rule\":\"*\",\"userAgentPatterns\":[\""
                                + "python/".repeat(40) + "*\"],\"reason\":\"r\",\"owner\":\"o\"}",
                        "\"userAgentPatterns\": a pattern has at most 256 characters, one has 281"),
                arguments(
                        "user-agent pattern with too many stars",
                        "{\"type\":\"allowlist\",\"id\":\"x\",\"rule\":\"*\",\"userAgentPatterns\":[\"azurecli/*\",\""
                                + "*a".repeat(16) + "*\"],\"reason\":\"r\",\"owner\":\"o\"}",
                        "\"userAgentPatterns\": a pattern has at most 16 '*', one has 17"),
                arguments(
                        "user-agent pattern with a line break",
                        "{\"type\":\"allowlist\",\"id\":\"x\",\"rule\":\"*\",\"userAgentPatterns\":[\"AZURECLI/\\r\\n*\"],\"reason\":\"r\",\"owner\":\"o\"}",
                        "\"userAgentPatterns\": a pattern cannot hold a line break"),
                arguments(
                        "user-agent pattern of stars only (every client)",
                        "{\"type\":\"allowlist\",\"id\":\"x\",\"rule\":\"*\",\"appIds\":[\"a\"],\"userAgentPatterns\":[\"AZURECLI/*\",\"**\"],\"reason\":\"r\",\"owner\":\"o\"}",
                        "\"userAgentPatterns\": '**' would match any client: a pattern needs at least 3 letters or digits of the client's user agent, such as AZURECLI/*"),
                arguments(
                        "user-agent pattern of punctuation",
                        "{\"type\":\"allowlist\",\"id\":\"x\",\"rule\":\"*\",\"users\":[\"a\"],\"userAgentPatterns\":[\"*/1.*\"],\"reason\":\"r\",\"owner\":\"o\"}",
                        "\"userAgentPatterns\": '*/1.*' would match any client: a pattern needs at least 3 letters or digits of the client's user agent, such as AZURECLI/*"),
                arguments(
                        "CIDR of every IPv4 address",
                        "{\"type\":\"allowlist\",\"id\":\"x\",\"rule\":\"*\",\"cidrs\":[\"0.0.0.0/0\",\"::/0\"],\"reason\":\"r\",\"owner\":\"o\"}",
                        "\"cidrs\": '0.0.0.0/0' is too broad: an IPv4 range needs a prefix of at least /8"),
                arguments(
                        "CIDR of every IPv6 address",
                        "{\"type\":\"allowlist\",\"id\":\"x\",\"rule\":\"*\",\"cidrs\":[\"::/0\"],\"reason\":\"r\",\"owner\":\"o\"}",
                        "\"cidrs\": '::/0' is too broad: an IPv6 range needs a prefix of at least /32"),
                arguments(
                        "CIDR of every IPv4-mapped IPv6 address (every IPv4 address)",
                        "{\"type\":\"allowlist\",\"id\":\"x\",\"rule\":\"*\",\"cidrs\":[\"::ffff:0:0/96\"],\"reason\":\"r\",\"owner\":\"o\"}",
                        "\"cidrs\": '::ffff:0:0/96' is too broad: an IPv4 range needs a prefix of at least /8"),
                arguments(
                        "CIDR broader than an IPv4 /8",
                        "{\"type\":\"allowlist\",\"id\":\"x\",\"rule\":\"*\",\"cidrs\":[\"10.0.0.0/7\"],\"reason\":\"r\",\"owner\":\"o\"}",
                        "\"cidrs\": '10.0.0.0/7' is too broad: an IPv4 range needs a prefix of at least /8"),
                arguments(
                        "CIDR broader than an IPv6 /32",
                        "{\"type\":\"allowlist\",\"id\":\"x\",\"rule\":\"*\",\"cidrs\":[\"2001:db8::/31\"],\"reason\":\"r\",\"owner\":\"o\"}",
                        "\"cidrs\": '2001:db8::/31' is too broad: an IPv6 range needs a prefix of at least /32"),
                arguments(
                        "CIDRs that together cover more than an IPv4 /8",
                        "{\"type\":\"allowlist\",\"id\":\"x\",\"rule\":\"*\",\"cidrs\":[\"10.0.0.0/8\",\"11.0.0.0/8\",\"12.0.0.0/8\"],\"reason\":\"r\",\"owner\":\"o\"}",
                        "\"cidrs\": the ranges together cover more addresses than one /8 of IPv4: list only the organisation's own ranges"),
                arguments(
                        "CIDRs that together cover more than an IPv6 /32",
                        "{\"type\":\"allowlist\",\"id\":\"x\",\"rule\":\"*\",\"cidrs\":[\"2001:db8::/32\",\"2001:db9::/33\",\"2001:dba::/34\",\"2001:dbb::/34\",\"2001:dbc::/48\"],\"reason\":\"r\",\"owner\":\"o\"}",
                        "\"cidrs\": the ranges together cover more addresses than one /32 of IPv6: list only the organisation's own ranges"),
                arguments(
                        "allowlist of app ids alone",
                        "{\"type\":\"allowlist\",\"id\":\"x\",\"rule\":\"*\",\"appIds\":[\"04b07795-8ddb-461a-bbee-02f9e1bf7b46\"],\"reason\":\"r\",\"owner\":\"o\"}",
                        "an allowlist of \"appIds\" alone would silence any client that claims them, an attacker's too: add \"userAgentPatterns\", \"users\" or \"cidrs\""),
                arguments(
                        "allowlist of user-agent patterns alone",
                        "{\"type\":\"allowlist\",\"id\":\"x\",\"rule\":\"session-multi-source\",\"userAgentPatterns\":[\"AZURECLI/*\"],\"reason\":\"r\",\"owner\":\"o\"}",
                        "an allowlist of \"userAgentPatterns\" alone would silence any client that claims them, an attacker's too: add \"appIds\", \"users\" or \"cidrs\""),
                arguments(
                        "allowlist without an end",
                        "{\"type\":\"allowlist\",\"id\":\"x\",\"rule\":\"*\",\"users\":[\"a\"],\"reason\":\"r\",\"owner\":\"o\"}",
                        "an allowlist needs \"since\" (it then expires 90 days later) or \"expires\", as an ISO-8601 instant"),
                arguments(
                        "allowlist for longer than 90 days",
                        "{\"type\":\"allowlist\",\"id\":\"x\",\"rule\":\"*\",\"users\":[\"a\"],\"reason\":\"r\",\"owner\":\"o\",\"since\":\"2026-01-01T00:00:00Z\",\"expires\":\"2026-04-01T00:00:00.001Z\"}",
                        "\"expires\" must be at most 90 days after \"since\": renew an allowlist with a new record and version when it ends"),
                arguments(
                        "allowlist ending before it starts",
                        "{\"type\":\"allowlist\",\"id\":\"x\",\"rule\":\"*\",\"users\":[\"a\"],\"reason\":\"r\",\"owner\":\"o\",\"since\":\"2026-01-01T00:00:00Z\",\"expires\":\"2026-01-01T00:00:00Z\"}",
                        "\"expires\" must be after \"since\""),
                arguments(
                        "allowlist with a bad since",
                        "{\"type\":\"allowlist\",\"id\":\"x\",\"rule\":\"*\",\"users\":[\"a\"],\"reason\":\"r\",\"owner\":\"o\",\"since\":\"today\"}",
                        "\"since\" must be an ISO-8601 instant such as 2026-12-31T00:00:00Z"),
                arguments(
                        "allowlist with a bad expiry",
                        "{\"type\":\"allowlist\",\"id\":\"x\",\"rule\":\"*\",\"users\":[\"a\"],\"reason\":\"r\",\"owner\":\"o\",\"expires\":\"2026-12-31\"}",
                        "\"expires\" must be an ISO-8601 instant such as 2026-12-31T00:00:00Z"),
                arguments(
                        "allowlist expiring beyond epoch milliseconds",
                        "{\"type\":\"allowlist\",\"id\":\"x\",\"rule\":\"*\",\"users\":[\"a\"],\"reason\":\"r\",\"owner\":\"o\",\"expires\":\"+1000000000-12-31T23:59:59Z\"}",
                        "\"expires\" must be an instant in the years 2000 to 9999 such as 2026-12-31T00:00:00Z"),
                arguments(
                        "allowlist expiring in the year 10000",
                        "{\"type\":\"allowlist\",\"id\":\"x\",\"rule\":\"*\",\"users\":[\"a\"],\"reason\":\"r\",\"owner\":\"o\",\"expires\":\"+10000-01-01T00:00:00Z\"}",
                        "\"expires\" must be an instant in the years 2000 to 9999 such as 2026-12-31T00:00:00Z"),
                arguments(
                        "allowlist with a misspelt criterion",
                        "{\"type\":\"allowlist\",\"id\":\"x\",\"rule\":\"*\",\"appId\":[\"a\"],\"reason\":\"r\",\"owner\":\"o\"}",
                        "unknown field \"appId\" for type allowlist"),
                arguments(
                        "knownAsn without since or expires",
                        "{\"type\":\"knownAsn\",\"asn\":64500}",
                        "a knownAsn needs \"expires\", or \"since\" (it then expires 30 days later), as an ISO-8601 instant"),
                arguments(
                        "knownAsn with a bad since",
                        "{\"type\":\"knownAsn\",\"asn\":64500,\"since\":\"yesterday\"}",
                        "\"since\" must be an ISO-8601 instant such as 2026-12-31T00:00:00Z"),
                arguments(
                        "knownAsn expiring beyond epoch milliseconds",
                        "{\"type\":\"knownAsn\",\"asn\":64500,\"expires\":\"+1000000000-12-31T23:59:59Z\"}",
                        "\"expires\" must be an instant in the years 2000 to 9999 such as 2026-12-31T00:00:00Z"),
                arguments(
                        "knownAsn known since before epoch milliseconds",
                        "{\"type\":\"knownAsn\",\"asn\":64500,\"since\":\"-1000000000-01-01T00:00:00Z\"}",
                        "\"since\" must be an instant in the years 2000 to 9999 such as 2026-12-31T00:00:00Z"),
                arguments(
                        "knownAsn known since the last century",
                        "{\"type\":\"knownAsn\",\"asn\":64500,\"since\":\"1999-12-31T23:59:59Z\"}",
                        "\"since\" must be an instant in the years 2000 to 9999 such as 2026-12-31T00:00:00Z"),
                arguments(
                        "knownAsn without asn",
                        "{\"type\":\"knownAsn\",\"since\":\"2026-01-01T00:00:00Z\"}",
                        "\"asn\" must be a whole number from 1 to 4294967295"),
                arguments(
                        "knownAsn zero",
                        "{\"type\":\"knownAsn\",\"asn\":0,\"since\":\"2026-01-01T00:00:00Z\"}",
                        "\"asn\" must be a whole number from 1 to 4294967295"),
                arguments(
                        "knownAsn as text",
                        "{\"type\":\"knownAsn\",\"asn\":\"AS64500\",\"since\":\"2026-01-01T00:00:00Z\"}",
                        "\"asn\" must be a whole number from 1 to 4294967295"),
                arguments(
                        "knownAsn with an allowlist field",
                        "{\"type\":\"knownAsn\",\"asn\":64500,\"since\":\"2026-01-01T00:00:00Z\",\"owner\":\"o\"}",
                        "unknown field \"owner\" for type knownAsn"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRecords")
    void rejectsInvalidRecordSayingWhatToFix(String description, String json, String message) {
        InvalidTuningException rejected = assertThrows(InvalidTuningException.class, () -> TuningRecord.parse(json));

        assertEquals(message, rejected.getMessage());
    }

    @Test
    void rejectsTextThatIsNotJson() {
        InvalidTuningException rejected =
                assertThrows(InvalidTuningException.class, () -> TuningRecord.parse("{type: rule"));

        assertTrue(rejected.getMessage().startsWith("not valid JSON: "), rejected.getMessage());
    }

    @Test
    void ruleRecordAppliesToEveryTenantAtVersionZeroByDefault() throws InvalidTuningException {
        TuningRecord record =
                TuningRecord.parse("{\"type\":\"rule\",\"rule\":\"session-multi-source\",\"minDistinctIps\":0}");

        assertEquals("rule/*/session-multi-source", record.key());
        assertEquals(TuningRecord.RULE, record.type());
        assertEquals(TuningRecord.ALL_TENANTS, record.tenant());
        assertEquals(0, record.version());
        assertFalse(record.deleted());
    }

    @Test
    void ruleRecordWithEveryParameterIsValid() throws InvalidTuningException {
        TuningRecord record = TuningRecord.parse("""
                {"type":"rule","rule":"session-multi-source","tenant":"0b4e3d1c-5a6f-4e21-9c3b-8d7f6a5e4c3b","version":3,
                 "enabled":true,"window":"15m","minEvents":3,"minDeviceCodeProtocolEvents":1,"minInteractive":2,
                 "minNonInteractive":1,"minDistinctIps":0,"minDistinctUserAgents":2,"lookback":"P30D",
                 "recentExclusion":"1d","severity":"Critical","riskScore":99,"suppression":"2h","scoreThreshold":70,
                 "comment":"IPs are unreliable here: Azure logs the token receiver's IP on both sides"}""");

        assertEquals("rule/0b4e3d1c-5a6f-4e21-9c3b-8d7f6a5e4c3b/session-multi-source", record.key());
        assertEquals(3, record.version());
    }

    @ParameterizedTest
    @CsvSource({
        "\"window\":\"15m\"",
        "\"minInteractive\":3",
        "\"minNonInteractive\":2",
        "\"minDistinctIps\":0",
        "\"minDistinctUserAgents\":3"
    })
    void refusesATenantsRecordOfTheCepRulesPatternNamingTheField(String field) {
        // accepted before, and silently ignored: the pattern is compiled once, for every tenant
        InvalidTuningException rejected = assertThrows(
                InvalidTuningException.class,
                () -> TuningRecord.parse("{\"type\":\"rule\",\"rule\":\"concurrent-interactive-noninteractive\","
                        + "\"tenant\":\"0b4e3d1c-5a6f-4e21-9c3b-8d7f6a5e4c3b\",\"enabled\":true," + field + "}"));

        assertEquals(
                field.substring(0, field.indexOf(':')) + " of concurrent-interactive-noninteractive cannot be set for"
                        + " one tenant: the rule's CEP pattern is compiled when the job starts, for every tenant, from the"
                        + " all-tenant (\"tenant\": \"*\") record of the start-up tuning (--tuning, and on Kafka the tuning topic"
                        + " as it stands then); a tenant's record may set enabled, severity, riskScore and suppression",
                rejected.getMessage());
    }

    @Test
    void acceptsTheCepRulesLiveParametersForATenantAndItsPatternForEveryTenant() throws InvalidTuningException {
        TuningRecord.parse("""
                {"type":"rule","rule":"concurrent-interactive-noninteractive","tenant":"0b4e3d1c-5a6f-4e21-9c3b-8d7f6a5e4c3b",
                 "enabled":false,"severity":"medium","riskScore":40,"suppression":"2h"}""");
        TuningRecord.parse("""
                {"type":"rule","rule":"concurrent-interactive-noninteractive","tenant":"*","window":"15m",
                 "minInteractive":3,"minNonInteractive":2,"minDistinctIps":0,"minDistinctUserAgents":3}""");
        // session-multi-source reads the same names at run time, per tenant
        TuningRecord.parse("""
                {"type":"rule","rule":"session-multi-source","tenant":"0b4e3d1c-5a6f-4e21-9c3b-8d7f6a5e4c3b","window":"15m"}""");
    }

    @Test
    void allowlistKeyIsItsTenantAndId() throws InvalidTuningException {
        TuningRecord record = TuningRecord.parse(TuningFixtures.AZURE_CLI_ALLOWLIST);

        assertEquals("allowlist/*/azure-cli", record.key());
        assertEquals(1, record.version());
    }

    @Test
    void allowlistForEveryRuleWithEveryCriterionIsValid() throws InvalidTuningException {
        TuningRecord record = TuningRecord.parse("""
                {"type":"allowlist","id":"vpn-admins","rule":"*","tenant":"0b4e3d1c-5a6f-4e21-9c3b-8d7f6a5e4c3b","appIds":["a"],
                 "userAgentPatterns":["azurecli/*"],"users":["alice@contoso.com"],"cidrs":["198.51.100.0/24","2001:db8::/32"],
                 "reason":"admin jump hosts","owner":"secops@example.com","since":"2026-01-01T00:00:00Z","expires":"2026-03-31T00:00:00Z"}""");

        assertEquals("allowlist/0b4e3d1c-5a6f-4e21-9c3b-8d7f6a5e4c3b/vpn-admins", record.key());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "users alone | \"users\":[\"alice@contoso.com\"]",
                "an IPv4 /8 | \"cidrs\":[\"10.0.0.0/8\"]",
                "ranges within an IPv4 /8 and an IPv6 /32 together | \"cidrs\":[\"10.0.0.0/9\",\"172.16.0.0/12\",\"192.168.0.0/16\",\"203.0.113.0/24\",\"2001:db8::/33\",\"2001:db9::/33\"]",
                "an IPv6 /32 | \"cidrs\":[\"2001:db8::/32\"]",
                "app and client together | \"appIds\":[\"04b07795-8ddb-461a-bbee-02f9e1bf7b46\"],\"userAgentPatterns\":[\"*cli*\"]",
                "client with the users | \"userAgentPatterns\":[\"AZURECLI/*\"],\"users\":[\"alice@contoso.com\"]"
            })
    void allowlistNarrowedToSomethingIsValid(String description, String criteria) throws InvalidTuningException {
        TuningRecord.parse("{\"type\":\"allowlist\",\"id\":\"x\",\"rule\":\"*\"," + criteria
                + ",\"reason\":\"r\",\"owner\":\"o\",\"expires\":\"2026-12-31T00:00:00Z\"}");
    }

    @Test
    void knownAsnKeyIsItsTenantAndNumber() throws InvalidTuningException {
        TuningRecord record = TuningRecord.parse("""
                {"type":"knownAsn","tenant":"0b4e3d1c-5a6f-4e21-9c3b-8d7f6a5e4c3b","asn":64500,"name":"corporate egress","since":"2026-01-01T00:00:00Z"}""");

        assertEquals("knownAsn/0b4e3d1c-5a6f-4e21-9c3b-8d7f6a5e4c3b/64500", record.key());
    }

    @Test
    void knownAsnMayBeAnyThirtyTwoBitAsn() throws InvalidTuningException {
        // ASNs are 32-bit unsigned: 4200000000..4294967294 are private-use ones, in real use
        TuningRecord record = TuningRecord.parse("""
                {"type":"knownAsn","tenant":"0b4e3d1c-5a6f-4e21-9c3b-8d7f6a5e4c3b","asn":4294967294,"since":"2026-01-01T00:00:00Z"}""");

        assertEquals("knownAsn/0b4e3d1c-5a6f-4e21-9c3b-8d7f6a5e4c3b/4294967294", record.key());
    }

    @Test
    void deletionNeedsOnlyTheKey() throws InvalidTuningException {
        TuningRecord allowlist =
                TuningRecord.parse("{\"type\":\"allowlist\",\"id\":\"azure-cli\",\"deleted\":true,\"version\":2}");
        TuningRecord knownAsn = TuningRecord.parse(
                "{\"type\":\"knownAsn\",\"tenant\":\"0b4e3d1c-5a6f-4e21-9c3b-8d7f6a5e4c3b\",\"asn\":64500,\"deleted\":true}");

        assertTrue(allowlist.deleted());
        assertEquals("allowlist/*/azure-cli", allowlist.key());
        assertTrue(knownAsn.deleted());
        assertEquals("knownAsn/0b4e3d1c-5a6f-4e21-9c3b-8d7f6a5e4c3b/64500", knownAsn.key());
    }

    @Test
    void keepsTheRecordAsItArrivedForBroadcastState() throws InvalidTuningException {
        String json = "{\"type\":\"knownAsn\",\"asn\":64500,\"expires\":\"2026-03-01T00:00:00Z\",\"comment\":\"VPN\"}";

        TuningRecord record = TuningRecord.parse(json);

        assertEquals(json, record.json());
        assertEquals(record, TuningRecord.parse(record.json()));
    }

    @Test
    void instantsOfTheFirstAndLastAllowedYearAreValid() throws InvalidTuningException {
        TuningRecord.parse(
                "{\"type\":\"knownAsn\",\"asn\":64500,\"since\":\"2000-01-01T00:00:00Z\",\"expires\":\"9999-12-31T23:59:59.999Z\"}");
    }

    @Test
    void textValuesAreStripped() throws InvalidTuningException {
        TuningRecord record = TuningRecord.parse(
                "{\"type\":\"rule\",\"tenant\":\" 0b4e3d1c-5a6f-4e21-9c3b-8d7f6a5e4c3b \",\"rule\":\" unseen-asn \"}");

        assertEquals("rule/0b4e3d1c-5a6f-4e21-9c3b-8d7f6a5e4c3b/unseen-asn", record.key());
    }

    @Test
    void tenantIdIsKeptInLowerCaseAndTunesTheTenantWhateverTheCaseOfItsSignIns() throws InvalidTuningException {
        TuningRecord record = TuningRecord.parse(
                "{\"type\":\"rule\",\"rule\":\"unseen-asn\",\"tenant\":\"0B4E3D1C-5A6F-4E21-9C3B-8D7F6A5E4C3B\",\"riskScore\":5}");
        Tuning tuning = Tuning.merge(List.of(record.json()), List.of());

        assertEquals("rule/0b4e3d1c-5a6f-4e21-9c3b-8d7f6a5e4c3b/unseen-asn", record.key());
        assertEquals(
                5,
                tuning.parameters("unseen-asn", "0b4e3d1c-5a6f-4e21-9c3b-8d7f6a5e4c3b")
                        .riskScore());
        assertEquals(
                5,
                tuning.parameters("unseen-asn", "0B4E3D1C-5a6f-4e21-9c3b-8d7f6a5e4c3b")
                        .riskScore());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "500ms, PT0.5S",
        "90s, PT1M30S",
        "9m, PT9M",
        "9min, PT9M",
        "1h, PT1H",
        "30d, PT720H",
        "PT9M, PT9M",
        "P30D, PT720H",
        "2H, PT2H"
    })
    void readsDurationsInShortOrIsoForm(String text, Duration expected) throws InvalidTuningException {
        String json = "{\"type\":\"rule\",\"rule\":\"session-multi-source\",\"suppression\":\"" + text + "\"}";

        RuleParameters parameters = Tuning.merge(
                        List.of(TuningRecord.parse(json).json()), List.of())
                .parameters("session-multi-source", "0b4e3d1c-5a6f-4e21-9c3b-8d7f6a5e4c3b");

        assertEquals(expected, parameters.suppression());
    }

    @Test
    void readsSeverityIgnoringCase() throws InvalidTuningException {
        String json = "{\"type\":\"rule\",\"rule\":\"unseen-asn\",\"severity\":\"HIGH\"}";

        RuleParameters parameters = Tuning.merge(
                        List.of(TuningRecord.parse(json).json()), List.of())
                .parameters("unseen-asn", "0b4e3d1c-5a6f-4e21-9c3b-8d7f6a5e4c3b");

        assertEquals(Severity.HIGH, parameters.severity());
    }
}
