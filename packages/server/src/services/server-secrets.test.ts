import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfiguredSecret, loadSecret } from "./server-secrets.js";

const variable = "REHEARSE_KEY_PEPPER";
const fileVariable = `${variable}_FILE`;
const fileName = "key-pepper";
const goodSecret = "0123456789abcdefghijklmnopqrstuvwxyzABCD";

let directory: string;
let dataDir: string;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "rehearse-secrets-"));
  dataDir = join(directory, "data");
});

afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

function load(environment: Record<string, string | undefined> = {}) {
  return loadSecret({ variable, fileName, environment, dataDir });
}

/** The error `action` throws (the test fails when it does not throw). */
function failure(action: () => unknown): Error & { code?: string } {
  try {
    action();
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error("expected the call to throw");
}

/** A file holding `content` with exactly `mode` (chmod after writing: the umask only narrows the mode at creation). */
function secretFile(content: string, mode: number): string {
  const path = join(directory, `secret-${mode.toString(8)}`);
  writeFileSync(path, content);
  chmodSync(path, mode);
  return path;
}

const permissions = (path: string) => statSync(path).mode & 0o777;

describe("loadSecret", () => {
  it("makes an owner-only secret file in the data dir on first start and returns the same secret on the next", () => {
    const first = load();
    const path = join(dataDir, "secrets", fileName);
    expect(first.source).toBe(path);
    expect(permissions(path)).toBe(0o600);
    expect(permissions(join(dataDir, "secrets"))).toBe(0o700);
    expect(first.value.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(path, "utf8").trim()).toBe(first.value.toString("utf8"));

    const restarted = load();
    expect(restarted.value.equals(first.value)).toBe(true);
    expect(restarted.source).toBe(path);
  });

  it("makes a different random secret for another data dir", () => {
    const first = load();
    dataDir = join(directory, "other-data");
    expect(load().value.equals(first.value)).toBe(false);
  });

  it("uses the environment value, trimmed, without touching the data dir, and never puts it in the source", () => {
    const loaded = load({ [variable]: `  ${goodSecret}\n` });
    expect(loaded.value.toString("utf8")).toBe(goodSecret);
    expect(loaded.source).toContain(variable);
    expect(loaded.source).not.toContain(goodSecret);
    expect(existsSync(dataDir)).toBe(false);
  });

  it("prefers the environment value to a file named by <NAME>_FILE", () => {
    const loaded = load({ [variable]: goodSecret, [fileVariable]: join(directory, "missing") });
    expect(loaded.value.toString("utf8")).toBe(goodSecret);
  });

  it("refuses a short environment value, naming the variable, the minimum and how to make one", () => {
    const error = failure(() => load({ [variable]: "too-short" }));
    expect(error.code).toBe("REHEARSE_SECRET");
    expect(error.message).toContain(variable);
    expect(error.message).toContain("at least 32 characters");
    expect(error.message).toContain("openssl rand");
    expect(error.message).not.toContain("too-short");
  });

  it("counts the minimum length after trimming whitespace", () => {
    const error = failure(() => load({ [variable]: `${"x".repeat(31)}\n\n` }));
    expect(error.code).toBe("REHEARSE_SECRET");
  });

  it.each([0o644, 0o640, 0o604])("refuses a <NAME>_FILE others may read (mode %o), naming the file and the chmod fix", (mode) => {
    const path = secretFile(goodSecret, mode);
    const error = failure(() => load({ [fileVariable]: path }));
    expect(error.code).toBe("REHEARSE_SECRET");
    expect(error.message).toContain(path);
    expect(error.message).toContain(fileVariable);
    expect(error.message).toContain(`chmod 600 ${path}`);
  });

  it.each([0o600, 0o400])("uses a <NAME>_FILE only its owner can read (mode %o), trimmed", (mode) => {
    const path = secretFile(`${goodSecret}\n`, mode);
    const loaded = load({ [fileVariable]: path });
    expect(loaded.value.toString("utf8")).toBe(goodSecret);
    expect(loaded.source).toBe(path);
    expect(existsSync(dataDir)).toBe(false);
  });

  it("refuses a <NAME>_FILE that does not exist, naming the variable and the path", () => {
    const path = join(directory, "no-such-secret");
    const error = failure(() => load({ [fileVariable]: path }));
    expect(error.code).toBe("REHEARSE_SECRET");
    expect(error.message).toContain(`${fileVariable}=${path}`);
    expect(error.message).toContain("ENOENT");
  });

  it("refuses a <NAME>_FILE holding a short secret", () => {
    const path = secretFile("short\n", 0o600);
    const error = failure(() => load({ [fileVariable]: path }));
    expect(error.code).toBe("REHEARSE_SECRET");
    expect(error.message).toContain(path);
    expect(error.message).toContain("at least 32 characters");
  });

  it("refuses the data-dir secret once its permissions were loosened, naming the chmod fix", () => {
    const path = load().source;
    chmodSync(path, 0o644);
    const error = failure(() => load());
    expect(error.code).toBe("REHEARSE_SECRET");
    expect(error.message).toContain(`chmod 600 ${path}`);
  });
});

describe("loadConfiguredSecret", () => {
  const scrape = "REHEARSE_METRICS_TOKEN";

  it("is undefined when neither the variable nor <NAME>_FILE is set, and makes no file", () => {
    expect(loadConfiguredSecret({ variable: scrape, environment: {} })).toBeUndefined();
    expect(existsSync(join(dataDir, "secrets"))).toBe(false);
  });

  it("takes the value or an owner-only file, with the rules of loadSecret", () => {
    expect(loadConfiguredSecret({ variable: scrape, environment: { [scrape]: goodSecret } })?.value.toString()).toBe(goodSecret);
    const file = secretFile(goodSecret, 0o600);
    expect(loadConfiguredSecret({ variable: scrape, environment: { [`${scrape}_FILE`]: file } })?.source).toBe(file);
    expect(failure(() => loadConfiguredSecret({ variable: scrape, environment: { [scrape]: "short" } })).message).toContain(
      scrape,
    );
    const loose = secretFile(goodSecret, 0o644);
    expect(failure(() => loadConfiguredSecret({ variable: scrape, environment: { [`${scrape}_FILE`]: loose } })).code).toBe(
      "REHEARSE_SECRET",
    );
  });
});
