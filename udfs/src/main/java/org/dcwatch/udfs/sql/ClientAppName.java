package org.dcwatch.udfs.sql;

import org.apache.flink.table.functions.ScalarFunction;
import org.dcwatch.udfs.classify.ClientApps;

/** {@code client_app_name(app_id)}: the name of a well-known Microsoft client app, or NULL when it is not one. */
public class ClientAppName extends ScalarFunction {

    public String eval(String appId) {
        return ClientApps.nameOf(appId);
    }
}
