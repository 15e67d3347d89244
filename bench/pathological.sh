#!/usr/bin/env bash
# bench/pathological.sh BIN — hostile inputs timed through `whosaid extract` (docs/ROBUSTNESS.md):
# each is generated in a temporary directory, run once, and reported with its size, wall time,
# CPU time of the whosaid process, CPU seconds per MB and whether the output is one valid JSON
# object. The target (issue 8) is well under 1 s per MB. A benchmark, not a test: it fails only
# when whosaid crashes or writes invalid JSON, never on time.
set -u
BIN=$(realpath "${1:-./whosaid}")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
python3 - "$BIN" "$T" <<'PY'
import json, os, random, resource, subprocess, sys, time
BIN, T = sys.argv[1], sys.argv[2]
MB = 1 << 20
rnd = random.Random(8)
def name():
    return "".join(rnd.choice("BCDFGHJKLMNPRSTVWZ")) + "".join(rnd.choice("aeiou") + rnd.choice("nrstlm") for _ in range(3))
article = open(os.path.join(os.path.dirname(BIN), "examples/harbour-flood-barrier.txt"), "rb").read() \
    if os.path.exists(os.path.join(os.path.dirname(BIN), "examples/harbour-flood-barrier.txt")) else b"The mayor said it would rain.\n"
cases = [
    ("article x650 (baseline)",        b"", article * 650),
    ("100k curly opening marks",       b"T\n", "\u201c".encode() * 100000 + b" he said.\n"),
    ("100k ASCII double quotes",       b"T\n", b'"' * 100000 + b" he said.\n"),
    ("1M curly marks, alternating",    b"T\n", "\u201ca\u201d ".encode() * 250000),
    ("1M-character sentence",          b"T\n", b"word " * 200000 + b"\n"),
    ("10M-character sentence",         b"T\n", b"word " * 2000000 + b"\n"),
    ("one 1 MB token",                 b"T\n", b"a" * MB + b"\n"),
    ("only whitespace, 1 MB",          b"",    b" \t\n\r\n  " * (MB // 8)),
    ("NUL bytes, 1 MB (after 8 KB)",   b"T\n", b"He said it. " * 700 + b"\0" * MB + b"\n"),
    ("overlong UTF-8, 1 MB",           b"T\n", b"\xc0\xaf" * (MB // 2) + b"\n"),
    ("encoded surrogates, 1 MB",       b"T\n", b"\xed\xa0\x80" * (MB // 3) + b"\n"),
    ("65k quotes with cue, 1 MB",      b"T\n", "\u201cYes,\u201d he said. ".encode() * 65536),
    ("unique names said that, 1 MB",   b"T\n", b"".join(f"{name()} {name()} said that taxes rose. ".encode() for _ in range(33000))),
    ("cue verbs only, 1 MB",           b"T\n", b"said " * (MB // 5)),
    ("one paragraph per byte, 1 MB",   b"T\n", b"\n" * MB),
    ("one-byte tokens a,a,a..., 1 MB",  b"T\n", b"a," * (MB // 2) + b"\n"),
    ("1M ASCII double quotes",         b"T\n", b'"' * MB + b" he said.\n"),
    ("tiny document (startup cost)",   b"T\n", b"x\n"),
]
print(f"{'input':34} {'MB':>6} {'wall s':>7} {'cpu s':>7} {'cpu s/MB':>9} {'attrs':>7}  json")
bad = 0
for label, head, body in cases:
    data = head + body
    path = os.path.join(T, "in.txt")
    open(path, "wb").write(data)
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run([BIN, "extract", path], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    mb = len(data) / MB
    ok, na = "no", "-"
    try:
        lines = p.stdout.decode("utf-8").splitlines()
        if p.returncode == 0 and len(lines) == 1:
            na = str(len(json.loads(lines[0])["attributions"]))
            ok = "yes"
    except Exception:
        pass
    if ok != "yes":
        bad += 1
    print(f"{label:34} {mb:6.2f} {wall:7.2f} {cpu:7.2f} {cpu / mb:9.3f} {na:>7}  {ok} (exit {p.returncode})")
sys.exit(1 if bad else 0)
PY
