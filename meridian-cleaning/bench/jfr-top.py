#!/usr/bin/env python3
"""Top frames of a JFR recording's execution samples (docs/benchmarks/cleaning.md, "Profile"):
    jfr print --events jdk.ExecutionSample run.jfr > samples.txt && python3 jfr-top.py samples.txt [N]
Prints the share of samples whose top frame is each method (self), then the share that have it anywhere on the stack
(inclusive). Java threads only: the JIT compiler and GC threads are not sampled."""
import collections
import re
import sys

top = collections.Counter()
inclusive = collections.Counter()
samples = 0
stack = []
for line in open(sys.argv[1]):
    line = line.strip()
    if line.startswith('jdk.ExecutionSample'):
        stack = []
        continue
    frame = re.match(r'^([\w.$<>/]+)\(.*line:', line)
    if frame:
        stack.append(frame.group(1))
        continue
    if line == '}' and stack:
        samples += 1
        top[stack[0]] += 1
        for method in set(stack):
            inclusive[method] += 1
        stack = []
n = int(sys.argv[2]) if len(sys.argv) > 2 else 30
print(f"{samples} samples\nself:")
for method, count in top.most_common(n):
    print(f"{count * 100 / samples:5.1f}% {method}")
print("inclusive:")
for method, count in inclusive.most_common(n):
    print(f"{count * 100 / samples:5.1f}% {method}")
