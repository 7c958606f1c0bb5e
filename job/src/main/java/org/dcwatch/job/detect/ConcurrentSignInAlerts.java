package org.dcwatch.job.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.util.Collector;
import org.dcwatch.job.tuning.RuleParameters;
import org.dcwatch.udfs.alert.Alert;
import org.dcwatch.udfs.event.SignInSummary;
import org.dcwatch.udfs.rules.RuleCatalogue;

/**
 * Turns a match of {@link ConcurrentSignInPattern} into a {@code concurrent-interactive-noninteractive} alert, with
 * the matched sign-ins as evidence. Severity and risk score are the start-up tuning's; the downstream operators that
 * read the broadcast tuning apply later changes.
 */
public final class ConcurrentSignInAlerts extends PatternProcessFunction<SignInSummary, Alert> {

    private final RuleParameters parameters;

    public ConcurrentSignInAlerts(RuleParameters parameters) {
        this.parameters = parameters;
    }

    @Override
    public void processMatch(Map<String, List<SignInSummary>> match, Context ctx, Collector<Alert> out) {
        List<SignInSummary> interactive = match.get(ConcurrentSignInPattern.INTERACTIVE);
        List<SignInSummary> nonInteractive = match.get(ConcurrentSignInPattern.NON_INTERACTIVE);
        List<SignInSummary> signIns = new ArrayList<>(interactive);
        signIns.addAll(nonInteractive);
        out.collect(SessionEvidence.of(signIns).alert(RuleCatalogue.CONCURRENT_INTERACTIVE_NONINTERACTIVE, parameters));
    }
}
