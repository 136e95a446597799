import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptedEncodings, containedPath, locateDashboard } from "./dashboard-files.js";

describe("acceptedEncodings", () => {
  it("reads qualities, the wildcard and x-gzip", () => {
    expect(acceptedEncodings(undefined)).toEqual({ br: 0, gzip: 0 });
    expect(acceptedEncodings("gzip, deflate, br")).toEqual({ br: 1, gzip: 1 });
    expect(acceptedEncodings("br;q=0.5, gzip;q=0.8")).toEqual({ br: 0.5, gzip: 0.8 });
    expect(acceptedEncodings("*;q=0.3, br;q=0")).toEqual({ br: 0, gzip: 0.3 });
    expect(acceptedEncodings("X-GZIP")).toEqual({ br: 0, gzip: 1 });
    expect(acceptedEncodings("gzip;q=nonsense")).toEqual({ br: 0, gzip: 0 });
  });
});

describe("containedPath", () => {
  const root = resolve("/srv/dashboard");
  it("keeps a path below the root and refuses anything that could leave it or is hidden", () => {
    expect(containedPath(root, "assets/app.js")).toBe(join(root, "assets", "app.js"));
    for (const bad of ["", "../x", "assets/../../x", "assets/./x", "/etc/passwd", "a\\b", "a\u0000b", ".env", "assets//x"])
      expect(containedPath(root, bad), JSON.stringify(bad)).toBeUndefined();
  });
});

describe("locateDashboard", () => {
  let root: string;
  let built: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "rehearse-locate-"));
    built = join(root, "package", "dist");
    mkdirSync(built, { recursive: true });
    writeFileSync(join(root, "package", "package.json"), "{}");
    writeFileSync(join(built, "index.html"), "<!doctype html>");
    mkdirSync(join(root, "empty"));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const installed = () => join(root, "package", "package.json");
  const missing = () => {
    throw Object.assign(new Error("Cannot find module"), { code: "MODULE_NOT_FOUND" });
  };

  it("takes the option, then REHEARSE_DASHBOARD_DIR, then the installed package's dist/", () => {
    expect(locateDashboard(built, { REHEARSE_DASHBOARD_DIR: "/elsewhere" }, missing)).toEqual({
      directory: built,
      source: "option",
    });
    expect(locateDashboard(undefined, { REHEARSE_DASHBOARD_DIR: built }, missing)).toEqual({
      directory: built,
      source: "REHEARSE_DASHBOARD_DIR",
    });
    expect(locateDashboard(undefined, {}, installed)).toEqual({ directory: built, source: "@rehearse/dashboard" });
  });

  it("serves none when told so, when the package is missing or when it is not built", () => {
    expect(locateDashboard(false, { REHEARSE_DASHBOARD_DIR: built }, installed).directory).toBeUndefined();
    expect(locateDashboard(undefined, { REHEARSE_DASHBOARD_DIR: "off" }, installed).directory).toBeUndefined();
    expect(locateDashboard(undefined, {}, missing)).toEqual({
      directory: undefined,
      reason: "@rehearse/dashboard is not installed",
    });
    const unbuilt = () => join(root, "empty", "package.json");
    expect(locateDashboard(undefined, {}, unbuilt).directory).toBeUndefined();
  });

  it("refuses a directory named explicitly that holds no index.html, naming it", () => {
    expect(() => locateDashboard(join(root, "empty"), {}, installed)).toThrow(/dashboardDir: .*empty has no index.html/);
    expect(() => locateDashboard(undefined, { REHEARSE_DASHBOARD_DIR: join(root, "empty") }, installed)).toThrow(
      /REHEARSE_DASHBOARD_DIR: .*empty has no index.html/,
    );
  });
});
