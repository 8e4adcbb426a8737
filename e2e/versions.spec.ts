import { expect, test, type Page } from "@playwright/test";
import { connect, createFlow, dragNodeToCanvas, signUp, uniqueEmail } from "./helpers";

const PASSWORD = "a long enough password";

interface Graph {
  nodes: { id: string; type: string; position: { x: number; y: number }; data: Record<string, unknown> }[];
  edges: { id: string; source: string; target: string }[];
}

/** A tRPC query over HTTP with the page's session, as the browser makes it. */
async function query<T>(page: Page, path: string, input: unknown): Promise<T> {
  const response = await page.request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
  expect(response.ok(), `${path} answered ${response.status()}`).toBe(true);
  return ((await response.json()) as { result: { data: { json: T } } }).result.data.json;
}

const flowIdOf = (page: Page) => new URL(page.url()).pathname.split("/").at(-1) as string;
const storedGraph = async (page: Page) => (await query<{ graph: Graph }>(page, "flow.get", { flowId: flowIdOf(page) })).graph;
const nodeIds = (graph: Graph) => graph.nodes.map((n) => n.id).sort();
/** The nodes on the canvas once it is fitted to show them all (off-screen nodes are not drawn). */
const canvasNodeIds = async (page: Page) => {
  await page.getByRole("button", { name: "Fit View" }).click();
  for (let i = 0; i < 2; i++) await page.getByRole("button", { name: "Zoom Out" }).click();
  return (await page.locator(".react-flow__node").evaluateAll((els) => els.map((el) => el.getAttribute("data-id")))).sort();
};

/** Drags a node by its card with the mouse. */
async function dragNode(page: Page, id: string, dx: number, dy: number) {
  const box = await page.getByTestId(`node-${id}`).boundingBox();
  if (!box) throw new Error(`${id} is not visible`);
  const x = box.x + box.width / 2;
  const y = box.y + 12;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx / 2, y + dy / 2, { steps: 5 });
  await page.mouse.move(x + dx, y + dy, { steps: 5 });
  await page.mouse.up();
}

/** The autosave has caught up with the canvas (no button pressed). */
async function expectAutosaved(page: Page) {
  await expect(page.getByTestId("save-state")).toHaveText(/^Saved · /);
}

test("a version restore brings back the exact earlier graph", async ({ page }) => {
  await signUp(page, "Vera", uniqueEmail("vera"), PASSWORD);
  await createFlow(page, "Versioned");
  await expect(page.getByTestId("version-state")).toHaveText("No versions yet");
  await dragNodeToCanvas(page, "input", 80, 120);
  await dragNodeToCanvas(page, "agent", 360, 120);
  await dragNodeToCanvas(page, "output", 640, 120);
  await connect(page, "input_1", "agent_1");
  await connect(page, "agent_1", "output_1");
  await page.getByTestId("node-agent_1").click();
  const inspector = page.getByRole("complementary", { name: "Inspector" });
  await inspector.getByLabel("User prompt").fill("Version one: {{input.topic}}");
  await expectAutosaved(page);
  await expect(page.getByTestId("version-state")).toHaveText("No versions yet");

  // Save version, with a message.
  await page.getByRole("button", { name: "Save version" }).click();
  const dialog = page.getByRole("dialog", { name: "Save version" });
  await dialog.getByRole("button", { name: "Save version" }).click();
  await expect(dialog.getByText("Say what this version is")).toBeVisible();
  await dialog.getByLabel("Message").fill("first");
  await dialog.getByLabel("Message").press("Enter");
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("version-state")).toHaveText("Version 1");
  const first = (await query<{ graph: Graph }>(page, "flow.version", { flowId: flowIdOf(page), version: 1 })).graph;
  expect(nodeIds(first)).toEqual(["agent_1", "input_1", "output_1"]);

  // Change it: a second agent wired in and a new prompt, saved as version 2; then a node moved,
  // which only autosaves (no button pressed).
  await dragNodeToCanvas(page, "agent", 360, 330);
  await connect(page, "input_1", "agent_2");
  await page.getByTestId("node-agent_1").click();
  await inspector.getByLabel("User prompt").fill("Version two: {{input.topic}}");
  await page.getByRole("button", { name: "Save version" }).click();
  await dialog.getByLabel("Message").fill("Second agent drafts the summary");
  await dialog.getByRole("button", { name: "Save version" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("version-state")).toHaveText("Version 2");
  await dragNode(page, "output_1", 0, 160);
  await expect(page.getByTestId("version-state")).toHaveText("Version 2 · edited");
  await expectAutosaved(page);
  await expect.poll(async () => (await storedGraph(page)).nodes.find((n) => n.id === "output_1")?.position).not.toEqual(first.nodes.find((n) => n.id === "output_1")?.position);

  // The versions panel: who saved what when, and the difference from the current draft.
  await page.getByRole("button", { name: "Versions" }).click();
  const panel = page.getByRole("complementary", { name: "Versions" });
  await expect(panel.getByRole("list", { name: "Saved versions" }).getByRole("listitem")).toHaveCount(2);
  await expect(panel.getByTestId("version-2")).toContainText("Second agent drafts the summary");
  await expect(panel.getByTestId("version-2")).toContainText("Latest");
  const v1 = panel.getByTestId("version-1");
  await expect(v1).toContainText("first");
  await expect(v1).toContainText("Vera · just now");
  await v1.getByRole("button").click();
  const diff = panel.getByTestId("version-diff");
  await expect(diff).toContainText("4 changes in the current draft since version 1");
  await expect(diff.getByRole("region", { name: "Nodes" }).getByRole("listitem")).toHaveText([
    /Added agent_2 \(Agent\)$/,
    /agent_1: settings changed \(userPrompt\)$/,
    /output_1: moved$/,
  ]);
  await expect(diff.getByRole("region", { name: "Edges" }).getByRole("listitem")).toHaveText([/Added input_1 → agent_2$/]);
  await page.screenshot({ path: "test-results/screens/versions-panel.png" });

  // Restore (after a confirmation): the canvas is version 1 again, as a new version.
  await v1.getByRole("button", { name: "Restore this version" }).click();
  await panel.getByRole("group", { name: "Confirm restore" }).getByRole("button", { name: "Restore version 1" }).click();
  await expect(panel.getByText("Restored version 1 as version 4.")).toBeVisible();
  await expect(panel.getByTestId("version-4")).toContainText("Restored version 1");
  await expect(panel.getByTestId("version-4")).toContainText("Latest");
  // Nothing was lost: the moved node, never saved as a version, is version 3.
  await expect(panel.getByTestId("version-3")).toContainText("Autosaved before restoring version 1");
  await expect(page.getByTestId("version-state")).toHaveText("Version 4");
  await expect(page.getByTestId("save-state")).toHaveText(/^Saved · /);

  // The screen shows the earlier graph…
  await expect.poll(() => canvasNodeIds(page)).toEqual(["agent_1", "input_1", "output_1"]);
  await expect(page.locator(".react-flow__edge")).toHaveCount(2);
  await panel.getByRole("button", { name: "Close versions" }).click();
  await expect(panel).toBeHidden();
  await page.getByTestId("node-agent_1").click();
  await expect(inspector.getByLabel("User prompt")).toHaveValue("Version one: {{input.topic}}");
  // …and what is stored is exactly it, node for node, setting for setting, position for position.
  expect(await storedGraph(page)).toEqual(first);
  expect((await query<{ graph: Graph }>(page, "flow.version", { flowId: flowIdOf(page), version: 4 })).graph).toEqual(first);
  await page.reload();
  await expect(page.getByTestId("node-output_1")).toBeVisible();
  await expect.poll(() => canvasNodeIds(page)).toEqual(["agent_1", "input_1", "output_1"]);
  await expect(page.getByTestId("version-state")).toHaveText("Version 4");
});

test("a stale second-tab save is caught: reload theirs, or keep mine", async ({ page: a, context }) => {
  await signUp(a, "Tess", uniqueEmail("tess"), PASSWORD);
  await createFlow(a, "Two tabs");
  // The network drops: the save fails visibly, with Retry; once back, Retry saves.
  await a.route("**/api/trpc/flow.saveDraft**", (route) => route.abort());
  await a.getByTestId("palette-input").click();
  await expect(a.getByTestId("save-state")).toHaveText("Save failed: Could not reach the server");
  await a.unroute("**/api/trpc/flow.saveDraft**");
  await a.getByRole("button", { name: "Retry" }).click();
  await expectAutosaved(a);
  await expect(a.getByRole("button", { name: "Retry" })).toHaveCount(0);

  // The same flow in a second tab.
  const b = await context.newPage();
  await b.goto(a.url());
  await expect(b.getByTestId("node-input_1")).toBeVisible();
  await expect(b.getByTestId("save-state")).toHaveText(/^Saved · /);

  // A adds an agent and it saves; B, not knowing, adds an output: B's save is refused, not lost.
  await a.getByTestId("palette-agent").click();
  await a.keyboard.press("ControlOrMeta+s");
  await expectAutosaved(a);
  await b.getByTestId("palette-output").click();
  const bBanner = b.getByRole("alertdialog", { name: "Flow changed elsewhere" });
  await expect(bBanner).toContainText("This flow was changed in another tab or by someone else");
  await expect(b.getByTestId("save-state")).toHaveText("Not saved: changed elsewhere");
  await b.screenshot({ path: "test-results/screens/save-conflict.png" });
  expect(nodeIds(await storedGraph(a))).toEqual(["agent_1", "input_1"]);

  // B keeps its own: the overwrite lands.
  await bBanner.getByRole("button", { name: "Keep mine (overwrite)" }).click();
  await expect(bBanner).toBeHidden();
  await expect(b.getByTestId("save-state")).toHaveText(/^Saved · /);
  await expect.poll(async () => nodeIds(await storedGraph(b))).toEqual(["input_1", "output_1"]);

  // A, now the stale one, is told on its next edit, and reloads B's graph.
  await a.getByTestId("palette-calculator").click();
  const aBanner = a.getByRole("alertdialog", { name: "Flow changed elsewhere" });
  await expect(aBanner).toBeVisible();
  expect(nodeIds(await storedGraph(a))).toEqual(["input_1", "output_1"]);
  await aBanner.getByRole("button", { name: "Reload theirs" }).click();
  await expect(aBanner).toBeHidden();
  await expect(a.getByTestId("node-output_1")).toBeVisible();
  await expect(a.getByTestId("node-agent_1")).toHaveCount(0);
  await expect(a.getByTestId("node-calculator_1")).toHaveCount(0);
  await expect.poll(() => canvasNodeIds(a)).toEqual(["input_1", "output_1"]);
  await expect(a.getByTestId("save-state")).toHaveText(/^Saved · /);

  // Both tabs agree again: A's next edit saves without a conflict, and B hears of it in turn.
  await a.getByTestId("palette-agent").click();
  await expectAutosaved(a);
  await expect.poll(async () => nodeIds(await storedGraph(a))).toEqual(["agent_1", "input_1", "output_1"]);
  await b.getByTestId("palette-delay").click();
  await expect(b.getByRole("alertdialog", { name: "Flow changed elsewhere" })).toBeVisible();
  await b.getByRole("alertdialog", { name: "Flow changed elsewhere" }).getByRole("button", { name: "Reload theirs" }).click();
  await expect(b.getByTestId("node-agent_1")).toBeVisible();
  await expect.poll(() => canvasNodeIds(b)).toEqual(["agent_1", "input_1", "output_1"]);
});
