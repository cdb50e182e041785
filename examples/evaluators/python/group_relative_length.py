"""group_relative_length: a groupwise evaluator for evp (docs/evaluator-protocol.md).

Scores all the rollouts of one dataset row for one model (its runs) together, preferring
short correct answers, relative to the group, like a length penalty in GRPO-style training:
a wrong answer (exact_answer.py's rule) scores 0; a correct one scores from 0.5 (the longest
correct answer of the group) to 1 (the shortest), linearly in its rank among the distinct
lengths of the correct answers (equal lengths share a rank; when they all have one length,
every correct answer scores 1). A row without ground_truth gets invalid scores.
Sub-metrics: "correct" (1 or 0) and, for correct answers, "length_rank" (1 = shortest).

Suite config:
  - {type: command, name: concise, mode: groupwise, command: [python3, group_relative_length.py]}
"""

from evp_evaluator import assistant_text, ground_truth_text, main
from exact_answer import extract_answer, normalize


def evaluate_group(rows):
    truth = ground_truth_text(rows[0]) if rows else None
    if truth is None:
        return [{"score": 0.0, "is_score_valid": False, "reason": "the row has no ground_truth"}
                for _ in rows]
    texts = [assistant_text(row).strip() for row in rows]
    correct = [extract_answer(t) == normalize(truth) for t in texts]
    lengths = sorted({len(t) for t, ok in zip(texts, correct) if ok})
    results = []
    for text, ok in zip(texts, correct):
        if not ok:
            results.append({"score": 0.0, "reason": "wrong answer",
                            "metrics": {"correct": {"score": 0.0, "reason": "wrong answer"}}})
            continue
        rank = lengths.index(len(text))
        relative = 1.0 if len(lengths) == 1 else 1.0 - rank / (len(lengths) - 1)
        reason = "correct; %d chars, length rank %d of %d among the group's correct answers" % (
            len(text), rank + 1, len(lengths))
        results.append({
            "score": 0.5 + 0.5 * relative,
            "reason": reason,
            "metrics": {
                "correct": {"score": 1.0, "reason": "correct answer"},
                "length_rank": {"score": relative, "reason": "rank %d of %d" % (rank + 1, len(lengths))},
            },
        })
    return results


if __name__ == "__main__":
    main(groupwise=evaluate_group)  # stdin/stdout, or HTTP with --http HOST:PORT
