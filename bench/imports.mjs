// Benchmark of `rehearse import` (issue 20 §2, decision 0045) on the built package: 10 000 synthetic
// production conversations (OpenAI chat JSONL, 2–12 user turns, user messages of 20–300 characters,
// replies of 50–800, a tool call and result in one turn of three) generated in memory with a seeded RNG,
// then parsed, converted to prefix-replay scenario files (`importConversations`, turn `last`) and written
// to a temporary directory. Prints one JSON line: ms per phase, conversations/s and the target
// (≤ 30 000 ms for 10 000). `node bench/imports.mjs [count]`.
import { mkdtempSync, rmSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { importConversations } = await import(pathToFileURL(join(rootDir, "packages", "core", "dist", "index.js")).href);
const count = Number(process.argv[2] ?? 10_000);
const targetMs = 30_000;

let state = 2026;
const random = () => {
  state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
  return state / 2 ** 31;
};
const between = (low, high) => low + Math.floor(random() * (high - low + 1));
const words =
  "order refund delivery address broken kettle please thanks invoice card shipping return week store help account".split(" ");
const sentence = (length) => {
  let text = "";
  while (text.length < length) text += `${words[between(0, words.length - 1)]} `;
  return text.slice(0, length).trim();
};

function conversation(index) {
  const messages = [{ role: "system", content: "You are the support assistant of a small online shop." }];
  const turns = between(2, 12);
  for (let turn = 0; turn < turns; turn++) {
    messages.push({ role: "user", content: sentence(between(20, 300)) });
    if (turn % 3 === 1) {
      const id = `call_${index}_${turn}`;
      const call = {
        id,
        type: "function",
        function: { name: "get_order", arguments: JSON.stringify({ order_id: `A${index}` }) },
      };
      messages.push({ role: "assistant", content: null, tool_calls: [call] });
      messages.push({ role: "tool", tool_call_id: id, content: JSON.stringify({ status: "delivered", total: between(5, 500) }) });
    }
    messages.push({ role: "assistant", content: sentence(between(50, 800)) });
  }
  return JSON.stringify({ id: `conv-${index}`, messages });
}

const text = Array.from({ length: count }, (_, index) => conversation(index)).join("\n");
const directory = mkdtempSync(join(tmpdir(), "rehearse-bench-imports-"));
try {
  const started = performance.now();
  const summary = await importConversations([{ file: "production.jsonl", text }], {
    from: "openai-jsonl",
    agent: { module: "./agent.mjs" },
  });
  const converted = performance.now();
  for (let index = 0; index < summary.files.length; index += 64) {
    const batch = summary.files.slice(index, index + 64);
    await Promise.all(batch.map((file) => writeFile(join(directory, file.fileName), file.text)));
  }
  const finished = performance.now();
  const ms = Math.round(finished - started);
  const result = {
    bench: "imports",
    conversations: summary.conversations.length,
    files: summary.files.length,
    problems: summary.problems.length,
    inputMB: Math.round((text.length / 1e6) * 10) / 10,
    parseAndConvertMs: Math.round(converted - started),
    writeMs: Math.round(finished - converted),
    ms,
    conversationsPerSecond: Math.round((summary.conversations.length / ms) * 1000),
    targetMs,
    withinTarget: ms <= targetMs,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  if (summary.problems.length > 0 || summary.files.length !== count) process.exitCode = 1;
} finally {
  rmSync(directory, { recursive: true, force: true });
}
