"""Test accuracy after one epoch over several seeds, ours against the PyTorch peer (bench/accuracy.sh).

Usage: accuracy.py <runs .jsonl>. Prints a Markdown table: per case and engine the mean, standard deviation and
range of test accuracy over the seeds, and the difference of the means in points (ours minus PyTorch).
"""
import json
import statistics
import sys
from collections import defaultdict


def main(path):
    runs = [json.loads(line) for line in open(path) if line.strip()]
    cases = defaultdict(lambda: defaultdict(list))
    for r in runs:
        cases[(r["model"], r["batch"], r["threads"])][r["engine"]].append(r["testAccuracy"])
    print("| case | seeds | ours: mean ± sd (min-max) | PyTorch: mean ± sd (min-max) | ours − PyTorch, points |")
    print("|---|---|---|---|---|")
    for (model, batch, threads), by in sorted(cases.items()):
        cells = []
        for engine in ("dl4j", "pytorch"):
            a = by[engine]
            sd = statistics.stdev(a) if len(a) > 1 else 0.0
            cells.append(f"{statistics.mean(a):.4f} ± {sd:.4f} ({min(a):.4f}-{max(a):.4f})")
        gap = 100 * (statistics.mean(by["dl4j"]) - statistics.mean(by["pytorch"]))
        print(f"| {model} batch {batch}, {threads} threads | {len(by['dl4j'])} | {cells[0]} | {cells[1]} | {gap:+.2f} |")


if __name__ == "__main__":
    main(sys.argv[1])
