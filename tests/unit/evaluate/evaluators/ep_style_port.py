"""TEST DOUBLE: an Eval Protocol style evaluator ported with evp_evaluator.serve(row_class=...),
as docs/evaluator-protocol.md shows. Eval Protocol is not installed on the test machines, so
minimal stand-ins for its pydantic EvaluationRow and EvaluateResult (model_validate,
model_dump(exclude_none=True)) play their part. The function print()s (which must land on
stderr, not in the protocol) and fails on a row without ground truth (an error answer).
evp_evaluator is found through PYTHONPATH, which the test sets in the config's env.
"""

from evp_evaluator import serve


class EvaluateResult:
    def __init__(self, score, reason=None, is_score_valid=True):
        self.score, self.reason, self.is_score_valid = score, reason, is_score_valid

    def model_dump(self, exclude_none=False):
        d = {"score": self.score, "reason": self.reason, "is_score_valid": self.is_score_valid}
        return {k: v for k, v in d.items() if v is not None or not exclude_none}


class Message:
    def __init__(self, data):
        self.role, self.content = data["role"], data.get("content")


class EvaluationRow:
    @classmethod
    def model_validate(cls, data):
        row = cls()
        row.messages = [Message(m) for m in data["messages"]]
        row.ground_truth = data.get("ground_truth")
        row.evaluation_result = None
        return row

    def model_dump(self, exclude_none=False):
        return {
            "messages": [{"role": m.role, "content": m.content} for m in self.messages],
            "ground_truth": self.ground_truth,
            "evaluation_result": self.evaluation_result.model_dump(exclude_none=exclude_none),
        }


def my_eval(row: EvaluationRow) -> EvaluationRow:
    print("scoring a row whose ground truth is", row.ground_truth)
    text = row.messages[-1].content or ""
    row.evaluation_result = EvaluateResult(score=float(row.ground_truth in text),
                                           reason="looked for " + row.ground_truth)
    return row


if __name__ == "__main__":
    serve(pointwise=my_eval, row_class=EvaluationRow)
