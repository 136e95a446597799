/** A tool whose `parameters` cannot be used, and why (`is not a valid JSON Schema: …`). */
export interface ToolSchemaProblem {
  readonly tool: string;
  readonly problem: string;
}

/**
 * Compiles the `parameters` of each tool with the validator the tools use at
 * run time (Ajv, JSON Schema 2020-12; see `environment/input-check.ts`), so a
 * schema that is not valid JSON Schema — an unknown `type`, a `pattern` that
 * is not a regular expression, a `$ref` to nothing — is reported when the
 * scenario is loaded, naming the field. Ajv is loaded only when some tool
 * declares `parameters`; the compiled validators are kept for the run.
 *
 * @example
 * await toolSchemaProblems({ refund: { parameters: { type: "strnig" }, response: {} } });
 * // [{ tool: "refund", problem: "is not a valid JSON Schema: schema is invalid: data/type must be …" }]
 */
export async function toolSchemaProblems(
  tools: Readonly<Record<string, { readonly parameters?: unknown } | undefined>> | undefined,
): Promise<ToolSchemaProblem[]> {
  const declared = Object.entries(tools ?? {}).flatMap(([tool, spec]) =>
    typeof spec?.parameters === "object" && spec.parameters !== null ? [{ tool, parameters: spec.parameters as object }] : [],
  );
  if (declared.length === 0) return [];
  const { schemaProblem } = await import("../environment/input-check.js");
  const problems: ToolSchemaProblem[] = [];
  for (const { tool, parameters } of declared) {
    const problem = await schemaProblem(parameters);
    if (problem) problems.push({ tool, problem });
  }
  return problems;
}
