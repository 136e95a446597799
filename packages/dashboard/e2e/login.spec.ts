/**
 * Signing in and out through the dashboard's own form (`/login`), as the
 * instance administrator whose one-time password the server wrote on its
 * first start.
 */
import { expect, test } from "./support/fixtures.js";

test.describe("sign-in", () => {
  test("signs in through the form, lands on the sets, and signs out", async ({ page, server, checkA11y }) => {
    await page.goto("/login");
    await expect(page.getByRole("heading", { name: "Sign in to Rehearse" })).toBeVisible();
    await checkA11y(page);

    await page.getByLabel("Email").fill(server.administrator.email);
    await page.getByLabel("Password").fill(server.administrator.password);
    await page.getByRole("button", { name: "Sign in" }).click();

    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole("heading", { level: 1, name: "Scenario sets" })).toBeVisible();
    const account = page.getByRole("banner");
    await expect(account.getByText(server.administrator.email)).toBeVisible();
    await expect(account.locator("[data-role]")).toHaveAttribute("data-role", "admin");

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByRole("heading", { name: "Sign in to Rehearse" })).toBeVisible();
    // the session ended on the server: a fresh load of the home page asks to sign in again
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "Sign in to Rehearse" })).toBeVisible();
    expect((await page.context().cookies()).map((cookie) => cookie.name)).not.toContain("rehearse_session");
  });

  test("a wrong password shows an error and keeps the form", async ({ page, server }) => {
    await page.goto("/login");
    await page.getByLabel("Email").fill(server.administrator.email);
    await page.getByLabel("Password").fill("not-the-password-at-all");
    await page.getByRole("button", { name: "Sign in" }).click();

    const error = page.getByRole("alert");
    await expect(error).toBeVisible();
    await expect(error).not.toBeEmpty();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
    // what was typed stays, so a typo is one fix away
    await expect(page.getByLabel("Email")).toHaveValue(server.administrator.email);
  });

  test("a deep link opened signed out shows the form, then the page it named", async ({ page, accounts }) => {
    await page.goto("/?q=check");
    await expect(page.getByRole("heading", { name: "Sign in to Rehearse" })).toBeVisible();
    await page.getByLabel("Email").fill(accounts.viewer.email);
    await page.getByLabel("Password").fill(accounts.viewer.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Scenario sets" })).toBeVisible();
    await expect(page).toHaveURL(/\/\?q=check$/);
    await expect(page.getByRole("banner").locator("[data-role]")).toHaveAttribute("data-role", "viewer");
  });
});
