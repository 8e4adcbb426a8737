import { expect, test } from "@playwright/test";
import { FAKE_KEY, startFakeLlm, type FakeLlm } from "../test/support/fake-llm-server";
import { connect, createFlow, signUp, uniqueEmail } from "./helpers";

let llm: FakeLlm;
test.beforeAll(async () => {
  llm = await startFakeLlm();
});
test.afterAll(async () => {
  await llm.close();
});

test("add an OpenAI key, use it on an agent, watch the real-protocol call stream and cost", async ({ page }) => {
  await signUp(page, "Eve", uniqueEmail("eve"), "a long enough password");
  await page.getByRole("link", { name: "Credentials" }).click();
  await expect(page.getByText("No credentials yet.")).toBeVisible();
  await page.getByLabel("Provider").selectOption("openai");
  await page.getByLabel("Name").fill("Team OpenAI");
  await page.getByLabel("Base URL (optional, for proxies)").fill(`${llm.url}/v1`);
  await page.getByLabel("API key").fill(FAKE_KEY);
  await page.getByRole("button", { name: "Save credential" }).click();
  await expect(page.getByRole("list", { name: "Credentials" })).toContainText("Team OpenAI");
  await expect(page.locator("body")).not.toContainText(FAKE_KEY);
  await page.screenshot({ path: "test-results/screens/credentials.png", fullPage: true });

  await page.getByRole("link", { name: "Flows" }).click();
  await createFlow(page, "Real model");
  for (const type of ["input", "agent", "output"]) await page.getByTestId(`palette-${type}`).click();
  await page.getByRole("button", { name: "Fit View" }).click();
  await connect(page, "input_1", "agent_1");
  await connect(page, "agent_1", "output_1");
  await page.getByTestId("node-agent_1").click();
  await page.getByLabel("Model", { exact: true }).selectOption("gpt-4o-mini");
  await page.getByLabel("Credential", { exact: true }).selectOption({ label: "Team OpenAI" });

  await page.getByRole("button", { name: "▶ Run" }).click();
  const dialog = page.getByRole("dialog", { name: "Run this flow" });
  await dialog.getByLabel("Topic *").fill("otters");
  await dialog.getByRole("button", { name: "Start run" }).click();

  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "succeeded");
  await expect(page.getByTestId("node-agent_1").getByTestId("node-cost")).toHaveText("$0.000006");
  await expect(page.getByTestId("run-outputs")).toContainText("Hello from gpt-4o-mini.");
  expect(llm.requests.some((r) => r.path === "/v1/chat/completions" && JSON.stringify(r.body).includes("otters"))).toBe(true);
});
