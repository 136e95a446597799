import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

// The layer rules (.dependency-cruiser.cjs, run by `npm run lint`) over small trees laid out like
// packages/core/src, so each case shows one arrow the build accepts or rejects.
const root = fileURLToPath(new URL("../../..", import.meta.url));
const config = join(root, ".dependency-cruiser.cjs");
const depcruise = join(root, "node_modules/.bin/depcruise");

let tree: string | undefined;
afterEach(() => {
  if (tree) rmSync(tree, { recursive: true, force: true });
  tree = undefined;
});

function check(files: Record<string, string>): { status: number | null; output: string } {
  tree = mkdtempSync(join(tmpdir(), "rehearse-layers-"));
  for (const [path, text] of Object.entries(files)) {
    const full = join(tree, "packages/core/src", path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
  const run = spawnSync(depcruise, ["packages/core/src", "--config", config, "--output-type", "err"], {
    cwd: tree,
    encoding: "utf8",
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe("layer rules", () => {
  it("accept an arrow pointing down", () => {
    const result = check({
      "runner/run.ts": 'import type { Plan } from "../engine/plan.js";\nexport const plan: Plan | undefined = undefined;\n',
      "engine/plan.ts": "export type Plan = { steps: number };\n",
    });
    expect(result.output).not.toMatch(/error/);
    expect(result.status).toBe(0);
  });

  it("reject a type-only import from domain/ into a layer above it", () => {
    const result = check({
      "domain/scenario.ts":
        'import type { Session } from "../environment/session.js";\nexport type Scenario = { session: Session };\n',
      "environment/session.ts": "export type Session = { id: string };\n",
    });
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(
      /error layer-domain: packages\/core\/src\/domain\/scenario\.ts → packages\/core\/src\/environment\/session\.ts/,
    );
  });

  it("reject a cycle made of type-only imports inside one folder", () => {
    const result = check({
      "agents/judge/loop.ts": 'import type { Talk } from "./talk.js";\nexport type Loop = { talk?: Talk };\n',
      "agents/judge/talk.ts": 'export type { Loop } from "./loop.js";\nexport type Talk = { text: string };\n',
    });
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/error no-circular: packages\/core\/src\/agents\/judge\/(loop|talk)\.ts/);
  });

  it("accept the CLI over the api/ layer, which reaches the layers below", () => {
    const result = check({
      "cli/new-command.ts": 'import { render } from "../api/reports.js";\nexport const command = render;\n',
      "api/reports.ts": 'export { render } from "../reporters/render.js";\n',
      "reporters/render.ts": "export const render = (): string => '';\n",
    });
    expect(result.output).not.toMatch(/error|warn/);
    expect(result.status).toBe(0);
  });

  it("reject a CLI import around the api/ layer, type-only imports of the runner included", () => {
    const result = check({
      "cli/new-command.ts":
        'import { render } from "../reporters/render.js";\nimport type { Rehearse } from "../runner/rehearse.js";\nexport const command: Rehearse = render;\n',
      "reporters/render.ts": "export const render = (): string => '';\n",
      "runner/rehearse.ts": "export type Rehearse = () => string;\n",
    });
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(
      /error cli-over-api: packages\/core\/src\/cli\/new-command\.ts → packages\/core\/src\/reporters\/render\.ts/,
    );
    expect(result.output).toMatch(
      /error cli-over-api: packages\/core\/src\/cli\/new-command\.ts → packages\/core\/src\/runner\/rehearse\.ts/,
    );
  });

  it("reject an api/ import of the CLI above it", () => {
    const result = check({
      "api/runs.ts": 'import { exitCode } from "../cli/exit-codes.js";\nexport const code = exitCode;\n',
      "cli/exit-codes.ts": "export const exitCode = 0;\n",
    });
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(
      /error layer-api: packages\/core\/src\/api\/runs\.ts → packages\/core\/src\/cli\/exit-codes\.ts/,
    );
  });

  it("reject environment/ composing a layer above it, as the session once did (no allowance left)", () => {
    const result = check({
      "environment/environment-session.ts":
        'import { armInjections } from "../injections/arm-injections.js";\nexport const arm = armInjections;\n',
      "injections/arm-injections.ts": "export const armInjections = (): void => {};\n",
    });
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(
      /error layer-environment: packages\/core\/src\/environment\/environment-session\.ts → packages\/core\/src\/injections\/arm-injections\.ts/,
    );
    expect(result.output).not.toMatch(/allowed-for-now/);
  });

  it("find no rule broken in the real sources, not even as a warning", () => {
    const run = spawnSync(depcruise, ["packages/core/src", "--config", config, "--output-type", "err"], {
      cwd: root,
      encoding: "utf8",
    });
    const output = `${run.stdout}${run.stderr}`;
    expect(output).toMatch(/no dependency violations found/);
    expect(run.status).toBe(0);
  });

  it("find no CLI import around the api/ layer in the real sources (no allowance list)", () => {
    const run = spawnSync(depcruise, ["packages/core/src/cli", "--config", config, "--output-type", "err"], {
      cwd: root,
      encoding: "utf8",
    });
    const output = `${run.stdout}${run.stderr}`;
    expect(output).toMatch(/modules, \d+ dependencies cruised/);
    expect(output).not.toMatch(/cli-over-api/);
  });

  it("leave test files out of the layers (they may use the testing entry)", () => {
    const result = check({
      "engine/turn.test.ts": 'import { scripted } from "../testing/scripted.js";\nexport const agent = scripted;\n',
      "testing/scripted.ts": "export const scripted = 1;\n",
    });
    expect(result.status).toBe(0);
  });
});
