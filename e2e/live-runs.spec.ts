import { expect, test, type Browser, type Page } from "@playwright/test";
import { connect, createFlow, signUp, uniqueEmail } from "./helpers";
import { startTcpProxy } from "./tcp-proxy";

const PASSWORD = "a long enough password";
const NODES = ["input_1", "agent_1", "agent_2", "output_1"];

/** Input → Agent → Agent → Output, each agent a Simulator that streams for `latencyMs`. */
async function buildChain(page: Page, name: string, latencyMs: number) {
  await createFlow(page, name);
  for (const type of ["input", "agent", "agent", "output"]) await page.getByTestId(`palette-${type}`).click();
  await page.getByRole("button", { name: "Fit View" }).click();
  await connect(page, "input_1", "agent_1");
  await connect(page, "agent_1", "agent_2");
  await connect(page, "agent_2", "output_1");
  for (const agent of ["agent_1", "agent_2"]) {
    await page.getByTestId(`node-${agent}`).click();
    await page.getByLabel("Latency (ms)").fill(String(latencyMs));
  }
}

async function startRun(page: Page, topic: string): Promise<string> {
  await page.getByRole("button", { name: "▶ Run" }).click();
  const dialog = page.getByRole("dialog", { name: "Run this flow" });
  await dialog.getByLabel("Topic *").fill(topic);
  await dialog.getByRole("button", { name: "Start run" }).click();
  await expect(page).toHaveURL(/\?run=/);
  return new URL(page.url()).searchParams.get("run") as string;
}

/** What the database holds for a run, read through the app's own API. */
async function runFromApi(page: Page, runId: string) {
  const response = await page.request.get(`/api/trpc/run.detail?input=${encodeURIComponent(JSON.stringify({ json: { runId } }))}`);
  expect(response.ok()).toBe(true);
  const body = (await response.json()) as { result: { data: { json: { status: string; costNanoUsd: number; nodeRuns: { nodeId: string; status: string; costNanoUsd: number }[] } } } };
  return body.result.data.json;
}

const nodeStatus = (page: Page, nodeId: string) => page.getByTestId(`node-${nodeId}`).getByTestId("node-status");

async function expectFinishedCleanly(page: Page, nodes: readonly string[] = NODES) {
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "succeeded", { timeout: 30_000 });
  for (const id of nodes) await expect(nodeStatus(page, id)).toHaveAttribute("data-status", "succeeded");
  // Every event of the run reached the view: none lost, none left showing an old state.
  const bar = page.getByTestId("run-bar");
  await expect(bar).toHaveAttribute("data-event-count", (await bar.getAttribute("data-last-seq")) as string);
}

async function signIn(browser: Browser, email: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/flows$/);
  return page;
}

test.describe.serial("watching a run, its history, replay and re-run", () => {
  let page: Page;
  let runId: string;
  const finalState: Record<string, { status: string; cost: string | null }> = {};

  test.beforeAll(async ({ browser }) => {
    page = await browser.newPage();
    await signUp(page, "Eve", uniqueEmail("eve"), PASSWORD);
    await buildChain(page, "Two writers", 1_500);
  });
  test.afterAll(async () => page.close());

  test("a run observed live streams on the canvas and ends with the costs the database holds", async () => {
    await page.getByTestId("node-agent_1").click();
    runId = await startRun(page, "tides");

    // While agent_1 streams: its clock, its estimated tokens, its text in the inspector, and the edge into it moving.
    await expect(nodeStatus(page, "agent_1")).toHaveAttribute("data-status", "running");
    await expect(page.getByTestId("node-agent_1").getByTestId("node-elapsed")).toBeVisible();
    await expect(page.getByTestId("node-agent_1").getByTestId("node-streaming")).toHaveText(/^~\d+ tok out · ~\$/);
    await expect(page.getByTestId("inspector-run-status")).toHaveText("running");
    await expect(page.getByTestId("inspector-run-output")).not.toBeEmpty();
    await expect(page.locator('.react-flow__edge.animated[data-id="e_input_1_agent_1"]')).toHaveCount(1);
    await page.screenshot({ path: "test-results/screens/live-run-streaming.png", fullPage: true });

    await expectFinishedCleanly(page);
    const stored = await runFromApi(page, runId);
    expect(stored.status).toBe("succeeded");
    for (const id of NODES) {
      const row = stored.nodeRuns.find((n) => n.nodeId === id);
      const badge = page.getByTestId(`node-${id}`).getByTestId("node-cost");
      await expect(badge).toHaveAttribute("data-nano-usd", String(row?.costNanoUsd));
      finalState[id] = { status: "succeeded", cost: await badge.textContent() };
    }
    expect(stored.nodeRuns.find((n) => n.nodeId === "agent_1")?.costNanoUsd).toBeGreaterThan(0);
    await expect(page.getByTestId("run-cost")).toHaveAttribute("data-nano-usd", String(stored.costNanoUsd));
    // Finished edges stay marked but stop moving.
    await expect(page.locator(".react-flow__edge.animated")).toHaveCount(0);
  });

  test("the run page lists the run; its detail replays to exactly the final state", async () => {
    await page.getByRole("link", { name: "Runs", exact: true }).click();
    await expect(page).toHaveURL(/\/runs$/);
    await expect(page.getByRole("link", { name: "Two writers" }).first()).toBeVisible();
    await page.screenshot({ path: "test-results/screens/runs-page.png", fullPage: true });
    await page.getByLabel("Status").selectOption("failed");
    await expect(page.getByText("No runs match these filters")).toBeVisible();
    await expect(page).toHaveURL(/status=failed/);
    await page.getByLabel("Status").selectOption("succeeded");
    await expect(page.getByRole("link", { name: "Two writers" }).first()).toBeVisible();
    await page.goto(`/runs/${runId}`);
    await expect(page.getByTestId("run-flow-name")).toHaveText("Two writers");
    await expect(page.getByTestId("run-timeline").getByTestId("timeline-agent_2")).toBeVisible();

    const canvas = page.getByTestId("run-canvas");
    const slider = page.getByTestId("replay-slider");
    const total = Number(await slider.getAttribute("max"));
    expect(total).toBeGreaterThan(10);
    await slider.fill("0");
    await expect(canvas.getByTestId("node-status")).toHaveCount(0);
    await slider.fill(String(Math.floor(total / 2)));
    await expect(page.getByTestId("replay-position")).toHaveAttribute("data-position", String(Math.floor(total / 2)));

    await page.getByTestId("replay-play").click();
    await expect(page.getByTestId("replay-position")).toHaveAttribute("data-position", String(total), { timeout: 15_000 });
    for (const id of NODES) {
      await expect(canvas.getByTestId(`node-${id}`).getByTestId("node-status")).toHaveAttribute("data-status", finalState[id]!.status);
      await expect(canvas.getByTestId(`node-${id}`).getByTestId("node-cost")).toHaveText(finalState[id]!.cost as string);
    }

    await canvas.getByTestId("node-agent_1").click();
    const details = page.getByTestId("node-details");
    await expect(details.getByTestId("node-details-status")).toHaveText("succeeded");
    await expect(details.getByTestId("node-details-input")).toContainText("tides");
    await expect(details.getByTestId("node-details-log")).toContainText("started (attempt 1)");
    await expect(details.getByTestId("node-details-log")).toContainText("streamed:");
    await page.screenshot({ path: "test-results/screens/run-detail.png", fullPage: true });

    const download = page.waitForEvent("download");
    await page.getByTestId("download-run").click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`run-${runId}.json`);
  });

  test("re-running from a node reuses what came before it and runs the rest anew", async () => {
    await page.getByTestId("timeline-agent_2").click();
    await page.getByTestId("rerun-from-node").click();
    await expect(page).not.toHaveURL(new RegExp(`/runs/${runId}$`));
    await expect(page.getByTestId("rerun-of")).toHaveText(runId);
    await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "succeeded", { timeout: 30_000 });

    const timeline = page.getByTestId("run-timeline");
    await expect(timeline.getByTestId("timeline-agent_1").getByTestId("timeline-note")).toHaveText("result reused from the earlier run");
    await expect(timeline.getByTestId("timeline-agent_2").locator('[data-kind="running"]')).toHaveCount(1);
    await timeline.getByTestId("timeline-agent_1").click();
    await expect(page.getByTestId("node-details-log")).toContainText(`reused the result of run ${runId}`);
    await expect(page.getByTestId("node-details-log")).not.toContainText("started");
    await expect(page.getByTestId("node-details-cost")).toHaveAttribute("data-nano-usd", "0");
    await timeline.getByTestId("timeline-agent_2").click();
    await expect(page.getByTestId("node-details-log")).toContainText("started (attempt 1)");
  });
});

test("a tab closed mid-run and reopened in another browser shows the run as it stands, then finishes live", async ({ page, browser }) => {
  const email = uniqueEmail("fay");
  await signUp(page, "Fay", email, PASSWORD);
  // Input → Agent → Human approval → Agent → Output: the approval holds the run mid-way for as
  // long as the test needs (no race with the clock), and the test releases it.
  await createFlow(page, "Long walk");
  for (const type of ["input", "agent", "approval", "agent", "output"]) await page.getByTestId(`palette-${type}`).click();
  await page.getByRole("button", { name: "Fit View" }).click();
  await connect(page, "input_1", "agent_1");
  await connect(page, "agent_1", "approval_1");
  await connect(page, "approval_1", "agent_2", "approved");
  await connect(page, "agent_2", "output_1");
  await startRun(page, "the coast");
  await expect(nodeStatus(page, "approval_1")).toHaveAttribute("data-status", "waiting");
  const flowUrl = page.url().split("?")[0] as string;
  await page.close();

  const other = await signIn(browser, email);
  await other.goto(flowUrl);
  await expect(nodeStatus(other, "input_1")).toHaveAttribute("data-status", "succeeded");
  await expect(nodeStatus(other, "agent_1")).toHaveAttribute("data-status", "succeeded");
  await expect(nodeStatus(other, "approval_1")).toHaveAttribute("data-status", "waiting");
  // Nothing after the approval has been reached yet.
  await expect(nodeStatus(other, "agent_2")).toHaveCount(0);
  await expect(other.getByTestId("run-status")).toHaveAttribute("data-status", "waiting");
  await other.getByTestId("node-approval_1").getByRole("button", { name: "Approve" }).click();
  await expectFinishedCleanly(other, [...NODES, "approval_1"]);
  await other.context().close();
});

test("a network drop mid-run reconnects by itself and catches up with nothing stuck", async ({ page, context, baseURL }) => {
  await signUp(page, "Gus", uniqueEmail("gus"), PASSWORD);
  await buildChain(page, "Bumpy line", 2_500);
  const runId = await startRun(page, "tunnels");
  // Watch the run through a relay we can cut, so the live connection really drops.
  const proxy = await startTcpProxy(new URL(baseURL as string));
  try {
    await page.goto(`${proxy.url}${new URL(page.url()).pathname}?run=${runId}`);
    await expect(nodeStatus(page, "agent_1")).toHaveAttribute("data-status", "running");
    proxy.cut();
    await context.setOffline(true);
    await expect(page.getByTestId("run-connection")).toHaveText("Reconnecting…", { timeout: 10_000 });
    const seqWhenCut = Number(await page.getByTestId("run-bar").getAttribute("data-last-seq"));
    // The run goes on without us: agent_1 finishes and agent_2 starts while the page is offline.
    await page.waitForTimeout(3_500);
    await context.setOffline(false);
    proxy.restore();
    await expectFinishedCleanly(page);
    expect(Number(await page.getByTestId("run-bar").getAttribute("data-last-seq"))).toBeGreaterThan(seqWhenCut);
    await expect(page.getByTestId("run-connection")).toHaveCount(0);
  } finally {
    await proxy.close();
  }
});
