import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../domain/errors.js";
import type { Technique } from "../contracts.js";
import { DEFAULT_GOAT_TECHNIQUES, extractChosenIds, renderCatalogue } from "./goat-catalogue.js";

const custom: Technique[] = [
  { id: "OPPOSITE_INTENT", name: "OPPOSITE INTENT", description: "Ask for the reverse.", example: '"Flip it."' },
  { id: "PAYLOAD_SPLIT", name: "Split Payload", description: "Send it in parts.", example: '"Part one."' },
];

describe("DEFAULT_GOAT_TECHNIQUES", () => {
  it("holds the paper's seven techniques in order, with unique upper snake case ids", () => {
    expect(DEFAULT_GOAT_TECHNIQUES.map((technique) => technique.id)).toEqual([
      "HYPOTHETICAL_FRAMING",
      "PERSONA_MODIFICATION",
      "REFUSAL_SUPPRESSION",
      "RESPONSE_PRIMING",
      "DUAL_RESPONSE",
      "TOPIC_SPLITTING",
      "AUTHORITY_SOCIAL_ENGINEERING",
    ]);
    expect(DEFAULT_GOAT_TECHNIQUES[6]?.name).toBe("AUTHORITY & SOCIAL ENGINEERING");
    for (const technique of DEFAULT_GOAT_TECHNIQUES) {
      expect(technique.id).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
      expect(technique.description.length).toBeGreaterThan(10);
      expect(technique.example).toMatch(/^".+"$/);
    }
  });

  it("cannot be mutated by a caller", () => {
    expect(Object.isFrozen(DEFAULT_GOAT_TECHNIQUES)).toBe(true);
    expect(Object.isFrozen(DEFAULT_GOAT_TECHNIQUES[0])).toBe(true);
  });
});

describe("renderCatalogue", () => {
  it("numbers each technique with its name, description and example, separated by blank lines", () => {
    const rendered = renderCatalogue(custom);
    const [header, first, second, ...rest] = rendered.split("\n\n");
    expect(header).toMatch(/^TECHNIQUE CATALOGUE/);
    expect(first).toBe('1. OPPOSITE INTENT: Ask for the reverse. Example: "Flip it."');
    expect(second).toBe('2. Split Payload: Send it in parts. Example: "Part one."');
    expect(rest).toEqual([]);
  });

  it("lists all seven defaults", () => {
    const rendered = renderCatalogue(DEFAULT_GOAT_TECHNIQUES);
    expect(rendered).toContain("1. HYPOTHETICAL FRAMING: ");
    expect(rendered).toContain("7. AUTHORITY & SOCIAL ENGINEERING: ");
  });

  it("rejects an empty catalogue with a configuration error", () => {
    expect(() => renderCatalogue([])).toThrow(ConfigError);
    expect(() => renderCatalogue([])).toThrow(/empty/);
  });
});

describe("extractChosenIds", () => {
  it("matches ids or display names case-insensitively and returns ids in catalogue order", () => {
    const text = "Going with dual response, then hypothetical_framing on top";
    expect(extractChosenIds(text, DEFAULT_GOAT_TECHNIQUES)).toEqual(["HYPOTHETICAL_FRAMING", "DUAL_RESPONSE"]);
  });

  it("matches a name with punctuation and lists an id once even when both id and name appear", () => {
    const text = "AUTHORITY & SOCIAL ENGINEERING (AUTHORITY_SOCIAL_ENGINEERING), authority & social engineering again";
    expect(extractChosenIds(text, DEFAULT_GOAT_TECHNIQUES)).toEqual(["AUTHORITY_SOCIAL_ENGINEERING"]);
  });

  it("works with a custom catalogue whose names are not upper case", () => {
    expect(extractChosenIds("split payload across turns", custom)).toEqual(["PAYLOAD_SPLIT"]);
  });

  it("returns nothing for empty text or text naming no technique", () => {
    expect(extractChosenIds("", DEFAULT_GOAT_TECHNIQUES)).toEqual([]);
    expect(extractChosenIds("   ", DEFAULT_GOAT_TECHNIQUES)).toEqual([]);
    expect(extractChosenIds("just being friendly", DEFAULT_GOAT_TECHNIQUES)).toEqual([]);
  });

  it("ignores a blank name instead of matching every text", () => {
    const blankName: Technique[] = [{ id: "X_TECHNIQUE", name: " ", description: "d", example: '"e"' }];
    expect(extractChosenIds("anything at all", blankName)).toEqual([]);
  });
});
