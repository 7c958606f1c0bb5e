package org.dcwatch.udfs.sql;

import org.apache.flink.table.functions.ScalarFunction;
import org.dcwatch.udfs.classify.UserAgentClassifier;

/**
 * {@code user_agent_family(user_agent)}: the client family of a user agent string ({@code 'python-requests'},
 * {@code 'azure-cli'}, {@code 'chrome'}, ...), or NULL when unknown.
 */
public class UserAgentFamily extends ScalarFunction {

    public String eval(String userAgent) {
        return UserAgentClassifier.classify(userAgent).family();
    }
}
