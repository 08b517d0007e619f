"""Reads the runs in bench/results/runs.jsonl and writes bench/results/summary.json and a Markdown table.

Runs alternate (ours, peer, ours, peer, ...) per case, so each ratio pairs runs taken back to back."""
import json
import statistics
import sys
from collections import defaultdict


def mmm(values):
    return {"min": round(min(values), 3), "median": round(statistics.median(values), 3), "max": round(max(values), 3)}


def main(runs_file, summary_file, machine):
    runs = [json.loads(line) for line in open(runs_file) if line.strip()]
    cases = defaultdict(lambda: {"dl4j": [], "pytorch": []})
    for r in runs:
        cases[(r["model"], r["batch"], r["threads"])][r["engine"]].append(r)
    summary = {"machine": machine, "cases": []}
    peers = [r for r in runs if r["engine"] == "pytorch"]
    ours_runs = [r for r in runs if r["engine"] == "dl4j"]
    header = [f"Machine: {machine}."]
    if peers:
        header.append(f"Peer: {peers[0]['backend']}, BLAS {peers[0].get('blas', 'not recorded')}, OpenBLAS threads "
                      f"{peers[0].get('blasThreads', 'not recorded')}, ATen CPU capability {peers[0].get('atenCpuCapability', 'not recorded')}.")
    if ours_runs:
        header.append(f"Ours: {ours_runs[0]['backend']}; training path: {ours_runs[0].get('trainingStep', 'not recorded')}.")
    summary["peerBlas"] = peers[0].get("blas") if peers else None
    rows = header + ["", "| case | ours s/epoch (min-median-max) | PyTorch s/epoch | ratio ours/PyTorch (min-median-max) | test acc. ours / PyTorch (median) | peak RSS MiB ours / PyTorch |",
            "|---|---|---|---|---|---|"]
    for (model, batch, threads), by in sorted(cases.items()):
        ours, peer = by["dl4j"], by["pytorch"]
        pairs = min(len(ours), len(peer))
        ratios = [ours[i]["epochSeconds"] / peer[i]["epochSeconds"] for i in range(pairs)]
        case = {"model": model, "batch": batch, "threads": threads, "runs": pairs,
                "oursEpochSeconds": mmm([r["epochSeconds"] for r in ours]),
                "peerEpochSeconds": mmm([r["epochSeconds"] for r in peer]),
                "ratio": mmm(ratios),
                "oursTestAccuracy": statistics.median(r["testAccuracy"] for r in ours),
                "peerTestAccuracy": statistics.median(r["testAccuracy"] for r in peer),
                "oursPeakRssMiB": max(r["peakRssMiB"] for r in ours),
                "peerPeakRssMiB": max(r["peakRssMiB"] for r in peer),
                "oursLoadSeconds": mmm([r["loadSeconds"] for r in ours]),
                "oursEvalSeconds10k": mmm([r["evalSeconds"] for r in ours]),
                "peerEvalSeconds10k": mmm([r["evalSeconds"] for r in peer]),
                "oursBackend": ours[0]["backend"], "peerBackend": peer[0]["backend"]}
        summary["cases"].append(case)
        o, p, q = case["oursEpochSeconds"], case["peerEpochSeconds"], case["ratio"]
        rows.append(f"| {model} batch {batch}, {threads} threads, {pairs} runs | {o['min']}-{o['median']}-{o['max']} | "
                    f"{p['min']}-{p['median']}-{p['max']} | {q['min']:.2f}-{q['median']:.2f}-{q['max']:.2f} | "
                    f"{case['oursTestAccuracy']:.4f} / {case['peerTestAccuracy']:.4f} | {case['oursPeakRssMiB']} / {case['peerPeakRssMiB']} |")
    loads = [r["loadSeconds"] for r in runs if r["engine"] == "dl4j"]
    evals = [r["evalSeconds"] for r in runs if r["engine"] == "dl4j" and r["model"] == "cnn"]
    rows.append("")
    rows.append(f"Dataset load (the training and test images into ND4J), ours: {mmm(loads)['median']} s median of {len(loads)}"
                + (f"; evaluation of the cnn on MNIST's 10,000 test images: {mmm(evals)['median']} s median." if evals else "."))
    with open(summary_file, "w") as f:
        json.dump(summary, f, indent=2)
    print("\n".join(rows))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
