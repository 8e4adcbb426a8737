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
