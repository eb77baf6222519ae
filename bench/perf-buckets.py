#!/usr/bin/env python3
"""CPU per request by component, (c) beside (b), from two `perf script` dumps (bench/profile-hotpath.sh --perf).

  perf-buckets.py B_SCRIPT B_REQUESTS C_SCRIPT C_REQUESTS HZ [BUCKET]

Each sample goes to the first frame from the leaf up that names a component (a GuestSync.Gateway class, a Polly
namespace, ASP.NET Core's rate limiting, Kestrel, HttpClient, ...); a sample with no such frame counts as the JIT
(a leaf in libclrjit), the runtime (libcoreclr) or other. µs per request = samples ÷ HZ ÷ requests. With BUCKET, also
the leaf frames and the component frames of that bucket in (c). Frames are symbolized only when the gateway ran with
DOTNET_PerfMapEnabled=1 (and DOTNET_EnableWriteXorExecute=0, or its JIT code sits in an anonymous mapping).
"""
import collections
import re
import sys

RULES = [
    ("GuestSync.Gateway.", None), ("Polly.", None),
    ("Microsoft.AspNetCore.RateLimiting", "RateLimiting"), ("System.Threading.RateLimiting", "RateLimiting"),
    ("Yarp.", None), ("System.Net.Http", "HttpClient"), ("Kestrel", "Kestrel"), ("System.Net.Sockets", "Sockets"),
    ("System.Security.Cryptography", "Crypto"), ("System.Text.Json", "Json"), ("Microsoft.AspNetCore.Cors", "Cors"),
    ("Microsoft.AspNetCore.Routing", "Routing"), ("Microsoft.AspNetCore.Diagnostics", "Diagnostics"),
    ("System.Diagnostics", "Diagnostics"),
]
TIER = re.compile(r"\[(OptimizedTier1|Optimized|QuickJitted|InstrumentedTier|InstrumentedTierOptimized|Tier0|Tier1|OptimizedTier1OSR|PreJIT)\]$")
NAME = re.compile(r"\] ([A-Za-z0-9_.`]+?)(::|\+)")


def samples(path):
    stack = []
    for line in open(path, errors="replace"):
        line = line.strip()
        if not line:
            if stack:
                yield stack
                stack = []
            continue
        rest = line.split(" ", 1)[1] if " " in line else ""
        match = re.match(r"(.*) \((.*)\)$", rest)
        symbol, dso = (match.group(1), match.group(2)) if match else (rest, "")
        stack.append("?" + dso.rsplit("/", 1)[-1] if symbol == "[unknown]" else TIER.sub("", symbol))
    if stack:
        yield stack


def bucket(stack):
    if stack[0].startswith("?libclrjit"):
        return "JIT"
    for frame in stack:
        match = NAME.search(frame)
        name = match.group(1) if match else frame
        for prefix, label in RULES:
            if prefix in name:
                if label:
                    return label
                parts = name.split(".")
                return ".".join(parts[:4]) if prefix.startswith("GuestSync") else ".".join(parts[:2])
    return "runtime (libcoreclr)" if stack[0].startswith("?libcoreclr") else "other"


def main():
    b_path, b_requests, c_path, c_requests, hz = sys.argv[1], float(sys.argv[2]), sys.argv[3], float(sys.argv[4]), float(sys.argv[5])
    per_request = {}
    for name, path, requests in (("b", b_path, b_requests), ("c", c_path, c_requests)):
        counts = collections.Counter(bucket(s) for s in samples(path))
        per_request[name] = {k: v / hz / requests * 1e6 for k, v in counts.items()}
    keys = sorted(set(per_request["b"]) | set(per_request["c"]), key=lambda k: -(per_request["c"].get(k, 0) - per_request["b"].get(k, 0)))
    print("| component (first frame from the leaf up) | (b) µs/req | (c) µs/req | (c) − (b) |")
    print("|---|---:|---:|---:|")
    for k in keys:
        b, c = per_request["b"].get(k, 0), per_request["c"].get(k, 0)
        if abs(c - b) >= 0.05 or max(b, c) >= 0.5:
            print(f"| {k} | {b:.2f} | {c:.2f} | {c - b:+.2f} |")
    print(f"| **sampled CPU, total** | {sum(per_request['b'].values()):.1f} | {sum(per_request['c'].values()):.1f} | "
          f"{sum(per_request['c'].values()) - sum(per_request['b'].values()):+.1f} |")
    if len(sys.argv) > 6:
        want = sys.argv[6]
        leaves, frames = collections.Counter(), collections.Counter()
        for stack in samples(c_path):
            if bucket(stack) == want:
                leaves[stack[0][:150]] += 1
                frames[next((f for f in stack if want.rsplit(".", 1)[-1] in f), stack[0])[:150]] += 1
        for title, counter in (("leaf frames", leaves), ("component frames", frames)):
            print(f"\n{want} in (c), {title}:")
            for k, v in counter.most_common(20):
                print(f"  {v / hz / c_requests * 1e6:6.2f} µs  {k}")


if __name__ == "__main__":
    main()
