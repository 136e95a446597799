/**
 * The project files `rehearse init` adds when they are missing and never
 * overwrites (not even with `--force`: a project's own package.json or
 * tsconfig holds more than the scaffold knows). Keyed by path; a path
 * list in `alternatives` means "one of these already does the job".
 */
export interface ProjectFile {
  content: string;
  /** Other files that play the same part (a vitest config under another name): any of them keeps this one out. */
  alternatives?: readonly string[];
  /** What to do by hand when the project already has its own. */
  whenKept: string;
}

/** Versions the scaffold asks for: the last majors that run on Node 20. */
export const scaffoldDependencies = { vitest: "^4.1.0", typescript: "^7.0.2" } as const;

const vitestConfigNames = ["ts", "mts", "cts", "js", "mjs", "cjs"].flatMap((extension) => [
  `vitest.config.${extension}`,
  `vite.config.${extension}`,
]);

/** An npm package name made from a directory name. */
function packageName(directoryName: string): string {
  const name = directoryName
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[-._]+|-+$/g, "");
  return name || "agent-scenarios";
}

/**
 * The project files for a project in a directory called `directoryName`,
 * depending on this version of `@rehearse/core`.
 *
 * @example
 * ```ts
 * projectFiles("support-bot", "0.1.0")["package.json"]?.content; // devDependencies: @rehearse/core ^0.1.0, vitest, typescript
 * ```
 */
export function projectFiles(directoryName: string, version: string): Readonly<Record<string, ProjectFile>> {
  const packageJson = {
    name: packageName(directoryName),
    version: "0.0.0",
    private: true,
    type: "module",
    scripts: { test: "vitest run", scenarios: "rehearse run scenarios", typecheck: "tsc" },
    devDependencies: {
      "@rehearse/core": `^${version}`,
      typescript: scaffoldDependencies.typescript,
      vitest: scaffoldDependencies.vitest,
    },
  };
  return {
    "package.json": {
      content: `${JSON.stringify(packageJson, null, 2)}\n`,
      whenKept: `npm install --save-dev @rehearse/core@^${version} vitest@${scaffoldDependencies.vitest} typescript@${scaffoldDependencies.typescript}`,
    },
    "tsconfig.json": {
      content: `{
  "compilerOptions": {
    "target": "ES2022",
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "strict": true,
    "noEmit": true,
    // the example agent is JavaScript with JSDoc types; the TypeScript test imports it
    "allowJs": true,
    "skipLibCheck": true
  },
  "include": ["**/*.ts", "agents/**/*.mjs"]
}
`,
      whenKept: "for the example test, allow the JavaScript agent (compilerOptions.allowJs) and include vitest.config.ts",
    },
    "vitest.config.ts": {
      alternatives: vitestConfigNames,
      content: `// Vitest runs the TypeScript scenario tests in tests/. withScenario adds Rehearse's setup:
// expect(result).toPass(), and each test's scenario runs recorded for the reporter (nothing is
// written to disk). VitestReporter prints every run's conversation and verdict, then a summary.
import { withScenario } from "@rehearse/core/integrations/vitest/config";
import VitestReporter from "@rehearse/core/integrations/vitest/reporter";
import { defineConfig } from "vitest/config";

export default withScenario(
  defineConfig({
    test: {
      include: ["tests/**/*.test.ts"],
      reporters: ["default", new VitestReporter()],
    },
  }),
);
`,
      whenKept:
        'wrap your vitest config in withScenario (import { withScenario } from "@rehearse/core/integrations/vitest/config") for toPass() and the scenario reporter',
    },
    ".gitignore": {
      content: "node_modules/\nreports/\n",
      whenKept: "keep node_modules/ and reports/ out of version control",
    },
  };
}
