"""Splits all CPU time of a benchmark process (`perf record`) three ways: by library, with the anonymous [JIT]
code told apart (HotSpot's compiled Java methods are named through the JVM's perf map, oneDNN's generated
kernels stay unnamed); by thread; and the top functions of libnd4jcpu (ND4J's ops and oneDNN's C++ parts).

Usage: perf report -q -n --no-children --sort comm,dso,sym --stdio -t ';' -i perf.data | profile_perf.py
Prints Markdown. Shares are computed from the sample counts (perf's own percentages round thousands of
one-sample lines of generated code down to 0.00%).
"""
import collections
import re
import sys


def thread_kind(comm):
    if comm.startswith("mnist-shard"):
        return "shard threads (mnist-shard-N): the other shards' forward and backward passes"
    if comm == "java":
        return "main thread: data, the first shard, summing gradients, the updater, evaluation"
    if "CompilerThre" in comm:
        return "HotSpot's JIT compilers (C1, C2)"
    if comm.startswith(("GC Thread", "G1 ")):
        return "garbage collector"
    return "other JVM and ND4J threads"


def main():
    libraries, threads, nd4j = collections.Counter(), collections.Counter(), collections.Counter()
    total = 0
    for line in sys.stdin:
        fields = [f.strip() for f in line.rstrip("\n").split(";")]
        if len(fields) < 5 or not fields[0].endswith("%"):
            continue
        share, comm, dso, sym = int(fields[1]), fields[2], fields[3], fields[4]
        total += share
        if dso.startswith("[JIT]"):
            name = re.sub(r"^\[\.\]\s*", "", sym)
            dso = ("oneDNN's generated kernels (unnamed [JIT] code)" if name.startswith("0x")
                   else "Java code (HotSpot-compiled methods, interpreter)")
        libraries[dso] += share
        threads[thread_kind(comm)] += share
        if dso == "libnd4jcpu.so":
            nd4j[re.sub(r"^\[\.\]\s*", "", sym)[:140]] += share
    print()
    print(f"{total} samples.")
    for title, counter, rows in (("by library", libraries, 10), ("by thread", threads, 10),
                                 ("the top functions of libnd4jcpu", nd4j, 10)):
        print()
        print(f"### All CPU time, {title}")
        print()
        print("| share | what |")
        print("|---|---|")
        for key, share in counter.most_common(rows):
            print(f"| {100.0 * share / total:.1f}% | {key.replace('|', '/')} |")


if __name__ == "__main__":
    main()
