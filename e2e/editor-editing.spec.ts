import { expect, test, type Page } from "@playwright/test";
import { flowGraphSchema } from "../lib/flow/graph";
import { makeEdge, makeGraph, makeNode } from "../lib/flow/graph-builder";
import { connect, createFlow, signUp, uniqueEmail } from "./helpers";

const PASSWORD = "a long enough password";

/** The flow as the server holds it after Ctrl/Cmd-S, read through the app's own API. */
async function savedGraph(page: Page): Promise<unknown> {
  await page.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("ControlOrMeta+s");
  await expect(page.getByTestId("save-state")).not.toHaveText(/Saving|Unsaved/);
  const flowId = new URL(page.url()).pathname.split("/").pop() as string;
  const response = await page.request.get(`/api/trpc/flow.get?input=${encodeURIComponent(JSON.stringify({ json: { flowId } }))}`);
  expect(response.ok()).toBe(true);
  return ((await response.json()) as { result: { data: { json: { graph: unknown } } } }).result.data.json.graph;
}

/** Presses a key with the canvas focused (not a text field), as a person would after clicking it. */
async function canvasKey(page: Page, key: string) {
  await page.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press(key);
}

async function buildStarter(page: Page) {
  for (const type of ["input", "agent", "output"]) await page.getByTestId(`palette-${type}`).click();
  await page.getByRole("button", { name: "Fit View" }).click();
  await connect(page, "input_1", "agent_1");
  await connect(page, "agent_1", "output_1");
}

test("undo and redo walk ten mixed edits back to the exact saved graph and forward again", async ({ page }) => {
  await signUp(page, "Hal", uniqueEmail("hal"), PASSWORD);
  await createFlow(page, "Undo me");
  await buildStarter(page);
  const before = await savedGraph(page);

  // 1 add a node, 2 drag a node, 3 type a setting, 4 connect, 5 sticky note, 6 delete, 7 duplicate, 8 group, 9 auto-layout, 10 paste
  await page.getByTestId("palette-calculator").click();
  await page.getByRole("button", { name: "Fit View" }).click();
  const agent = page.getByTestId("node-agent_1");
  const box = (await agent.boundingBox())!;
  await page.mouse.move(box.x + 40, box.y + 12);
  await page.mouse.down();
  await page.mouse.move(box.x + 90, box.y + 80, { steps: 8 });
  await page.mouse.up();
  await agent.click();
  await page.getByLabel("System prompt").fill("Answer in one line.");
  await connect(page, "input_1", "output_1");
  await canvasKey(page, "Shift+N");
  await expect(page.getByTestId("note-note_1")).toBeVisible();
  await page.getByTestId("node-calculator_1").click();
  await page.keyboard.press("Delete");
  await expect(page.getByTestId("node-calculator_1")).toHaveCount(0);
  await page.getByTestId("node-output_1").click();
  await page.keyboard.press("ControlOrMeta+d");
  await expect(page.getByTestId("node-output_2")).toBeVisible();
  await page.getByTestId("node-input_1").click();
  await page.getByTestId("node-agent_1").click({ modifiers: ["Shift"] });
  await page.keyboard.press("ControlOrMeta+g");
  await expect(page.getByTestId("group-group_1")).toBeVisible();
  await canvasKey(page, "ControlOrMeta+Shift+l");
  await page.getByTestId("node-output_1").click();
  await page.keyboard.press("ControlOrMeta+c");
  await canvasKey(page, "ControlOrMeta+v");
  await expect(page.getByTestId("node-output_3")).toBeVisible();
  const after = await savedGraph(page);
  expect(after).not.toEqual(before);

  for (let i = 0; i < 10; i++) await canvasKey(page, "ControlOrMeta+z");
  expect(await savedGraph(page)).toEqual(before);
  for (let i = 0; i < 10; i++) await canvasKey(page, "ControlOrMeta+Shift+z");
  expect(await savedGraph(page)).toEqual(after);
});

test("copy in one flow, paste into another: the same nodes, settings and wiring", async ({ page }) => {
  await signUp(page, "Ida", uniqueEmail("ida"), PASSWORD);
  await createFlow(page, "Source");
  await buildStarter(page);
  await page.getByTestId("node-agent_1").click();
  await page.getByLabel("System prompt").fill("Copied across flows.");
  const source = (await savedGraph(page)) as { nodes: unknown[]; edges: unknown[] };
  await canvasKey(page, "ControlOrMeta+a");
  await expect(page.locator(".react-flow__node.selected")).toHaveCount(3);
  await page.keyboard.press("ControlOrMeta+c");

  await page.getByRole("link", { name: "Flows", exact: true }).click();
  await createFlow(page, "Target");
  await canvasKey(page, "ControlOrMeta+v");
  await expect(page.locator(".react-flow__node")).toHaveCount(3);
  await expect(page.locator(".react-flow__edge")).toHaveCount(2);
  const target = (await savedGraph(page)) as { nodes: { id: string; data: unknown; position: { x: number; y: number } }[]; edges: { source: string; target: string }[] };
  const strip = (g: { nodes: unknown[] }) => (g.nodes as { id: string; type: string; data: unknown }[]).map(({ id, type, data }) => ({ id, type, data }));
  expect(strip(target)).toEqual(strip(source));
  expect(target.edges.map((e) => `${e.source}>${e.target}`)).toEqual(["input_1>agent_1", "agent_1>output_1"]);
});

test("an incompatible connection is refused with the reason; shortcuts, the command palette and notes work by keyboard", async ({ page }) => {
  await signUp(page, "Jo", uniqueEmail("jo"), PASSWORD);
  await createFlow(page, "Keyboard");
  await page.getByTestId("palette-calculator").click();
  await page.getByTestId("palette-output").click();
  await page.getByRole("button", { name: "Fit View" }).click();
  const from = await page.locator('.react-flow__handle.source[data-nodeid="calculator_1"][data-handleid="tool"]').boundingBox();
  const to = await page.locator('.react-flow__handle.target[data-nodeid="output_1"][data-handleid="in"]').boundingBox();
  await page.mouse.move(from!.x + from!.width / 2, from!.y + from!.height / 2);
  await page.mouse.down();
  await page.mouse.move(to!.x + to!.width / 2, to!.y + to!.height / 2, { steps: 10 });
  await page.mouse.up();
  await expect(page.getByRole("alert").filter({ hasText: "Not connected" })).toHaveText("Not connected: A tool port connects only to an agent's tools port");
  await expect(page.locator(".react-flow__edge")).toHaveCount(0);

  await canvasKey(page, "ControlOrMeta+k");
  const palette = page.getByRole("dialog", { name: "Command palette" });
  await palette.getByLabel("Search commands").fill("add agent");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("node-agent_1")).toBeVisible();

  await canvasKey(page, "Shift+?");
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help.getByTestId("shortcut-list")).toContainText("Undo");
  await expect(help.getByTestId("shortcut-list")).toContainText("Command palette");
  await help.getByRole("button", { name: "Close" }).click();

  await canvasKey(page, "Shift+N");
  await page.getByTestId("note-note_1").dblclick();
  await page.getByLabel("Note text (markdown)").fill("**Remember** the budget");
  await page.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
  await expect(page.getByTestId("note-note_1").locator("strong")).toHaveText("Remember");

  // A collapsed group hides its members; expanding brings them back where they were.
  await page.getByRole("button", { name: "Fit View" }).click();
  await page.getByTestId("node-calculator_1").click();
  await page.getByTestId("node-output_1").click({ modifiers: ["Shift"] });
  await page.keyboard.press("ControlOrMeta+g");
  const group = page.getByTestId("group-group_1");
  await expect(group).toContainText("2 nodes");
  await group.getByRole("button", { name: "Collapse group" }).click();
  await expect(page.getByTestId("node-output_1")).toBeHidden();
  await group.getByRole("button", { name: "Expand group" }).click();
  await expect(page.getByTestId("node-output_1")).toBeVisible();
  await page.screenshot({ path: "test-results/screens/editor-notes-groups.png", fullPage: true });
});

/** A research flow of a dozen nodes, with a tool, a branch, a sticky note and a group. */
function mediumFlow() {
  const nodes = [
    makeNode("input_1", "input"),
    makeNode("brief", "prompt_template", { label: "Brief" }),
    makeNode("researcher", "agent", { label: "Researcher", systemPrompt: "Find three facts." }),
    makeNode("critic", "agent", { label: "Critic", systemPrompt: "Find the weak spot." }),
    makeNode("calc", "calculator", { label: "Calculator" }),
    makeNode("join", "merge", { label: "Join" }),
    makeNode("writer", "agent", { label: "Writer", userPrompt: "Write it up: {{join.output}}" }),
    makeNode("check", "condition", { label: "Long enough?" }),
    makeNode("editor", "agent", { label: "Editor", systemPrompt: "Tighten it." }),
    makeNode("final", "output", { label: "Article" }),
    makeNode("draft", "output", { label: "Draft only" }),
    makeNode("cost", "calculator", { label: "Word count", expression: "2 + 2" }),
  ];
  const edges = [
    makeEdge("input_1", "brief"),
    makeEdge("brief", "researcher"),
    makeEdge("brief", "critic"),
    makeEdge("calc", "critic", "tool", "tools"),
    makeEdge("researcher", "join"),
    makeEdge("critic", "join"),
    makeEdge("join", "writer"),
    makeEdge("writer", "check"),
    makeEdge("check", "editor", "true"),
    makeEdge("editor", "final"),
    makeEdge("check", "draft", "false"),
    makeEdge("writer", "cost"),
  ];
  const graph = {
    ...makeGraph(nodes, edges),
    annotations: [{ id: "note_1", kind: "note" as const, position: { x: 20, y: -150 }, size: { width: 300, height: 110 }, text: "## Research desk\nTwo agents in parallel, then a **writer** and an edit pass." }],
  };
  return flowGraphSchema.parse(graph);
}

test("a medium flow: imported, auto-laid out, grouped; the editor as a person sees it", async ({ page }) => {
  await page.setViewportSize({ width: 1680, height: 900 });
  await signUp(page, "Kit", uniqueEmail("kit"), PASSWORD);
  await createFlow(page, "Research desk");
  await page.getByRole("button", { name: "Import…", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Import a flow" });
  await dialog.getByLabel("Flow file").setInputFiles({ name: "research.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(mediumFlow())) });
  await expect(page.getByText("Imported 12 nodes and 12 edges")).toBeVisible();
  await page.getByRole("button", { name: "Dismiss" }).click();
  await canvasKey(page, "ControlOrMeta+Shift+l");
  await page.getByTestId("node-researcher").click();
  await page.getByTestId("node-critic").click({ modifiers: ["Shift"] });
  await page.keyboard.press("ControlOrMeta+g");
  await page.getByTestId("group-group_1").getByTestId("group-title").dblclick();
  await page.getByLabel("Group title").fill("Research");
  await page.keyboard.press("Enter");
  await page.getByRole("button", { name: "Fit View" }).click();
  await page.getByTestId("node-writer").click();
  await expect(page.getByRole("complementary", { name: "Inspector" }).getByLabel("Label")).toHaveValue("Writer");
  await page.screenshot({ path: "test-results/screens/editor-medium-flow.png", fullPage: true });
  // Auto-layout left the flow flowing left to right.
  const x = async (id: string) => (await page.getByTestId(`node-${id}`).boundingBox())!.x;
  expect(await x("brief")).toBeLessThan(await x("writer"));
  expect(await x("writer")).toBeLessThan(await x("final"));
});
