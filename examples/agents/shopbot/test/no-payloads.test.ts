import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { payloadLibrary } from "@rehearse/core";
import { describe, expect, it } from "vitest";

// The bot must recognise attacks with its own generic rules. If it imported the harness's
// payload library or carried its texts, the red-team scenarios would be testing a lookup table.
const directory = fileURLToPath(new URL("..", import.meta.url));
const botFiles = readdirSync(directory).filter((name) => /\.(mjs|mts|md)$/.test(name));
const WINDOW = 30;

/** Lower case, whitespace collapsed: formatting does not hide a copied text. */
const normalise = (text: string): string => text.toLowerCase().replace(/\s+/g, " ");

function windows(text: string): string[] {
  const normalised = normalise(text);
  return Array.from({ length: Math.max(normalised.length - WINDOW + 1, 0) }, (_, start) =>
    normalised.slice(start, start + WINDOW),
  );
}

describe("the shopbot knows nothing of the payload library", () => {
  it("has source files to check", () => {
    expect(botFiles).toEqual(expect.arrayContaining(["index.mjs", "policy.mjs", "intents.mjs", "README.md"]));
  });

  it("imports only its own modules, rehearse's root, ai, zod and node built-ins", () => {
    for (const file of botFiles.filter((name) => name.endsWith(".mjs"))) {
      const source = readFileSync(`${directory}${file}`, "utf8");
      const specifiers = [...source.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map((match) => match[1]);
      for (const specifier of specifiers) {
        expect(specifier, `${file} imports ${specifier}`).toMatch(/^(\.\/[\w-]+\.mjs|@rehearse\/core|ai|zod|node:[\w/]+)$/);
      }
      expect(source, file).not.toMatch(/payloadLibrary|pickPayload|payloadsFor|payloads\//);
    }
  });

  it(`contains no payload text, nor any ${WINDOW}-character piece of one`, () => {
    expect(payloadLibrary.length).toBeGreaterThanOrEqual(50);
    const pieces = new Map<string, string>();
    for (const payload of payloadLibrary) for (const piece of windows(payload.text)) pieces.set(piece, payload.id);
    for (const file of botFiles) {
      const hits = windows(readFileSync(`${directory}${file}`, "utf8")).filter((piece) => pieces.has(piece));
      expect(
        hits.map((piece) => `${pieces.get(piece)}: "${piece}"`),
        file,
      ).toEqual([]);
    }
  });

  it("would notice a copied payload (the check can fail)", () => {
    const [payload] = payloadLibrary;
    if (!payload) throw new Error("empty library");
    const copied = `const rule = ${JSON.stringify(payload.text.slice(5, 5 + WINDOW + 3))};`;
    const pieces = new Set(windows(payload.text));
    expect(windows(copied).some((piece) => pieces.has(piece))).toBe(true);
  });
});
