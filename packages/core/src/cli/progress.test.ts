import { describe, expect, it } from "vitest";
import { liveProgress, plainProgress } from "./progress.js";

describe("plainProgress", () => {
  it("prints each run's line as it finishes", async () => {
    const printed: string[] = [];
    const progress = plainProgress((line) => printed.push(line));
    progress.finished(1, { outcome: "as_expected", line: "PASS   b" });
    progress.finished(0, { outcome: "unexpected", line: "FAIL   a" });
    await progress.close();
    expect(printed).toEqual(["PASS   b", "FAIL   a"]);
  });
});

describe("liveProgress", () => {
  it("ends when closed, even with runs that never finished (stopped early)", async () => {
    const progress = await liveProgress(["a", "b", "c", "d"], 2, { renderer: "silent" });
    progress.finished(0, { outcome: "as_expected", line: "PASS   a" });
    progress.finished(1, { outcome: "unexpected", line: "FAIL   b" });
    let closed = false;
    const closing = progress.close().then(() => {
      closed = true;
    });
    await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 2000))]);
    expect(closed).toBe(true);
  });
});
