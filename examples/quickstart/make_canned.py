#!/usr/bin/env python3
"""Regenerates the quickstart's dataset and its CANNED model answers (no real model is
involved: each canned-* model is a replay of answers written here, correct with a fixed
probability, so the quickstart runs with no API key and no network). Deterministic:
the same files come out on every run."""
import json
import random
from pathlib import Path

HERE = Path(__file__).parent
rng = random.Random(20261128)

OPS = [("+", lambda a, b: a + b), ("-", lambda a, b: a - b), ("*", lambda a, b: a * b)]
questions = []
for i in range(40):
    sym, fn = OPS[i % 3]
    a, b = rng.randint(12, 99), rng.randint(3, 60)
    questions.append({"id": f"arith-{i:02d}", "q": f"What is {a} {sym} {b}?", "answer": fn(a, b)})

with open(HERE / "data" / "questions.jsonl", "w") as f:
    for q in questions:
        row = {"messages": [{"role": "user", "content": q["q"]}], "ground_truth": q["answer"],
               "input_metadata": {"row_id": q["id"]}}
        f.write(json.dumps(row) + "\n")

# (name, probability correct, probability of the **bold** format, delay range ms, verbosity)
MODELS = [("canned-strong", 0.93, 0.9, (180, 420), 2),
          ("canned-medium", 0.78, 0.6, (90, 250), 1),
          ("canned-weak", 0.55, 0.2, (40, 120), 0)]
RUNS = 3
for name, p_ok, p_bold, (lo, hi), verbosity in MODELS:
    mrng = random.Random(name)
    with open(HERE / "canned" / f"{name}.jsonl", "w") as f:
        for q in questions:
            for run in range(RUNS):
                value = q["answer"] if mrng.random() < p_ok else q["answer"] + mrng.choice([-10, -1, 1, 2, 10])
                shown = f"**{value}**" if mrng.random() < p_bold else str(value)
                lead = ["", "Let me compute. ", "Working through it step by step: the operation gives a result. "][verbosity]
                content = f"{lead}The answer is {shown}."
                completion_tokens = max(4, len(content) // 4)
                f.write(json.dumps({
                    "row_id": q["id"], "run": run, "content": content, "finish_reason": "stop",
                    "usage": {"prompt_tokens": 24, "completion_tokens": completion_tokens,
                              "total_tokens": 24 + completion_tokens},
                    "delay_ms": mrng.randint(lo, hi)}) + "\n")
