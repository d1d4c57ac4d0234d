#!/usr/bin/env python3
"""Summarise a JFR recording of the gateway (bench/run --jfr): where the CPU samples are (self time by method,
inclusive share by area) and which monitors threads queued on. Usage: bench/profile.py bench/out/<jdk>/gateway.jfr"""

import collections
import re
import subprocess
import sys

AREAS = [  # first match wins, checked against the whole stack from the top
    ("bucket4j (quota)", "io.github.bucket4j"),
    ("intake group commit + JDBC", "IntakeWriter"),
    ("JSON (Jackson)", "tools.jackson"),
    ("validation + libphonenumber", "VoiceMessageRequestValidator"),
    ("observation / metrics", "micrometer"),
    ("Spring Security / filters", "org.springframework.security"),
    ("Spring MVC", "org.springframework.web"),
    ("Tomcat HTTP", "org.apache.coyote"),
    ("PostgreSQL driver", "org.postgresql"),
    ("JIT / GC / VM", "<no java frames>"),
]


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
    area = collections.Counter()
    for frames, _ in samples:
        text = " ".join(frames)
        area[next((a for a, key in AREAS if key in text), "other")] += 1
    print("%d CPU samples\n\nInclusive by area (first match from the top of the stack):" % len(samples))
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
