// exact_answer: a pointwise evaluator for evp in JavaScript (Node 20, standard library only),
// speaking the evaluator protocol directly (docs/evaluator-protocol.md). The same rule as
// examples/evaluators/python/exact_answer.py, with the same results: 1 when the final answer
// (the text after the last "Answer:" of the last assistant message, or all of it) equals the
// ground truth after collapsing whitespace, trimming, dropping trailing periods and
// lowercasing; invalid without ground_truth; sub-metric "answer_found".
//
// Suite config:  - {type: command, name: exact_answer_js, command: [node, exact_answer.mjs]}
import readline from "node:readline";

function send(message) {
  process.stdout.write(JSON.stringify(message) + "\n");
}

function contentText(content) {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content.filter((p) => p && p.type === "text").map((p) => p.text ?? "").join("\n");
  }
  return "";
}

function assistantText(row) {
  const messages = row.messages ?? [];
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i].role === "assistant") return contentText(messages[i].content);
  }
  return "";
}

function normalize(text) {
  return text.replace(/\s+/g, " ").trim().replace(/\.+$/, "").trim().toLowerCase();
}

function extractAnswer(text) {
  const at = text.toLowerCase().lastIndexOf("answer:");
  return normalize(at >= 0 ? text.slice(at + "answer:".length) : text);
}

function evaluate(row) {
  const truth = row.ground_truth;
  if (truth === undefined || truth === null) {
    return { score: 0.0, is_score_valid: false, reason: "the row has no ground_truth" };
  }
  const text = assistantText(row);
  const answer = extractAnswer(text);
  const expected = normalize(typeof truth === "string" ? truth : JSON.stringify(truth));
  const found = text.trim() !== "";
  const reason =
    answer === expected
      ? `answer ${JSON.stringify(answer)} matches the ground truth`
      : `answer ${JSON.stringify(answer)} does not match the ground truth ${JSON.stringify(expected)}`;
  return {
    score: answer === expected ? 1.0 : 0.0,
    reason,
    metrics: {
      answer_found: { score: found ? 1.0 : 0.0, reason: found ? "the model answered" : "no assistant answer" },
    },
  };
}

send({ protocol: "evp-evaluator/1", modes: ["pointwise"] });
for await (const line of readline.createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (!line.trim()) continue;
  const request = JSON.parse(line);
  try {
    if (request.mode !== "pointwise") throw new Error(`mode ${request.mode} is not served`);
    send({ id: request.id, result: evaluate(request.row) });
  } catch (e) {
    console.error(e);
    send({ id: request.id, error: `${e.name}: ${e.message}` });
  }
}
