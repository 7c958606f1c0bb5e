package org.dcwatch.udfs.sql;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * The SQL names of dcwatch's scalar functions. udfs does not see the Table API at compile time, so callers register
 * them themselves:
 *
 * <pre>{@code
 * SqlFunctions.all().forEach(tableEnv::createTemporarySystemFunction);
 * }</pre>
 */
public final class SqlFunctions {

    private static final Map<String, Class<? extends ScalarFunction>> ALL = functions();

    private SqlFunctions() {}

    /** SQL name to function class, in a stable order. */
    public static Map<String, Class<? extends ScalarFunction>> all() {
        return ALL;
    }

    private static Map<String, Class<? extends ScalarFunction>> functions() {
        Map<String, Class<? extends ScalarFunction>> functions = new LinkedHashMap<>();
        functions.put("classify_user_agent", ClassifyUserAgent.class);
        functions.put("user_agent_family", UserAgentFamily.class);
        functions.put("is_device_code", IsDeviceCode.class);
        functions.put("client_app_name", ClientAppName.class);
        functions.put("is_high_value_app", IsHighValueApp.class);
        return Collections.unmodifiableMap(functions);
    }
}
