import { expect, test } from "@playwright/test";
import { connect, createFlow, dragNodeToCanvas, signUp, uniqueEmail } from "./helpers";

const PASSWORD = "a long enough password";

test("sign up, build Input → Agent → Output, save, reload, run it live, sign out", async ({ page }) => {
  await page.goto("/flows");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fflows/);

  const email = uniqueEmail("ada");
  await signUp(page, "Ada", email, PASSWORD);
  await expect(page.getByText("No flows yet")).toBeVisible();

  // Sign out, a wrong password is refused with a message, the right one lets you in.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("not my password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Wrong" })).toHaveText("Wrong email or password.");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/flows$/);

  await createFlow(page, "Tide explainer");
  await dragNodeToCanvas(page, "input", 100, 150);
  await dragNodeToCanvas(page, "agent", 370, 250);
  await dragNodeToCanvas(page, "output", 640, 150);
  for (const id of ["input_1", "agent_1", "output_1"]) await expect(page.getByTestId(`node-${id}`)).toBeVisible();
  await page.getByRole("button", { name: "Fit View" }).click();
  await connect(page, "input_1", "agent_1");
  await connect(page, "agent_1", "output_1");
  await expect(page.locator(".react-flow__edge")).toHaveCount(2);

  // Configure the agent in the side panel.
  await page.getByTestId("node-agent_1").click();
  const inspector = page.getByRole("complementary", { name: "Inspector" });
  await inspector.getByLabel("User prompt").fill("Explain {{input.topic}} in one paragraph.");
  await inspector.getByLabel("Latency (ms)").fill("1500");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("save-state")).toHaveText(/^Saved · /);

  await page.reload();
  for (const id of ["input_1", "agent_1", "output_1"]) await expect(page.getByTestId(`node-${id}`)).toBeVisible();
  await expect(page.locator(".react-flow__edge")).toHaveCount(2);
  await page.getByTestId("node-agent_1").click();
  await expect(inspector.getByLabel("User prompt")).toHaveValue("Explain {{input.topic}} in one paragraph.");

  await page.getByRole("button", { name: "▶ Run" }).click();
  const dialog = page.getByRole("dialog", { name: "Run this flow" });
  await dialog.getByLabel("Topic *").fill("tides");
  await dialog.getByRole("button", { name: "Start run" }).click();

  // Live: the agent is seen running, then every node succeeds with its cost.
  await expect(page.getByTestId("node-agent_1").getByTestId("node-status")).toHaveAttribute("data-status", "running");
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "succeeded");
  for (const id of ["input_1", "agent_1", "output_1"]) {
    await expect(page.getByTestId(`node-${id}`).getByTestId("node-status")).toHaveAttribute("data-status", "succeeded");
    await expect(page.getByTestId(`node-${id}`).getByTestId("node-cost")).toHaveText(/^\$/);
  }
  const agentCost = Number(await page.getByTestId("node-agent_1").getByTestId("node-cost").getAttribute("data-nano-usd"));
  expect(agentCost).toBeGreaterThan(0);
  await expect(page.getByTestId("run-cost")).toHaveAttribute("data-nano-usd", String(agentCost));
  await expect(page.getByTestId("node-output_1").getByTestId("node-output")).toContainText('[Simulator] On "Explain tides in one paragraph."');
  await expect(page.getByTestId("run-outputs")).toContainText('[Simulator] On "Explain tides in one paragraph."');
  await page.screenshot({ path: "test-results/screens/finished-run.png", fullPage: true });

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/flows");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("a failing agent shows its error on the node; flows can be renamed and deleted", async ({ page }) => {
  await signUp(page, "Bo", uniqueEmail("bo"), PASSWORD);
  await createFlow(page, "Fragile");
  for (const type of ["input", "agent", "output"]) await page.getByTestId(`palette-${type}`).click();
  await page.getByRole("button", { name: "Fit View" }).click();
  await connect(page, "input_1", "agent_1");
  await connect(page, "agent_1", "output_1");
  await page.getByTestId("node-agent_1").click();
  await page.getByLabel("Fail with error (empty: succeed)").fill("rate limited by the simulator");
  await page.getByRole("button", { name: "▶ Run" }).click();
  await page.getByRole("dialog", { name: "Run this flow" }).getByLabel("Topic *").fill("glass");
  await page.getByRole("button", { name: "Start run" }).click();
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "failed");
  await expect(page.getByTestId("node-agent_1").getByTestId("node-status")).toHaveAttribute("data-status", "failed");
  await expect(page.getByTestId("node-agent_1").getByTestId("node-error")).toHaveText("Simulator: rate limited by the simulator");
  await expect(page.getByTestId("save-state")).toHaveText(/^Saved · /);
  await expect(page.getByTestId("version-state")).toHaveText("Version 1");

  await page.getByRole("link", { name: "♪ Orchestra" }).click();
  await page.getByRole("button", { name: "Rename Fragile" }).click();
  await page.getByLabel("Rename flow").fill("Sturdy");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByRole("link", { name: "Sturdy" })).toBeVisible();
  await page.getByRole("button", { name: "Delete Sturdy" }).click();
  const confirm = page.getByRole("dialog", { name: "Delete “Sturdy”?" });
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("link", { name: "Sturdy" })).toBeVisible();
  await page.getByRole("button", { name: "Delete Sturdy" }).click();
  await confirm.getByRole("button", { name: "Delete flow" }).click();
  await expect(page.getByText("No flows yet")).toBeVisible();
});
