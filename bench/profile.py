#!/usr/bin/env python3
"""Summarise a JFR recording of the gateway (bench/run --jfr): where the CPU samples are (by library, and self time
by method) and which monitors threads queued on. Usage: bench/profile.py bench/out/<jdk>/gateway.jfr"""

import collections
import re
import subprocess
import sys

# Each sample goes to the library or package of the frame nearest its top that belongs to one of these: JDK frames
# (collections, regex, I/O) are charged to whoever called them.
AREAS = [
    ("Bucket4j (quota, 8x8 rate)", "io.github.bucket4j"),
    ("PostgreSQL driver", "org.postgresql"),
    ("HikariCP", "com.zaxxer.hikari"),
    ("8x8 HTTP client (JDK)", "jdk.internal.net.http"),
    ("JSON (Jackson)", "tools.jackson"),
    ("JSON (Jackson)", "com.fasterxml.jackson"),
    ("libphonenumber", "com.google.i18n.phonenumbers"),
    ("Hibernate", "org.hibernate"),
    ("Micrometer (metrics, observations)", "io.micrometer"),
    ("Resilience4j", "io.github.resilience4j"),
    ("Spring Security", "org.springframework.security"),
    ("Tomcat", "org.apache.coyote"),
    ("Tomcat", "org.apache.tomcat"),
    ("Tomcat", "org.apache.catalina"),
    ("Spring (MVC, JDBC, transactions)", "org.springframework"),
    ("gateway code", "com.example.voicegateway"),
]


def area_of(frames):
    for frame in frames:
        for name, prefix in AREAS:
            if frame.startswith(prefix):
                return name
    return "JDK / VM only"


def stacks(path, event):
    out = subprocess.run(["jfr", "print", "--stack-depth", "96", "--events", event, path], text=True, capture_output=True).stdout
    for block in out.split("\njdk.")[1:]:
        frames = re.findall(r"^\s+([\w$.<>/]+)\(", block, re.M)
        monitor = re.search(r"monitorClass = (\S+)", block)
        yield frames, (monitor.group(1) if monitor else None)


def main(path):
    samples = list(stacks(path, "jdk.ExecutionSample"))
    n = len(samples) or 1
    self_time = collections.Counter(f[0] if f else "<none>" for f, _ in samples)
    area = collections.Counter(area_of(frames) for frames, _ in samples)
    print("%d CPU samples\n\nBy library (the frame nearest the top that is not the JDK's):" % len(samples))
    for a, c in area.most_common():
        print("  %5.1f %%  %s" % (100.0 * c / n, a))
    print("\nSelf time, top 20 methods:")
    for m, c in self_time.most_common(20):
        print("  %5.1f %%  %s" % (100.0 * c / n, m))
    monitors = collections.Counter()
    for frames, monitor in stacks(path, "jdk.JavaMonitorEnter"):
        monitors["%s at %s" % (monitor, frames[0] if frames else "?")] += 1
    print("\nMonitor waits (jdk.JavaMonitorEnter, > 20 ms), top 10:")
    for m, c in monitors.most_common(10):
        print("  %5d  %s" % (c, m))


if __name__ == "__main__":
    main(sys.argv[1])
