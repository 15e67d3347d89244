#!/usr/bin/env python3
"""dask_extract.py — run `whosaid extract` over shards of a JSONL corpus on Dask distributed.

The unit of work is the whosaid filter: JSONL records in (one per line), one JSON object per
record out, bad records reported on stderr and never fatal. The driver cuts the corpus into shards
of --lines consecutive lines (byte ranges found by one pass over the file, as Hadoop input splits
are), maps them over the cluster, each task piping its byte range through
`whosaid extract --jsonl -j 1 --first-line N --stdin-name CORPUS -` into a part file, and
concatenates the parts in shard order. So the merged output and the messages are byte for byte
those of one `whosaid extract -j 1 CORPUS` run (docs/SCALING.md).

  python3 scripts/dask_extract.py --workers 2 --lines 1000 corpus.jsonl -o out.jsonl
  python3 scripts/dask_extract.py --scheduler tcp://host:8786 corpus.jsonl -o out.jsonl -- --fast

Without --scheduler it starts a LocalCluster of --workers processes (one thread each). Needs
python3-distributed (Debian). The corpus, the parts directory and the whosaid binary must be
reachable under the same paths on every worker (a shared file system on a real cluster).
Exit status: 0 all records processed, 1 some records or shards failed (reported on stderr),
2 usage error or the cluster could not run.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile


def shard_ranges(path, lines):
    """[(start_byte, end_byte, first_line)] covering path, `lines` lines each."""
    ranges, start, pos, lineno, first = [], 0, 0, 0, 1
    with open(path, "rb") as f:
        while True:
            chunk = f.read(1 << 20)
            if not chunk:
                break
            i = 0
            while True:
                j = chunk.find(b"\n", i)
                if j < 0:
                    break
                lineno += 1
                i = j + 1
                if lineno % lines == 0:
                    end = pos + i
                    ranges.append((start, end, first))
                    start, first = end, lineno + 1
            pos += len(chunk)
    if pos > start:
        ranges.append((start, pos, first))
    return ranges


def run_shard(whosaid, corpus, name, start, end, first, part, extra):
    """One task: whosaid over corpus[start:end) into part; returns (stderr text, exit status).
    The range is streamed in 1 MB pieces, so a task's memory does not depend on the shard size."""
    cmd = [whosaid, "extract", "--jsonl", "-j", "1", "-q", "--first-line", str(first),
           "--stdin-name", name] + list(extra) + ["-"]
    with open(corpus, "rb") as f, open(part, "wb") as out, tempfile.TemporaryFile() as err:
        p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=out, stderr=err)
        f.seek(start)
        left = end - start
        try:
            while left > 0:
                chunk = f.read(min(left, 1 << 20))
                if not chunk:
                    break
                p.stdin.write(chunk)
                left -= len(chunk)
        except BrokenPipeError:
            pass  # whosaid ended early; its status says why
        finally:
            p.stdin.close()
        rc = p.wait()
        err.seek(0)
        return err.read().decode("utf-8", "replace"), rc


def main():
    ap = argparse.ArgumentParser(usage="%(prog)s [options] CORPUS.jsonl [-- WHOSAID-EXTRACT-OPTIONS]",
                                 description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", help="JSONL file (uncompressed: shards are byte ranges)")
    ap.add_argument("-o", "--output", default="-", help="merged output (default: stdout)")
    ap.add_argument("--whosaid", default=os.environ.get("WHOSAID", "whosaid"),
                    help="the whosaid binary (default: $WHOSAID or whosaid on PATH)")
    ap.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes")
    ap.add_argument("--lines", type=int, default=10000, help="records (lines) per shard")
    ap.add_argument("--scheduler", help="address of a running Dask scheduler")
    ap.add_argument("--name", help="corpus name in messages (default: the path as given)")
    ap.add_argument("--parts", help="directory for the part files (default: a temporary one)")
    argv = sys.argv[1:]
    extra = []
    if "--" in argv:  # what follows -- goes to `whosaid extract`
        k = argv.index("--")
        argv, extra = argv[:k], argv[k + 1:]
    a = ap.parse_args(argv)
    a.extra = extra
    if a.lines < 1 or a.workers < 1:
        ap.error("--lines and --workers must be at least 1")
    whosaid = shutil.which(a.whosaid) or a.whosaid
    if not os.access(whosaid, os.X_OK):
        print(f"dask_extract: cannot run {a.whosaid}", file=sys.stderr)
        return 2
    whosaid = os.path.abspath(whosaid)
    corpus = os.path.abspath(a.corpus)
    try:
        ranges = shard_ranges(corpus, a.lines)
    except OSError as e:
        print(f"whosaid: {a.corpus}: {e.strerror}", file=sys.stderr)
        return 1
    import dask  # imported late: --help works without Dask
    from dask.distributed import Client, LocalCluster

    # a busy machine (CI, a shared node) can take more than the default 10 s to start a worker
    dask.config.set({"distributed.comm.timeouts.connect": "90s"})

    parts = a.parts or tempfile.mkdtemp(prefix="whosaid-dask-")
    os.makedirs(parts, exist_ok=True)
    name = a.name or a.corpus
    cluster = None
    try:
        if a.scheduler:
            client = Client(a.scheduler)
        else:
            cluster = LocalCluster(n_workers=a.workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None)
            client = Client(cluster)
        futures = [client.submit(run_shard, whosaid, corpus, name, s, e, first,
                                 os.path.join(parts, "part-%05d.jsonl" % k), a.extra,
                                 key="whosaid-shard-%05d" % k, pure=False)
                   for k, (s, e, first) in enumerate(ranges)]
        results = client.gather(futures)
        client.close()
    except Exception as e:  # the cluster, not a record: nothing was merged
        print(f"dask_extract: the cluster failed: {e}", file=sys.stderr)
        return 2
    finally:
        if cluster is not None:
            cluster.close()
    status = 0
    out = sys.stdout.buffer if a.output == "-" else open(a.output, "wb")
    try:
        for k, (err, rc) in enumerate(results):
            sys.stderr.write(err)
            if rc not in (0, 1):
                print(f"dask_extract: shard {k} (line {ranges[k][2]}): whosaid exit {rc}",
                      file=sys.stderr)
            status = max(status, 1 if rc else 0)
            with open(os.path.join(parts, "part-%05d.jsonl" % k), "rb") as f:
                shutil.copyfileobj(f, out)
        out.flush()
    finally:
        if out is not sys.stdout.buffer:
            out.close()
    if not a.parts:
        shutil.rmtree(parts, ignore_errors=True)
    sys.stderr.flush()
    return status


if __name__ == "__main__":
    sys.exit(main())
