import { expect, test } from "@playwright/test";
import { connect, createFlow, signUp, uniqueEmail } from "./helpers";

test("the run dialog estimates cost; a running flow can be cancelled from the run bar", async ({ page }) => {
  await signUp(page, "Cy", uniqueEmail("cy"), "a long enough password");
  await createFlow(page, "Slow thinker");
  for (const type of ["input", "agent", "output"]) await page.getByTestId(`palette-${type}`).click();
  await page.getByRole("button", { name: "Fit View" }).click();
  await connect(page, "input_1", "agent_1");
  await connect(page, "agent_1", "output_1");
  await page.getByTestId("node-agent_1").click();
  await page.getByLabel("Latency (ms)").fill("20000");

  await page.getByRole("button", { name: "▶ Run" }).click();
  const dialog = page.getByRole("dialog", { name: "Run this flow" });
  await dialog.getByLabel("Topic *").fill("patience");
  await expect(dialog.getByTestId("cost-estimate")).toHaveText(/^Estimated cost: up to \$0\.\d+ \(1 model call\)$/);
  await dialog.getByRole("button", { name: "Start run" }).click();

  await expect(page.getByTestId("node-agent_1").getByTestId("node-status")).toHaveAttribute("data-status", "running");
  await page.getByRole("button", { name: "■ Cancel run" }).click();
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "cancelled", { timeout: 5_000 });
  await expect(page.getByTestId("node-agent_1").getByTestId("node-status")).toHaveAttribute("data-status", "cancelled");
  await expect(page.getByRole("button", { name: "■ Cancel run" })).toHaveCount(0);
});

test("a run waits on a Human approval node until someone approves it on the canvas", async ({ page }) => {
  await signUp(page, "Di", uniqueEmail("di"), "a long enough password");
  await createFlow(page, "Needs a yes");
  for (const type of ["input", "approval", "output"]) await page.getByTestId(`palette-${type}`).click();
  await page.getByRole("button", { name: "Fit View" }).click();
  await connect(page, "input_1", "approval_1");
  await connect(page, "approval_1", "output_1", "approved");
  await page.getByTestId("node-approval_1").click();
  await page.getByLabel("Question for the approver").fill("Publish {{input.topic}}?");

  await page.getByRole("button", { name: "▶ Run" }).click();
  const dialog = page.getByRole("dialog", { name: "Run this flow" });
  await dialog.getByLabel("Topic *").fill("the launch post");
  await dialog.getByRole("button", { name: "Start run" }).click();

  const gate = page.getByTestId("node-approval_1");
  await expect(gate.getByTestId("node-status")).toHaveAttribute("data-status", "waiting");
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "waiting");
  await expect(gate.getByTestId("approval-actions")).toContainText("Publish the launch post?");
  // The run's clock keeps counting while it waits for a person.
  await expect(page.getByTestId("run-duration")).not.toHaveText(/^(—|0\.0 s)$/);
  await page.screenshot({ path: "test-results/screens/waiting-for-approval.png", fullPage: true });
  await gate.getByRole("button", { name: "Approve" }).click();

  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "succeeded");
  await expect(page.getByTestId("node-output_1").getByTestId("node-status")).toHaveAttribute("data-status", "succeeded");
  await expect(page.getByTestId("run-outputs")).toContainText("the launch post");
});
