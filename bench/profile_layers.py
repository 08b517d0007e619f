"""Splits JFR's native-method samples of the training thread by the Deeplearning4j call path that made the call.

Usage: profile_layers.py <output of `jfr print --stack-depth 64 --events jdk.NativeMethodSample`>
Prints a Markdown table: share of samples by the innermost DL4J layer/helper frames (up to three of them).
"""
import collections
import re
import sys


def main(path):
    text = open(path, encoding="utf-8").read()
    samples = text.split("jdk.NativeMethodSample")[1:]
    paths = collections.Counter()
    for sample in samples:
        frames = re.findall(r"^\s+([\w.$<>]+)\(.*?line:", sample, re.M)
        dl4j = [f.split(".")[-2] + "." + f.split(".")[-1] for f in frames if ".deeplearning4j." in f]
        key = " < ".join(dl4j[:3]) if dl4j else "(outside Deeplearning4j: data, evaluation, start-up)"
        paths[key] += 1
    total = len(samples)
    print(f"Native-method samples of the training JVM (JFR): {total}, about one every 20 ms of native time.")
    print()
    print("| share | Deeplearning4j call path (innermost first) |")
    print("|---|---|")
    for key, count in paths.most_common(15):
        print(f"| {100.0 * count / total:.1f}% | {key} |")


if __name__ == "__main__":
    main(sys.argv[1])
