# Shared by deploy/local/start, alerts, stop and drill (sourced, not run): where the local stack keeps its state, and
# how each of its processes starts and stops. Every process listens on 127.0.0.1 only; every port can be overridden.

DCWATCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LOCAL=$DCWATCH_ROOT/deploy/local

# All state (Kafka's log dirs, checkpoints, savepoints, logs, pid files) lives here; stop removes it.
STATE=${DCWATCH_LOCAL_HOME:-$DCWATCH_ROOT/.dcwatch-local}
CONF=$STATE/conf
LOGS=$STATE/logs
PIDS=$STATE/pids

KAFKA_PORT=${DCWATCH_LOCAL_KAFKA_PORT:-19092}
CONTROLLER_PORT=${DCWATCH_LOCAL_CONTROLLER_PORT:-19093}
UI_PORT=${DCWATCH_LOCAL_UI_PORT:-18081}
JOBMANAGER_PORT=${DCWATCH_LOCAL_JOBMANAGER_PORT:-16123}
BOOTSTRAP=127.0.0.1:$KAFKA_PORT
UI=http://127.0.0.1:$UI_PORT

# What Maven resolves and builds (mvn package): the job, Kafka's broker with the tools here, Flink's runtime
JOB_JAR=$DCWATCH_ROOT/job/target/dcwatch.jar
KAFKA_CP="$LOCAL/target/kafka/*"
TOOLS_CP="$LOCAL/target/classes:$KAFKA_CP:$JOB_JAR"
FLINK_CP="$LOCAL/flink/target/lib/*"

# What Flink's own scripts open to Flink on Java 17 (the job's tests open the same)
JAVA_OPENS=(--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
    --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
    --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED
    --add-opens=java.base/java.util.concurrent=ALL-UNNAMED)

log() { echo "local: $*"; }
die() { echo "local: $*" >&2; exit 1; }

# Builds what the stack runs from, unless it is there (after changing the code, run mvn package yourself).
ensure_built() {
    if [[ -f $JOB_JAR && -d $LOCAL/target/kafka && -d $LOCAL/target/classes && -d $LOCAL/flink/target/lib ]]; then
        return
    fi
    log "building the job, Kafka's and Flink's class paths: mvn -B -q -DskipTests package"
    (cd "$DCWATCH_ROOT" && mvn -B -q -DskipTests ${MAVEN_OFFLINE:+-o} package)
}

# A Java class on the tools' class path (deploy/local/src/main/java), e.g. tool AlertWatch ...
tool() {
    local class=$1
    shift
    java -cp "$TOOLS_CP" -Dlog4j2.level=WARN "org.dcwatch.local.$class" "$@"
}

# Flink's command line client (submit, stop with a savepoint, cancel, list), configured for the local cluster.
flink() {
    FLINK_CONF_DIR=$CONF java "${JAVA_OPENS[@]}" -Dlog.file="$LOGS/flink-client.log" \
        -Dlog4j.configurationFile="file:$LOCAL/log4j2.properties" -cp "$FLINK_CP" \
        org.apache.flink.client.cli.CliFrontend "$@"
}

is_running() {
    local pid_file=$PIDS/$1.pid
    [[ -f $pid_file ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null
}

# Starts a long-running process in the background with its output in logs/NAME.out, and records its pid. Each runs in
# a session of its own: Ctrl-C in the terminal does not reach it, and stop ends it with any child it has (a feed's).
start_process() {
    local name=$1
    shift
    is_running "$name" && die "$name is already running (pid $(cat "$PIDS/$name.pid")); deploy/local/stop stops it"
    setsid "$@" >"$LOGS/$name.out" 2>&1 </dev/null &
    echo $! >"$PIDS/$name.pid"
    disown # not this shell's job: no "Killed" notice when the drill kills it
}

await_port() {
    local port=$1 name=$2
    for _ in $(seq 1 300); do
        is_running "$name" || die "$name ended at start; see $LOGS/$name.out and $LOGS/$name.log"
        (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return
        sleep 0.2
    done
    die "$name is not listening on 127.0.0.1:$port after a minute; see $LOGS/$name.log"
}

# Starts the broker (formatting its storage the first time); start_stack waits for it.
start_kafka() {
    cat >"$CONF/kafka.properties" <<EOF
# a single KRaft node: broker and controller in one process
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$STATE/kafka
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
EOF
    local kafka_java=(java -Xmx512m -Dlog.file="$LOGS/kafka.log"
        -Dlog4j2.configurationFile="$LOCAL/log4j2.properties" -cp "$KAFKA_CP")
    if [[ ! -f $STATE/kafka/meta.properties ]]; then
        "${kafka_java[@]}" kafka.tools.StorageTool format --standalone -c "$CONF/kafka.properties" \
            -t "$("${kafka_java[@]}" kafka.tools.StorageTool random-uuid)" >"$LOGS/kafka-format.out"
    fi
    start_process kafka "${kafka_java[@]}" kafka.Kafka "$CONF/kafka.properties"
}

write_flink_config() {
    cat >"$CONF/config.yaml" <<EOF
# The local session cluster: one JobManager and TaskManagers on 127.0.0.1, RocksDB state, checkpoints and savepoints
# in local directories. Ports not named here are chosen free at start.
jobmanager:
  rpc: {address: 127.0.0.1, port: $JOBMANAGER_PORT}
  bind-host: 127.0.0.1
  memory.process.size: 1024m
taskmanager:
  host: 127.0.0.1
  bind-host: 127.0.0.1
  numberOfTaskSlots: 2
  memory.process.size: 1536m
rest:
  address: 127.0.0.1
  bind-address: 127.0.0.1
  port: $UI_PORT
parallelism.default: 1
state.backend.type: rocksdb
state.backend.rocksdb.log.dir: $LOGS/rocksdb
execution.checkpointing:
  dir: file://$STATE/checkpoints
  savepoint-dir: file://$STATE/savepoints
  incremental: true
io.tmp.dirs: $STATE/tmp
web.tmpdir: $STATE/tmp
blob.storage.directory: $STATE/tmp
env.java.opts.all: ${JAVA_OPENS[*]}
EOF
}

# The JVM memory flags Flink's scripts compute from config.yaml, for the jobmanager or a taskmanager.
flink_memory_flags() {
    local params=GET_JM_RESOURCE_PARAMS
    [[ $1 == taskmanager ]] && params=GET_TM_RESOURCE_PARAMS
    java -cp "$FLINK_CP" -Dlog4j2.level=WARN org.apache.flink.runtime.util.bash.BashJavaUtils "$params" --configDir "$CONF" \
        | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p'
}

start_jobmanager() {
    local flags
    mapfile -t flags < <(flink_memory_flags jobmanager)
    [[ ${#flags[@]} -ge 1 ]] || die "could not compute the JobManager's memory from $CONF/config.yaml"
    # the first line holds the JVM flags, the second Flink's dynamic properties
    # shellcheck disable=SC2086
    start_process jobmanager java ${flags[0]} "${JAVA_OPENS[@]}" -Dlog.file="$LOGS/jobmanager.log" \
        -Dlog4j.configurationFile="file:$LOCAL/log4j2.properties" -cp "$FLINK_CP" \
        org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint --configDir "$CONF" ${flags[1]:-}
}

# start_taskmanager N: TaskManager number N (the drill starts a new number after killing one). Its resource id in
# Flink, which the web UI and the REST API show, is its name here: taskmanager-N.
start_taskmanager() {
    local name=taskmanager-$1 flags
    mapfile -t flags < <(flink_memory_flags taskmanager)
    [[ ${#flags[@]} -ge 2 ]] || die "could not compute the TaskManager's memory from $CONF/config.yaml"
    # shellcheck disable=SC2086
    start_process "$name" java ${flags[0]} "${JAVA_OPENS[@]}" -Dlog.file="$LOGS/$name.log" \
        -Dlog4j.configurationFile="file:$LOCAL/log4j2.properties" -cp "$FLINK_CP" \
        org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir "$CONF" ${flags[1]} \
        -D "taskmanager.resource-id=$name"
}

# The number of the next TaskManager: one more than any started so far
next_taskmanager() {
    local last
    last=$(ls "$PIDS" | sed -n 's/^taskmanager-\([0-9]*\)\.pid$/\1/p' | sort -n | tail -n 1)
    echo $(( ${last:-0} + 1 ))
}

# Kafka, the JobManager and TASKMANAGERS TaskManagers (default 1), started together (the TaskManagers keep trying to
# register until the JobManager is up); returns when Kafka listens and every TaskManager has registered.
start_stack() {
    local count=${1:-1} i
    mkdir -p "$CONF" "$LOGS/rocksdb" "$PIDS" "$STATE/kafka" "$STATE/tmp"
    start_kafka
    write_flink_config
    start_jobmanager
    for i in $(seq 1 "$count"); do start_taskmanager "$i"; done
    await_port "$KAFKA_PORT" kafka
    await_port "$UI_PORT" jobmanager
    tool JobWatch ready "$UI" "$count" 120 || die "the TaskManagers did not register; see $LOGS/taskmanager-1.log"
}

stack_is_running() {
    is_running kafka && is_running jobmanager
}

# Ends a process and its children by the recorded pid (SIGTERM, then SIGKILL after 20 s), and checks that they are
# gone. The pid is that of a session and process group leader (start_process), so the group is signalled.
stop_process() {
    local name=$1 pid
    pid=$(cat "$PIDS/$name.pid")
    if kill -0 -- "-$pid" 2>/dev/null; then
        kill -- "-$pid" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.2; done
        if kill -0 -- "-$pid" 2>/dev/null; then
            log "$name (pid $pid) did not end on SIGTERM: killing it"
            kill -9 -- "-$pid" 2>/dev/null || true
            sleep 0.5
        fi
    fi
    kill -0 -- "-$pid" 2>/dev/null && die "$name (pid $pid) or a child of it is still running"
    rm -f "$PIDS/$name.pid"
}

# The topics of a deployment named NAME: NAME-signins, NAME-alerts, ..., one partition each, so that one source task
# reads the sign-ins in their order (and the same records are late on every run).
create_topics() {
    local name=$1
    tool Topics "$BOOTSTRAP" 1 "$name-signins" "$name-auditlogs" "$name-alerts" "$name-visibility" \
        "$name-dead-letters" "$name-late" "$name-tuning:compact"
}

# Sends audit records to the audit-log topic of deployment NAME, as Entra's insights-logs-auditlogs hub would: the
# demo's (an "Add member to group"), the public fixtures' (other operations, all skipped) and the written Log Analytics
# rows (two device registrations). They move the topic's event time as sign-ins do; a minute after the last one it is
# idle and holds nobody back.
feed_audit_logs() {
    local name=$1 fixtures=$DCWATCH_ROOT/testdata/fixtures/auditlogs demo=$STATE/demo-auditlogs.jsonl
    grep '"category":"AuditLogs"' "$DCWATCH_ROOT/testdata/demo/signins.jsonl" >"$demo"
    tool SendLines "$BOOTSTRAP" "$name-auditlogs" "$demo" "$fixtures"/test-*.log \
        "$fixtures/written-loganalytics-auditlogs-rows.jsonl"
}

# Submits the job on the topics of deployment NAME, reading INPUTS (its --input-topic), detached, with Flink's run
# options given after them (--fromSavepoint PATH to start from a savepoint). Prints the job id.
submit_job() {
    local name=$1 inputs=$2 output
    shift 2
    output=$(flink run --detached "$@" "$JOB_JAR" run --bootstrap-servers "$BOOTSTRAP" \
        --input-topic "$inputs" --alerts-topic "$name-alerts" --visibility-topic "$name-visibility" \
        --dead-letter-topic "$name-dead-letters" --late-topic "$name-late" --tuning-topic "$name-tuning" \
        --group-id "$name" --transactional-id-prefix "$name" --starting-offsets earliest \
        --checkpoint-interval "${DCWATCH_LOCAL_CHECKPOINT_INTERVAL:-5s}" --parallelism 1 2>&1) \
        || { echo "$output" >&2; die "the job was not submitted; see $LOGS/flink-client.log"; }
    grep -o 'JobID [0-9a-f]\{32\}' <<<"$output" | cut -d' ' -f2
}

print_where() {
    echo "  web UI:   $UI"
    echo "  logs:     $LOGS (kafka.log, jobmanager.log, taskmanager-N.log; *.out hold each process's console)"
    echo "  state:    $STATE (Kafka's data, checkpoints, savepoints); deploy/local/stop removes it"
}
