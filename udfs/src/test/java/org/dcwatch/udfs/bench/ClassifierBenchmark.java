package org.dcwatch.udfs.bench;

import java.util.concurrent.TimeUnit;
import org.dcwatch.udfs.classify.ClientApps;
import org.dcwatch.udfs.classify.UserAgentClass;
import org.dcwatch.udfs.classify.UserAgentClassifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** What the per-record classifiers cost: the user-agent classifier on typical strings, and the client-app lookup. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ClassifierBenchmark {

    @Param({
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80",
        "python-requests/2.31.0",
        "AZURECLI/2.61.0 (MSI) azsdk-python-core/1.28.0 Python/3.11.8 (Windows-10-10.0.22631-SP0)",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36 Edge/18.19582"
    })
    public String userAgent;

    @Benchmark
    public UserAgentClass classifyUserAgent() {
        return UserAgentClassifier.classify(userAgent);
    }

    /** The client-app lookup, outside the user-agent matrix. */
    @State(Scope.Thread)
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    @Fork(1)
    public static class ClientAppLookup {
        public String appId = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";

        @Benchmark
        public boolean lookUpHighValueApp() {
            return ClientApps.isHighValue(appId);
        }
    }
}
