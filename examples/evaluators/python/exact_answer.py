"""exact_answer: a pointwise evaluator for evp, in Python (docs/evaluator-protocol.md).

Scores 1 when the rollout's final answer equals the row's ground truth, else 0. The final
answer is the text after the last "Answer:" in the last assistant message, or the whole
message when it has none; both sides are compared after collapsing whitespace, trimming,
dropping trailing periods and lowercasing. A row without ground_truth gets an invalid score.
Sub-metric "answer_found": 1 when there is an assistant answer at all.

Suite config:  - {type: command, name: exact_answer, command: [python3, exact_answer.py]}
As a service:  python3 exact_answer.py --http 127.0.0.1:8000, then
               - {type: http, name: exact_answer, url: "http://127.0.0.1:8000/"}
"""

import json
import re

from evp_evaluator import assistant_text, ground_truth_text, main


def normalize(text):
    return re.sub(r"\s+", " ", text).strip().rstrip(".").strip().lower()


def extract_answer(text):
    at = text.lower().rfind("answer:")
    return normalize(text[at + len("answer:"):] if at >= 0 else text)


def evaluate(row):
    truth = ground_truth_text(row)
    if truth is None:
        return {"score": 0.0, "is_score_valid": False, "reason": "the row has no ground_truth"}
    text = assistant_text(row)
    answer, expected = extract_answer(text), normalize(truth)
    found = text.strip() != ""
    if answer == expected:
        reason = "answer %s matches the ground truth" % json.dumps(answer, ensure_ascii=False)
    else:
        reason = "answer %s does not match the ground truth %s" % (
            json.dumps(answer, ensure_ascii=False), json.dumps(expected, ensure_ascii=False))
    return {
        "score": 1.0 if answer == expected else 0.0,
        "reason": reason,
        "metrics": {
            "answer_found": {
                "score": 1.0 if found else 0.0,
                "reason": "the model answered" if found else "no assistant answer",
            }
        },
    }


if __name__ == "__main__":
    main(pointwise=evaluate)  # stdin/stdout, or HTTP with --http HOST:PORT
