import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { connect, createFlow, signUp, uniqueEmail } from "./helpers";

const TOKEN = "crm-secret-token-4242";
let api: Server;
let apiUrl = "";
const seen: { path: string; authorization: string | undefined }[] = [];
test.beforeAll(async () => {
  api = createServer((req, res) => {
    seen.push({ path: req.url ?? "", authorization: req.headers.authorization });
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ items: [{ title: "Otters" }] }));
  });
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
});
test.afterAll(async () => {
  await new Promise((r) => api.close(r));
});

test("an HTTP node authenticates with a stored credential; the secret never reaches the page or the flow", async ({ page }) => {
  await signUp(page, "Hal", uniqueEmail("hal"), "a long enough password");
  await page.getByRole("link", { name: "Credentials" }).click();
  await page.getByLabel("Provider").selectOption("http");
  await page.getByLabel("Name").fill("CRM API");
  await page.getByLabel("Base URL (the secret is only sent to URLs under it)").fill(`${apiUrl}/`);
  await page.getByLabel("Sent as").selectOption("bearer");
  await page.getByLabel("Token").fill(TOKEN);
  await page.getByRole("button", { name: "Save credential" }).click();
  await expect(page.getByRole("list", { name: "Credentials" })).toContainText("CRM API");
  await expect(page.locator("body")).not.toContainText(TOKEN);

  await page.getByRole("link", { name: "Flows" }).click();
  await createFlow(page, "CRM lookup");
  for (const type of ["input", "http_request", "output"]) await page.getByTestId(`palette-${type}`).click();
  await page.getByRole("button", { name: "Fit View" }).click();
  await connect(page, "input_1", "http_request_1");
  await connect(page, "http_request_1", "output_1");
  await page.getByTestId("node-http_request_1").click();
  await page.getByLabel("URL", { exact: true }).fill(`${apiUrl}/items`);
  await page.getByLabel("Authentication", { exact: true }).selectOption({ label: "CRM API" });
  await page.screenshot({ path: "test-results/screens/http-credential.png", fullPage: true });

  await page.getByRole("button", { name: "▶ Run" }).click();
  const dialog = page.getByRole("dialog", { name: "Run this flow" });
  await dialog.getByLabel("Topic *").fill("otters");
  await dialog.getByRole("button", { name: "Start run" }).click();
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "succeeded");
  expect(seen.find((r) => r.path === "/items")?.authorization).toBe(`Bearer ${TOKEN}`);
  await expect(page.locator("body")).not.toContainText(TOKEN);
  // The saved flow holds the credential's id only.
  const exported = await page.request.get(`/api/trpc/flow.get?input=${encodeURIComponent(JSON.stringify({ json: { flowId: new URL(page.url()).pathname.split("/").pop() } }))}`);
  expect(await exported.text()).not.toContain(TOKEN);
});
