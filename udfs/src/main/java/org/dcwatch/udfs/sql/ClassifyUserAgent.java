package org.dcwatch.udfs.sql;

import java.util.Locale;
import org.apache.flink.table.functions.ScalarFunction;
import org.dcwatch.udfs.classify.UserAgentClassifier;
import org.dcwatch.udfs.classify.UserAgentKind;

/**
 * {@code classify_user_agent(user_agent)}: the {@link UserAgentKind} of a user agent string in lower case
 * ({@code 'browser'}, {@code 'scripted_tool'}, ...); {@code 'empty'} for NULL.
 */
public class ClassifyUserAgent extends ScalarFunction {

    private static final String[] KIND_NAMES = kindNames();

    public String eval(String userAgent) {
        return KIND_NAMES[UserAgentClassifier.classify(userAgent).kind().ordinal()];
    }

    /** Lower-cased once, not per row. */
    private static String[] kindNames() {
        UserAgentKind[] kinds = UserAgentKind.values();
        String[] names = new String[kinds.length];
        for (UserAgentKind kind : kinds) {
            names[kind.ordinal()] = kind.name().toLowerCase(Locale.ROOT);
        }
        return names;
    }
}
