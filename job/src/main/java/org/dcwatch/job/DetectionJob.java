package org.dcwatch.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.OutputTag;
import org.dcwatch.job.alert.AlertSuppressor;
import org.dcwatch.job.baseline.UnseenAsnDetector;
import org.dcwatch.job.chain.AdmitToDeviceChain;
import org.dcwatch.job.chain.DeviceChainEvent;
import org.dcwatch.job.chain.DeviceRegistrationChain;
import org.dcwatch.job.chain.NoteFollowingRegistrations;
import org.dcwatch.job.chain.RegistrationSteps;
import org.dcwatch.job.config.JobSettings;
import org.dcwatch.job.detect.AdmitToPattern;
import org.dcwatch.job.detect.AlertsInEventTimeOrder;
import org.dcwatch.job.detect.BrokerClientDeviceCode;
import org.dcwatch.job.detect.ConcurrentSignInPattern;
import org.dcwatch.job.detect.CountLateForPatterns;
import org.dcwatch.job.detect.DeviceCodeVisibility;
import org.dcwatch.job.detect.DropDuplicates;
import org.dcwatch.job.detect.RouteSignIns;
import org.dcwatch.job.detect.SessionKey;
import org.dcwatch.job.detect.SessionMultiSourceDetector;
import org.dcwatch.job.source.EventTimeWatermarks;
import org.dcwatch.job.source.SignInOrDeadLetter;
import org.dcwatch.job.source.SplitDeadLetters;
import org.dcwatch.job.tuning.CheckTuningRecords;
import org.dcwatch.job.tuning.RuleParameters;
import org.dcwatch.job.tuning.Tuning;
import org.dcwatch.job.tuning.TuningState;
import org.dcwatch.job.tuning.TuningWatermarks;
import org.dcwatch.udfs.alert.Alert;
import org.dcwatch.udfs.alert.VisibilityRecord;
import org.dcwatch.udfs.event.DeviceRegistrationEvent;
import org.dcwatch.udfs.event.SignInEvent;
import org.dcwatch.udfs.event.SignInSummary;
import org.dcwatch.udfs.parse.DeadLetter;
import org.dcwatch.udfs.parse.SignInHeader;
import org.dcwatch.udfs.rules.RuleCatalogue;

/**
 * The dcwatch job graph, from raw sign-in messages to alerts. Sources and sinks come from outside, so that the same
 * graph runs in tests, embedded on files, and on a cluster with Kafka. {@link #build} reads top to bottom.
 */
public final class DetectionJob {

    /** Where the results go; any but alerts may be null, and is then only counted in metrics. */
    public record Outputs(
            Sink<Alert> alerts,
            Sink<VisibilityRecord> visibility,
            Sink<DeadLetter> deadLetters,
            Sink<SignInEvent> late) {}

    private static final OutputTag<SignInSummary> LATE_FOR_PATTERNS =
            new OutputTag<>("late-for-patterns", TypeInformation.of(SignInSummary.class));

    private static final OutputTag<DeviceChainEvent> LATE_FOR_CHAIN =
            new OutputTag<>("late-for-device-chain", DeviceChainEvent.TYPE);

    private final JobSettings settings;
    private final Source<SignInOrDeadLetter, ?, ?> signInSource;
    private final Source<String, ?, ?> tuningUpdates;
    private final List<String> initialTuning;
    private final Outputs outputs;
    /** The device registrations of the input, once {@link #build} made the graph. */
    private DataStream<DeviceRegistrationEvent> deviceRegistrations;

    /**
     * @param signInSource the sign-ins and dead letters of the input, parsed in the source (see {@code SignInFiles},
     *     {@code SignInKafkaSource})
     * @param tuningUpdates tuning records that arrive while the job runs, or null for none
     * @param initialTuning tuning records in force from the first event on (checked by the caller)
     */
    public DetectionJob(
            JobSettings settings,
            Source<SignInOrDeadLetter, ?, ?> signInSource,
            Source<String, ?, ?> tuningUpdates,
            List<String> initialTuning,
            Outputs outputs) {
        this.settings = settings;
        this.signInSource = signInSource;
        this.tuningUpdates = tuningUpdates;
        this.initialTuning = new ArrayList<>(initialTuning);
        this.outputs = outputs;
    }

    /**
     * Adds the job to {@code env}.
     *
     * @param env made from a {@link JobConfiguration}: without generic types, with object reuse
     * @throws IllegalStateException when {@code env} lacks the options of {@link JobConfiguration#defaults()}
     */
    public void build(StreamExecutionEnvironment env) {
        if (!JobConfiguration.holds(env)) {
            throw new IllegalStateException(
                    "the environment lacks the dcwatch options: make it from a JobConfiguration (no generic types,"
                            + " object reuse)");
        }

        // the source parses: one message may hold many records, whatever is not a sign-in becomes a dead letter, and
        // sign-ins leave as headers, the values that route them. Parsing there lets the watermarks be made there, per
        // Kafka partition and per file: a task's event time is the slowest of its partitions', across topics, so an
        // event hub or a partition that lags the others holds event time back instead of making its sign-ins late.
        // A partition without records that move event time for a while (silent, or dead letters only) is idle and
        // holds nobody back. A history bootstrap (HybridSource) passes through the same strategy, so the live topic
        // continues where the history left it.
        SingleOutputStreamOperator<SignInHeader> parsed = env
                // the type given, because a HybridSource (history, then the topic) does not say what it produces
                .fromSource(
                        signInSource,
                        EventTimeWatermarks.strategy(settings.outOfOrderness(), settings.idleness()),
                        "sign-in messages",
                        SignInOrDeadLetter.TYPE)
                .uid("sign-in-source")
                .process(new SplitDeadLetters())
                .uid("parse-sign-ins")
                .name("dead letters aside");
        // the audit log's device registrations, counted there (deviceRegistrations), for the device-registration chain
        deviceRegistrations = parsed.getSideOutput(SplitDeadLetters.DEVICE_REGISTRATIONS);

        // event time is the sign-in's own time; the baseline learns from every successful sign-in, the rules see
        // on-time device-code sign-ins only; the router reads in full only those that go to the rules or are late
        SingleOutputStreamOperator<SignInEvent> deviceCodeSignIns = parsed.process(
                        new RouteSignIns(settings.learnOnlyBefore(), settings.format()))
                .uid("route-sign-ins")
                .name("route: baseline, device code, late");

        // tuning: checked once, then broadcast to every operator that reads it; the check knows what the CEP pattern
        // was compiled from, and says when an update cannot change it before the next submission
        SingleOutputStreamOperator<String> checkedTuning = tuningUpdates(env)
                .process(new CheckTuningRecords(initialTuning))
                .setParallelism(1)
                .uid("check-tuning")
                .name("check tuning records");
        BroadcastStream<String> tuning = checkedTuning.broadcast(TuningState.DESCRIPTOR);
        // what the CEP patterns are compiled from: the start-up tuning's all-tenant records
        Tuning startUpTuning = Tuning.merge(initialTuning, List.of());

        DataStream<SignInEvent> uniqueDeviceCodeSignIns = deviceCodeSignIns
                .keyBy(DropDuplicates.keySelector())
                .process(new DropDuplicates(settings.duplicateHorizon()))
                .uid("drop-duplicates")
                .name("drop duplicate sign-ins");

        // rule device-code-visibility: every device-code sign-in, scored
        DataStream<VisibilityRecord> visibility = uniqueDeviceCodeSignIns
                .connect(tuning)
                .process(new DeviceCodeVisibility(initialTuning))
                .uid("device-code-visibility")
                .name("device-code visibility");

        // the session rules: one key per tenant, user and session; sign-ins without a session never group
        KeyedStream<SignInSummary, String> sessions = uniqueDeviceCodeSignIns
                .filter(SignInEvent::hasSession)
                .uid("with-session")
                .name("sign-ins with a session")
                .map(SignInSummary::of)
                .uid("summarize")
                .name("summarize for session state")
                .keyBy(new SessionKey());

        DataStream<Alert> multiSource = sessions.connect(tuning)
                .process(new SessionMultiSourceDetector(initialTuning))
                .uid("session-multi-source")
                .name("rule session-multi-source");

        // the CEP rule sees a bounded number of each session's sign-ins: a flood would cost it quadratic CPU
        RuleParameters patternParameters =
                startUpTuning.parameters(RuleCatalogue.CONCURRENT_INTERACTIVE_NONINTERACTIVE, null);
        KeyedStream<SignInSummary, String> admittedToPattern = sessions.process(new AdmitToPattern(patternParameters))
                .uid(AdmitToPattern.UID)
                .name(AdmitToPattern.NAME)
                .keyBy(new SessionKey());
        SingleOutputStreamOperator<Alert> concurrent = ConcurrentSignInPattern.detect(
                        admittedToPattern, patternParameters, LATE_FOR_PATTERNS)
                .uid(ConcurrentSignInPattern.UID)
                .name(ConcurrentSignInPattern.NAME);
        concurrent
                .getSideOutput(LATE_FOR_PATTERNS)
                .process(new CountLateForPatterns<SignInSummary>())
                .uid("count-late-for-patterns")
                .name("count late for patterns");

        // rule unseen-asn: the per-user ASN history, joined with the tenant-known ASNs of the tuning
        DataStream<Alert> unseenAsn = deviceCodeSignIns
                .getSideOutput(RouteSignIns.BASELINE)
                .keyBy(UnseenAsnDetector::baselineKey)
                .connect(tuning)
                .process(new UnseenAsnDetector(initialTuning))
                .uid("unseen-asn")
                .name("rule unseen-asn");

        // rule device-code-broker-client: each device-code sign-in to the Microsoft Authentication Broker, stateless;
        // its alerts then in event time, so that the first of a session does not depend on the tasks' interleaving
        DataStream<Alert> brokerClient = uniqueDeviceCodeSignIns
                .flatMap(new BrokerClientDeviceCode())
                .uid(BrokerClientDeviceCode.UID)
                .name(BrokerClientDeviceCode.NAME)
                .keyBy(Alert::suppressionKey)
                .process(new AlertsInEventTimeOrder())
                .uid("device-code-broker-client-in-event-time")
                .name("device-code-broker-client: in event time");

        // the device-registration chain, per tenant and user in event time: a device-code sign-in, a device
        // registration of the audit log by the same user, a sign-in with the new device's Primary Refresh Token
        DataStream<DeviceChainEvent> chainStarts = uniqueDeviceCodeSignIns
                .filter(signIn -> signIn.isSuccess() && signIn.tenantId() != null)
                .uid("device-chain-device-code")
                .name("device-registration chain: successful device-code sign-ins")
                .map(DeviceChainEvent::deviceCode, DeviceChainEvent.TYPE)
                .uid("device-chain-device-code-steps")
                .name("device-registration chain: device-code steps");
        DataStream<DeviceChainEvent> registrations = deviceRegistrations
                .flatMap(new RegistrationSteps(), DeviceChainEvent.TYPE)
                .uid(RegistrationSteps.UID)
                .name(RegistrationSteps.NAME);
        DataStream<DeviceChainEvent> tokenUses = deviceCodeSignIns
                .getSideOutput(RouteSignIns.PRIMARY_REFRESH_TOKEN)
                .map(DeviceChainEvent::tokenUse, DeviceChainEvent.TYPE)
                .uid("device-chain-token-uses")
                .name("device-registration chain: Primary Refresh Token sign-ins");
        RuleParameters registrationParameters =
                startUpTuning.parameters(RuleCatalogue.DEVICE_CODE_DEVICE_REGISTRATION, null);
        RuleParameters tokenUseParameters = startUpTuning.parameters(RuleCatalogue.DEVICE_REGISTRATION_PRT_USE, null);
        SingleOutputStreamOperator<DeviceChainEvent> admitted = chainStarts
                .union(registrations, tokenUses)
                .keyBy(DeviceChainEvent::key)
                .process(new AdmitToDeviceChain(min(registrationParameters.window(), tokenUseParameters.window())))
                .uid(AdmitToDeviceChain.UID)
                .name(AdmitToDeviceChain.NAME);
        SingleOutputStreamOperator<Alert> registrationChains = DeviceRegistrationChain.detect(
                        RuleCatalogue.DEVICE_CODE_DEVICE_REGISTRATION,
                        admitted.filter(step -> step.step() != DeviceChainEvent.Step.TOKEN_USE)
                                .uid("device-chain-to-registration")
                                .name("device-registration chain: device codes and registrations")
                                .keyBy(DeviceChainEvent::key),
                        registrationParameters,
                        LATE_FOR_CHAIN)
                .uid(DeviceRegistrationChain.REGISTRATION_UID)
                .name(DeviceRegistrationChain.REGISTRATION_NAME);
        // the token-use rule continues the registration rule's matches: it never sees the device-code sign-ins
        DataStream<DeviceChainEvent> registeredThenTokenUses = admitted.filter(
                        step -> step.step() == DeviceChainEvent.Step.TOKEN_USE)
                .uid("device-chain-to-token-use")
                .name("device-registration chain: Primary Refresh Token uses")
                .union(registrationChains
                        .map(DeviceChainEvent::registered, DeviceChainEvent.TYPE)
                        .uid("device-chain-registered")
                        .name("device-registration chain: registered after a device code"));
        SingleOutputStreamOperator<Alert> tokenUseChains = DeviceRegistrationChain.detect(
                        RuleCatalogue.DEVICE_REGISTRATION_PRT_USE,
                        registeredThenTokenUses.keyBy(DeviceChainEvent::key),
                        tokenUseParameters,
                        LATE_FOR_CHAIN)
                .uid(DeviceRegistrationChain.TOKEN_USE_UID)
                .name(DeviceRegistrationChain.TOKEN_USE_NAME);
        registrationChains
                .getSideOutput(LATE_FOR_CHAIN)
                .union(tokenUseChains.getSideOutput(LATE_FOR_CHAIN))
                .process(new CountLateForPatterns<DeviceChainEvent>())
                .uid("count-late-for-device-chain")
                .name("count late for the device-registration chain");

        // the visibility record of a sign-in that a registration followed is written again, noting it
        DataStream<VisibilityRecord> notedVisibility = visibility
                .keyBy(record -> DeviceChainEvent.key(record.tenantId(), record.userKey()))
                .connect(registrationChains.keyBy(alert -> DeviceChainEvent.key(alert.tenantId(), alert.userKey())))
                .process(new NoteFollowingRegistrations(registrationParameters.window()))
                .uid(NoteFollowingRegistrations.UID)
                .name(NoteFollowingRegistrations.NAME);

        // one alert per rule, tenant, user and session per suppression window; allowlists and severities applied
        DataStream<Alert> alerts = multiSource
                .union(concurrent, unseenAsn, brokerClient, registrationChains, tokenUseChains)
                .keyBy(Alert::suppressionKey)
                .connect(tuning)
                .process(new AlertSuppressor(initialTuning))
                .uid("suppress-alerts")
                .name("allowlists and suppression");

        alerts.sinkTo(outputs.alerts()).uid("alert-sink").name("alerts");
        if (outputs.visibility() != null) {
            notedVisibility.sinkTo(outputs.visibility()).uid("visibility-sink").name("visibility records");
        }
        if (outputs.deadLetters() != null) {
            parsed.getSideOutput(SplitDeadLetters.DEAD_LETTERS)
                    .union(checkedTuning.getSideOutput(CheckTuningRecords.DEAD_LETTERS))
                    .sinkTo(outputs.deadLetters())
                    .uid("dead-letter-sink")
                    .name("dead letters");
        }
        if (outputs.late() != null) {
            deviceCodeSignIns
                    .getSideOutput(RouteSignIns.LATE)
                    .sinkTo(outputs.late())
                    .uid("late-sink")
                    .name("late sign-ins");
        }
    }

    /**
     * The device registrations of the audit records in the input, for the rules that follow a device-code sign-in to a
     * registration; {@link #build} must have made the graph.
     */
    public DataStream<DeviceRegistrationEvent> deviceRegistrations() {
        if (deviceRegistrations == null) throw new IllegalStateException("build the job first");
        return deviceRegistrations;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private DataStream<String> tuningUpdates(StreamExecutionEnvironment env) {
        if (tuningUpdates == null) {
            // no updates: an input that ends at once (one blank line, which the check skips), so that its final
            // watermark never holds the rules' event time back
            return env.fromData(Types.STRING, "").uid("no-tuning-updates").name("no tuning updates");
        }
        // the tuning stream has no event time of its own and must never hold the rules' event time back
        return env.fromSource(tuningUpdates, TuningWatermarks.endOfTime(), "tuning updates")
                .uid("tuning-source");
    }
}
