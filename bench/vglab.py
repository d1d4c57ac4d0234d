"""Process harness shared by bench/run and drills/run: a private PostgreSQL cluster, the WireMock 8x8 stand-in and
real gateway jars, each a separate process started and stopped by pid. Standard library only."""

import glob
import http.client as httpclient
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PG_BIN = "/usr/lib/postgresql/15/bin"
WIREMOCK = "org.wiremock:wiremock-standalone:3.13.2"
BENCH_KEY = "bench-key"
OPS_KEY = "bench-ops-key"
EIGHT_KEY = "bench-8x8-key"
WEBHOOK_AUTH = "Bearer bench-webhook-secret"
WEBHOOK_PATH = "/webhooks/8x8/voice-session-summary"
CALLFLOW_PATH_RE = "/api/v1/subaccounts/[^/]+/callflows"


def log(msg):
    print(time.strftime("%H:%M:%S ") + msg, file=sys.stderr, flush=True)


def run(cmd, check=True, capture=True, timeout=None, **kw):
    res = subprocess.run(cmd, cwd=kw.pop("cwd", ROOT), text=True, timeout=timeout,
                         stdout=subprocess.PIPE if capture else None,
                         stderr=subprocess.STDOUT if capture else None, **kw)
    if check and res.returncode != 0:
        raise RuntimeError("command failed (%d): %s\n%s" % (res.returncode, " ".join(cmd), res.stdout or ""))
    return res


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(what, predicate, timeout, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except Exception:
            pass
        time.sleep(interval)
    raise TimeoutError("timed out after %ss waiting for %s" % (timeout, what))


def http(method, url, body=None, headers=None, timeout=10, source=None):
    """One request on a fresh connection: (status, headers dict lower-cased, body text). status 0 = no answer.
    source: the local address to send from (127.0.0.2: another client, as the gateway's sign-in throttle sees it)."""
    u = urllib.parse.urlsplit(url)
    conn = httpclient.HTTPConnection(u.hostname, u.port, timeout=timeout,
                                     source_address=(source, 0) if source else None)
    try:
        data = body if body is None or isinstance(body, (bytes, str)) else json.dumps(body)
        h = dict(headers or {})
        if data is not None and "Content-Type" not in h:
            h["Content-Type"] = "application/json"
        conn.request(method, u.path + ("?" + u.query if u.query else ""), body=data, headers=h)
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read().decode("utf-8", "replace")
    finally:
        conn.close()


class PgCluster:
    """A throwaway PostgreSQL 15 cluster on its own port, so the benchmark can open 128 + pool connections and a
    drill can restart PostgreSQL without breaking the other engineers' test runs on the shared 5432 server. Settings
    mirror the shared server (fsync on, 128MB shared_buffers, autovacuum off) apart from max_connections."""

    def __init__(self, port, max_connections=400):
        self.port = port
        self.dir = "/tmp/vg-pg-%d" % port
        self.max_connections = max_connections

    def _as_postgres(self, args, check=True):
        if os.geteuid() == 0:
            args = ["runuser", "-u", "postgres", "--"] + args
        return run(args, check=check, cwd="/tmp")

    def start(self):
        if not os.path.exists(os.path.join(self.dir, "PG_VERSION")):
            os.makedirs(self.dir, exist_ok=True)
            if os.geteuid() == 0:
                shutil.chown(self.dir, "postgres", "postgres")
            os.chmod(self.dir, 0o700)
            self._as_postgres([PG_BIN + "/initdb", "-D", self.dir, "-A", "trust", "-U", "postgres", "-E", "UTF8"])
        if self.ready():
            return
        opts = ("-p %d -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=%d -c shared_buffers=128MB "
                "-c fsync=on -c autovacuum=off -c max_wal_size=1GB" % (self.port, self.max_connections))
        self._as_postgres([PG_BIN + "/pg_ctl", "-D", self.dir, "-o", opts, "-l", self.dir + "/server.log",
                           "-w", "-t", "60", "start"])
        wait_until("PostgreSQL on %d" % self.port, self.ready, 60)

    def stop(self, mode="fast"):
        self._as_postgres([PG_BIN + "/pg_ctl", "-D", self.dir, "-m", mode, "-w", "-t", "60", "stop"], check=False)

    def ready(self):
        return run(["pg_isready", "-h", "127.0.0.1", "-p", str(self.port), "-q"], check=False).returncode == 0

    def cpu_ms(self):
        """CPU of the whole cluster so far: the postmaster, the backends that exited (its children's times) and the
        ones still running."""
        try:
            with open(os.path.join(self.dir, "postmaster.pid")) as f:
                postmaster = int(f.readline())
        except (OSError, ValueError):
            return 0.0
        total = proc_cpu_ms(postmaster, with_children=True)
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    if int(proc_stat(int(entry))[1]) == postmaster:
                        total += proc_cpu_ms(int(entry))
                except (OSError, IndexError, ValueError):
                    pass
        return total

    def psql(self, sql, db="postgres", check=True):
        res = run(["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", db, "-v",
                   "ON_ERROR_STOP=1", "-qtAX", "-c", sql], check=check)
        return res.stdout.strip()

    def recreate_db(self, db):
        self.psql("DROP DATABASE IF EXISTS %s WITH (FORCE)" % db)
        self.psql("CREATE DATABASE %s" % db)

    def jdbc(self, db):
        return "jdbc:postgresql://127.0.0.1:%d/%s" % (self.port, db)


class Proc:
    def __init__(self, name, popen, logfile):
        self.name, self.popen, self.logfile = name, popen, logfile

    @property
    def pid(self):
        return self.popen.pid

    def alive(self):
        return self.popen.poll() is None

    def kill(self, sig=signal.SIGTERM, wait=30):
        if self.alive():
            try:
                os.kill(self.pid, sig)
                self.popen.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                os.kill(self.pid, signal.SIGKILL)
                self.popen.wait(timeout=10)
            except ProcessLookupError:
                pass

    def cpu_ms(self):
        """User + system CPU of this process (all its threads) so far, from /proc/<pid>/stat, in milliseconds."""
        return proc_cpu_ms(self.pid)

    def peak_rss_mb(self):
        """VmHWM: the kernel's high-water mark of this process's resident set."""
        try:
            with open("/proc/%d/status" % self.pid) as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) / 1024.0
        except OSError:
            return None
        return None

    def log_tail(self, n=40):
        try:
            with open(self.logfile, errors="replace") as f:
                return "".join(f.readlines()[-n:])
        except OSError:
            return ""


CLK_TCK = os.sysconf("SC_CLK_TCK")


def proc_stat(pid):
    """Fields of /proc/<pid>/stat after the command name (which may hold spaces): index 0 is the state."""
    with open("/proc/%d/stat" % pid) as f:
        return f.read().rsplit(")", 1)[1].split()


def proc_cpu_ms(pid, with_children=False):
    try:
        st = proc_stat(pid)
    except OSError:
        return 0.0
    ticks = int(st[11]) + int(st[12])  # utime, stime
    if with_children:
        ticks += int(st[13]) + int(st[14])  # cutime, cstime: children that exited and were waited for
    return ticks * 1000.0 / CLK_TCK


def jvm_java(spec):
    """A java binary from a --java value: "17", "25" (a JDK under /usr/lib/jvm with that major) or a path."""
    if spec in ("", "java"):
        return "java"
    if os.path.sep in spec:
        return spec
    for d in sorted(glob.glob("/usr/lib/jvm/*")):
        release = os.path.join(d, "release")
        java = os.path.join(d, "bin", "java")
        if os.path.exists(release) and os.path.exists(java) and not os.path.islink(d):
            with open(release) as f:
                m = [line for line in f if line.startswith("JAVA_VERSION=")]
            if m and m[0].split("=", 1)[1].strip().strip('"').split(".")[0] == spec:
                return java
    raise RuntimeError("no JDK %s under /usr/lib/jvm" % spec)


def java_version(java):
    res = run([java, "-version"], check=False)
    return res.stdout.splitlines()[0] if res.stdout else java


class Lab:
    """Owns every process it starts; close() stops them by pid, never by name."""

    def __init__(self, out_dir):
        self.out = out_dir
        os.makedirs(out_dir, exist_ok=True)
        self.procs = []
        # A SIGTERM to the harness must still stop what it started: turn it into SystemExit, so finally runs.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    def spawn(self, name, cmd, env=None):
        logfile = os.path.join(self.out, name + ".log")
        f = open(logfile, "w")
        e = dict(os.environ)
        e.update(env or {})
        p = subprocess.Popen(cmd, cwd=ROOT, stdout=f, stderr=subprocess.STDOUT, env=e, start_new_session=True)
        proc = Proc(name, p, logfile)
        self.procs.append(proc)
        return proc

    def close(self):
        for p in reversed(self.procs):
            p.kill(signal.SIGTERM, wait=25)


def gateway_jar(build=True):
    if build:
        log("building the jar (./mvnw -B -q package -DskipTests)")
        run(["./mvnw", "-B", "-q", "package", "-DskipTests"], timeout=900)
    jars = [j for j in glob.glob(os.path.join(ROOT, "target", "voice-gateway-*.jar")) if not j.endswith("plain.jar")]
    if not jars:
        raise RuntimeError("no target/voice-gateway-*.jar; run without --no-build")
    return max(jars, key=os.path.getmtime)


def wiremock_jar():
    out = os.path.join(ROOT, "bench", "out")
    jar = os.path.join(out, "wiremock-standalone-3.13.2.jar")
    if not os.path.exists(jar):
        log("fetching " + WIREMOCK)
        run(["./mvnw", "-B", "-q", "dependency:copy", "-Dartifact=" + WIREMOCK, "-DoutputDirectory=" + out],
            timeout=600)
    return jar


class StandIn:
    """WireMock standalone as 8x8: answers callflows CREATED after a configurable delay and, through its webhook
    serve-event listener, posts a Voice Session Summary with clientRequestId echoed to the gateway's webhook."""

    STUB_ID = "6f1f2f9e-0000-4000-8000-000000000001"

    def __init__(self, lab, port=None, journal=True):
        self.port = port or free_port()
        cmd = ["java", "-Xmx512m", "-jar", wiremock_jar(), "--port", str(self.port), "--bind-address", "127.0.0.1",
               "--global-response-templating", "--async-response-enabled=true", "--async-response-threads=200",
               "--container-threads=300", "--jetty-accept-queue-size=1000", "--disable-banner"]
        if not journal:
            cmd.append("--no-request-journal")
        self.proc = lab.spawn("standin-%d" % self.port, cmd)
        wait_until("WireMock on %d" % self.port,
                   lambda: http("GET", self.url("/__admin/mappings"))[0] == 200, 60)

    def url(self, path=""):
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def stub(self, delay_ms=0, webhook_url=None, webhook_delay_ms=50, fault=None, status=200, body=None,
             session_status="COMPLETED"):
        """(Re)defines the callflow stub. fault: None, or a WireMock fault such as CONNECTION_RESET_BY_PEER."""
        cid = "{{jsonPath request.body '$.clientRequestId'}}"
        response = {"status": status, "headers": {"Content-Type": "application/json"}}
        if delay_ms:
            response["fixedDelayMilliseconds"] = delay_ms
        if fault:
            response = {"fault": fault}
        else:
            response["body"] = body if body is not None else (
                '{"sessionId":"s-%s","sessionStatus":"CREATED","callFlowRequestId":"r-%s",'
                '"statusCode":1,"statusMessage":"Created"}' % (cid, cid))
        mapping = {"id": self.STUB_ID, "priority": 5,
                   "request": {"method": "POST", "urlPathPattern": CALLFLOW_PATH_RE}, "response": response}
        if webhook_url:
            mapping["serveEventListeners"] = [{"name": "webhook", "parameters": {
                "method": "POST", "url": webhook_url,
                "headers": {"Content-Type": "application/json", "Authorization": WEBHOOK_AUTH},
                "delay": {"type": "fixed", "milliseconds": webhook_delay_ms},
                "body": vss_template(session_status)}}]
        st, _, txt = http("PUT", self.url("/__admin/mappings/" + self.STUB_ID), mapping)
        if st == 404:
            st, _, txt = http("POST", self.url("/__admin/mappings"), mapping)
        if st not in (200, 201):
            raise RuntimeError("WireMock stub refused: %s %s" % (st, txt))

    def callflow_ids(self):
        """clientRequestId of every callflow the stand-in received, duplicates kept."""
        st, _, txt = http("POST", self.url("/__admin/requests/find"),
                          {"method": "POST", "urlPathPattern": CALLFLOW_PATH_RE}, timeout=60)
        if st != 200:
            raise RuntimeError("journal query failed: %s" % st)
        ids = []
        for r in json.loads(txt)["requests"]:
            try:
                ids.append(json.loads(r["body"])["clientRequestId"])
            except Exception:
                ids.append(None)
        return ids

    def callflow_events(self):
        """(clientRequestId, HTTP status answered) for every callflow received; status 0 for a fault."""
        st, _, txt = http("GET", self.url("/__admin/requests"), timeout=60)
        if st != 200:
            raise RuntimeError("journal query failed: %s" % st)
        out = []
        for ev in json.loads(txt)["requests"]:
            req = ev.get("request", {})
            if req.get("method") != "POST" or "/callflows" not in req.get("url", ""):
                continue
            try:
                cid = json.loads(req.get("body") or "{}").get("clientRequestId")
            except ValueError:
                cid = None
            status = (ev.get("response") or {}).get("status") or (ev.get("responseDefinition") or {}).get("status")
            if (ev.get("responseDefinition") or {}).get("fault"):
                status = 0
            out.append((cid, status or 0))
        return out

    def reset_journal(self):
        http("DELETE", self.url("/__admin/requests"))


def vss_template(session_status="COMPLETED"):
    cid = "{{jsonPath originalRequest.body '$.clientRequestId'}}"
    dest = "{{jsonPath originalRequest.body '$.callflow[0].params.destination'}}"
    src = "{{jsonPath originalRequest.body '$.callflow[0].params.source'}}"
    return json.dumps({
        "payload": {
            "sessionId": "s-" + cid, "subAccountId": "bench", "sessionStatus": session_status,
            "clientRequestId": cid,
            "startTime": "2026-11-25T06:01:30Z", "endTime": "2026-11-25T06:01:50Z", "lastAction": "HANGUP",
            "callCount": 1,
            "details": {"callA": {
                "callId": "c-" + cid, "callDirection": "OUTBOUND", "callType": "PSTN",
                "initiatedTimestamp": "2026-11-25T06:01:28Z", "connectedTimestamp": "2026-11-25T06:01:37Z",
                "disconnectedTimestamp": "2026-11-25T06:01:50Z", "source": src, "destination": dest,
                "sourceFormat": "MSISDN", "destinationFormat": "MSISDN", "sourceCountryCode": "SG",
                "destinationCountryCode": "SG", "sourceRefId": "null", "callStatus": session_status,
                "callDuration": 13, "callQuality": {"mos": 4.5, "packetLossRate": 0, "jitter": 20}}}},
        "namespace": "VOICE", "eventType": "SESSION_SUMMARY", "description": "Summary of a completed call session"})


def vss_body(message_id, session_status="COMPLETED", destination="+6591234567"):
    return (vss_template(session_status)
            .replace("{{jsonPath originalRequest.body '$.clientRequestId'}}", message_id)
            .replace("{{jsonPath originalRequest.body '$.callflow[0].params.destination'}}", destination)
            .replace("{{jsonPath originalRequest.body '$.callflow[0].params.source'}}", "+6568880000"))


class Gateway:
    def __init__(self, lab, name, pg, db, standin=None, port=None, props=None, jvm=None, env=None, jar=None,
                 java="java"):
        self.port = port or free_port()
        self.name = name
        # No "sandbox" profile: the jar runs live against the stand-in, as in production.
        args = [java] + (jvm or ["-Xms256m", "-Xmx512m"]) + ["-jar", jar or gateway_jar(build=False),
               "--server.port=%d" % self.port,
               "--gateway.api-keys.bench=" + BENCH_KEY,
               "--gateway.ops-api-keys.ops=" + OPS_KEY,
               "--gateway.eightbyeight.api-key=" + EIGHT_KEY,
               "--gateway.eightbyeight.subaccount-id=bench",
               "--gateway.eightbyeight.default-source=+6568880000",
               "--gateway.webhook.authorization=" + WEBHOOK_AUTH,
               "--gateway.suppression.hash-secret=bench-suppression-secret-0123456789abcdef",
               # A renamed or removed key in a drill or phase stops the start, naming it, instead of being ignored.
               "--gateway.strict-settings=true"]
        if standin:
            args.append("--gateway.eightbyeight.base-url=" + standin.url())
            # The log export too: the lab never reaches out to 8x8's real Reporting API.
            args.append("--gateway.eightbyeight.reporting-base-url=" + standin.url())
        for k, v in (props or {}).items():
            args.append("--%s=%s" % (k, v))
        e = {"DATABASE_URL": pg.jdbc(db), "DATABASE_USERNAME": "postgres", "DATABASE_PASSWORD": "",
             "DATABASE_SCHEMA": "vg"}
        e.update(env or {})
        self.proc = lab.spawn("gateway-" + name, args, env=e)

    @property
    def pid(self):
        return self.proc.pid

    def url(self, path=""):
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def wait_ready(self, timeout=120):
        def up():
            if not self.proc.alive():
                raise RuntimeError("gateway %s exited:\n%s" % (self.name, self.proc.log_tail()))
            return http("GET", self.url("/actuator/health"), timeout=2)[0] in (200, 503)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if up():
                    return self
            except RuntimeError:
                raise
            except Exception:
                pass
            time.sleep(0.3)
        raise TimeoutError("gateway %s not up in %ss:\n%s" % (self.name, timeout, self.proc.log_tail()))

    def send(self, body, key=None, timeout=10):
        h = {"X-API-Key": BENCH_KEY}
        if key:
            h["Idempotency-Key"] = key
        return http("POST", self.url("/voice-messages"), body, h, timeout=timeout)

    def get(self, message_id, timeout=10):
        return http("GET", self.url("/voice-messages/" + message_id), headers={"X-API-Key": OPS_KEY},
                    timeout=timeout)
