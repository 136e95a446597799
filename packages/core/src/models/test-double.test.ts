import { describe, expect, it } from "vitest";
import { MockLanguageModelV3, scriptedModel } from "../testing/mock-models.js";
import { isTestDouble } from "./test-double.js";

describe("isTestDouble", () => {
  it("recognises the mock models of ai/test and @rehearse/core/testing, whatever their provider name", () => {
    expect(isTestDouble(new MockLanguageModelV3())).toBe(true);
    expect(isTestDouble(new MockLanguageModelV3({ provider: "openai.chat", modelId: "gpt-4.1-mini" }))).toBe(true);
    expect(isTestDouble(scriptedModel(["hi"]))).toBe(true);
  });

  it("does not take a model that records nothing for one", () => {
    expect(isTestDouble({ specificationVersion: "v3", provider: "acme", modelId: "large", doGenerate() {} })).toBe(false);
  });
});
