import { describe, expect, it } from "vitest";
import { csvColumns } from "./batch-columns";
import { buildCsv, csvField, csvFileName } from "./batch-csv";
import { runRow } from "./run-row-fixture";

describe("csvField", () => {
  it("quotes fields with a comma, quote or line break and doubles the quotes (RFC 4180)", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("cr\rhere")).toBe('"cr\rhere"');
  });

  it("prefixes text a spreadsheet would run as a formula", () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField("+1")).toBe("'+1");
    expect(csvField("-2+3")).toBe("'-2+3");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField("\tTAB")).toBe("'\tTAB");
    expect(csvField("a=b")).toBe("a=b");
  });

  it("writes numbers and booleans as they are, and nothing for no value", () => {
    expect(csvField(-1.5)).toBe("-1.5");
    expect(csvField(0)).toBe("0");
    expect(csvField(true)).toBe("true");
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
    expect(csvField(Number.NaN)).toBe("");
  });
});

describe("buildCsv", () => {
  it("writes a header and one CRLF-ended line per row, in the rows' order, with raw numbers", () => {
    const rows = [
      runRow({
        runId: "r2",
        name: '=cmd|" /C calc"!A0',
        status: "fail",
        durationMs: 1234,
        labels: ["a", "b,c"],
        metadata: { model: "gpt, 4" },
      }),
      runRow({ runId: "r1", name: "Plain", durationMs: null, usage: { inputTokens: null, outputTokens: null, costUsd: 0.25 } }),
    ];
    const text = buildCsv(csvColumns(["metadata.model"]), rows);
    const lines = text.split("\r\n");
    expect(lines.at(-1)).toBe("");
    expect(lines[0]).toBe(
      "run_id,scenario_id,status,state,scenario,attempt,duration_ms,turns,cost_usd,unmet_criteria,injections,tool_errors,pii_leaks,labels,started,verdict,error_code,seed,messages,tokens,met_criteria,policy_violations,prompt_leaks,metadata.model",
    );
    expect(lines[1]!.startsWith(`r2,scenario-r2,fail,finished,"'=cmd|"" /C calc""!A0",1,1234,2,0.001,0,0,0,0,"a; b,c",`)).toBe(
      true,
    );
    expect(lines[1]!.endsWith(',"gpt, 4"')).toBe(true);
    expect(lines[2]!.startsWith("r1,scenario-r1,pass,finished,Plain,1,,2,0.25,")).toBe(true);
    expect(lines[2]!.endsWith(",")).toBe(true);
  });

  it("names the file after the batch, safely", () => {
    expect(csvFileName("b-123")).toBe("batch-b-123.csv");
    expect(csvFileName("a/b c")).toBe("batch-a_b_c.csv");
  });
});
