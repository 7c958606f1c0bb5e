package org.dcwatch.udfs.sql;

import org.apache.flink.table.functions.ScalarFunction;
import org.dcwatch.udfs.classify.ClientApps;

/**
 * {@code is_high_value_app(app_id)}: whether device-code phishing campaigns target this client for broad tokens
 * (Azure CLI, Azure PowerShell, Office, Teams, ...). FALSE for NULL and unknown ids.
 */
public class IsHighValueApp extends ScalarFunction {

    public Boolean eval(String appId) {
        return ClientApps.isHighValue(appId);
    }
}
