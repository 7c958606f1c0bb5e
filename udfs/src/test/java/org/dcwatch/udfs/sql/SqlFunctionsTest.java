package org.dcwatch.udfs.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Registers the functions in a real batch TableEnvironment and calls them from SQL. */
class SqlFunctionsTest {

    private static final String AZURE_CLI = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
    private static final String OUTLOOK_MOBILE = "27922004-5251-4030-b22d-91ecd9a37ea4";

    // One environment for the class: creating it takes about 2 s, the first query on a fresh MiniCluster about 8 s.
    private static TableEnvironment tableEnv;

    @BeforeAll
    static void registerFunctions() {
        tableEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        SqlFunctions.all().forEach(tableEnv::createTemporarySystemFunction);
    }

    @Test
    void namesEveryFunctionOnce() {
        assertEquals(
                Map.of(
                        "classify_user_agent",
                        ClassifyUserAgent.class,
                        "user_agent_family",
                        UserAgentFamily.class,
                        "is_device_code",
                        IsDeviceCode.class,
                        "client_app_name",
                        ClientAppName.class,
                        "is_high_value_app",
                        IsHighValueApp.class),
                SqlFunctions.all());
    }

    @Test
    void functionsClassifySignInsInSql() throws Exception {
        List<List<Object>> rows =
                query("SELECT id, classify_user_agent(ua), user_agent_family(ua), is_device_code(protocol, transfer),"
                        + " client_app_name(app), is_high_value_app(app)"
                        + " FROM (VALUES"
                        + "  (1, 'python-requests/2.31.0', 'deviceCode', 'none', '" + AZURE_CLI + "'),"
                        + "  (2, 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                        + " Chrome/70.0.3538.102 Safari/537.36 Edge/18.18363', 'oAuth2', 'Device code flow', '"
                        + OUTLOOK_MOBILE + "'),"
                        + "  (3, 'AZURECLI/2.61.0 (MSI) azsdk-python-azure-mgmt-resource/23.1.1 Python/3.11.8',"
                        + " 'oAuth2', 'none', '00000000-0000-0000-0000-000000000000'),"
                        + "  (4, CAST(NULL AS STRING), CAST(NULL AS STRING), CAST(NULL AS STRING),"
                        + "   CAST(NULL AS STRING))"
                        + " ) AS t(id, ua, protocol, transfer, app)");

        assertEquals(
                List.of(
                        Arrays.asList(1, "scripted_tool", "python-requests", true, "Microsoft Azure CLI", true),
                        Arrays.asList(2, "outdated_browser", "edge-legacy", true, "Outlook Mobile", false),
                        Arrays.asList(3, "microsoft_client", "azure-cli", false, null, false),
                        Arrays.asList(4, "empty", null, false, null, false)),
                rows);
    }

    /** Runs a query and returns its rows as field lists, ordered by the first column. */
    private static List<List<Object>> query(String sql) throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        CloseableIterator<Row> result = tableEnv.executeSql(sql).collect();
        try {
            while (result.hasNext()) {
                Row row = result.next();
                List<Object> fields = new ArrayList<>(row.getArity());
                for (int i = 0; i < row.getArity(); i++) {
                    fields.add(row.getField(i));
                }
                rows.add(fields);
            }
        } finally {
            result.close(); // ends the job if an assertion left rows unread
        }
        rows.sort(Comparator.comparingInt(fields -> (Integer) fields.get(0)));
        return rows;
    }
}
