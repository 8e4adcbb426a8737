import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { connect, createFlow, signUp, uniqueEmail } from "./helpers";

const PASSWORD = "a long enough password";
const SCREENS = "test-results/screens";

async function newFlow(page: Page, tag: string, name: string) {
  await signUp(page, "Panels", uniqueEmail(tag), PASSWORD);
  await createFlow(page, name);
}

async function centreOf(page: Page, selector: string) {
  const box = await page.locator(selector).first().boundingBox();
  if (!box) throw new Error(`${selector} is not visible`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2, box };
}

const inspector = (page: Page) => page.getByRole("complementary", { name: "Inspector" });

test("the palette is grouped, searchable, and a click adds the node in the middle of the view", async ({ page }) => {
  await newFlow(page, "palette", "Palette tour");
  const palette = page.getByRole("navigation", { name: "Node palette" });
  await expect(palette.getByRole("heading")).toHaveText(["Agents", "Tools", "Patterns", "Control", "Input/Output"]);

  const search = palette.getByRole("searchbox", { name: "Search nodes" });
  await search.fill("http");
  await expect(palette.getByTestId("palette-http_request")).toBeVisible();
  await expect(palette.getByTestId("palette-agent")).toHaveCount(0);
  await expect(palette.getByRole("heading")).toHaveText(["Tools"]);
  // Descriptions count too: "approves or rejects".
  await search.fill("reject");
  await expect(palette.getByRole("button")).toHaveText([/Human approval/]);
  await search.fill("teleport");
  await expect(palette.getByText("No node matches “teleport”.")).toBeVisible();
  await palette.getByRole("button", { name: "Show all nodes" }).click();
  await expect(search).toHaveValue("");
  await expect(palette.locator("[data-testid^=palette-]")).toHaveCount(15);
  await page.screenshot({ path: `${SCREENS}/palette.png` });

  // A click lands in the middle of the visible canvas; the next one beside it, not on top of it.
  await palette.getByTestId("palette-agent").click();
  const pane = await centreOf(page, ".react-flow");
  const first = await centreOf(page, '.react-flow__node[data-id="agent_1"]');
  expect(Math.abs(first.x - pane.x)).toBeLessThan(12);
  expect(Math.abs(first.y - pane.y)).toBeLessThan(30);
  await palette.getByTestId("palette-agent").click();
  const second = await centreOf(page, '.react-flow__node[data-id="agent_2"]');
  const firstAgain = await centreOf(page, '.react-flow__node[data-id="agent_1"]');
  expect(second.box.x).toBeGreaterThanOrEqual(firstAgain.box.x + firstAgain.box.width);
  expect(Math.abs(second.y - firstAgain.y)).toBeLessThan(2);
  // The new node is in view and selected, so the inspector shows it.
  expect(second.box.x + second.box.width).toBeLessThanOrEqual(pane.box.x + pane.box.width);
  await expect(inspector(page).getByTestId("inspector-node")).toHaveAttribute("data-node-id", "agent_2");

  // Enter in the search box adds the first match.
  await search.fill("template");
  await search.press("Enter");
  await expect(page.getByTestId("node-prompt_template_1")).toBeVisible();
});

test("every setting of every node type has a label and a line of help", async ({ page }) => {
  await newFlow(page, "fields", "Field check");
  const types = await page.locator("[data-testid^=palette-]").evaluateAll((els) => els.map((el) => el.getAttribute("data-testid")!.slice("palette-".length)));
  expect(types).toHaveLength(15);
  for (const type of types) {
    await page.getByTestId(`palette-${type}`).click();
    await expect(inspector(page).getByTestId("inspector-node")).toHaveAttribute("data-node-id", `${type}_1`);
    const unexplained = await inspector(page)
      .locator("input:not([type=file]), select, textarea")
      .evaluateAll((controls) =>
        controls
          .filter((c) => {
            const field = c as HTMLInputElement;
            const label = [...(field.labels ?? [])].map((l) => l.textContent?.trim()).join("") || field.getAttribute("aria-label");
            const help = (field.getAttribute("aria-describedby") ?? "")
              .split(" ")
              .map((id) => document.getElementById(id)?.textContent?.trim())
              .join("");
            return !label || !help;
          })
          .map((c) => c.outerHTML.slice(0, 120)),
      );
    expect(unexplained, `${type}: fields without a label or help`).toEqual([]);
    await inspector(page).getByRole("button", { name: "Delete node" }).click();
  }
});

test("a field's validation message appears next to it while typing", async ({ page }) => {
  await newFlow(page, "typing", "Typing check");
  await page.getByTestId("palette-input").click();
  const name = inspector(page).getByLabel("Name (used as {{input.name}})");
  await name.fill("2nd topic");
  await expect(inspector(page).getByText("Letters, digits and _ only, not starting with a digit")).toBeVisible();
  await expect(name).toHaveAttribute("aria-invalid", "true");
  await name.fill("topic");
  await expect(name).not.toHaveAttribute("aria-invalid");

  await page.getByTestId("palette-agent").click();
  const temperature = inspector(page).getByLabel("Temperature");
  await temperature.fill("");
  await expect(inspector(page).getByText("Enter a number")).toBeVisible();
  await temperature.fill("7");
  await expect(inspector(page).getByText("At most 2")).toBeVisible();
  await temperature.fill("1.2");
  await expect(inspector(page).getByText("At most 2")).toHaveCount(0);
});

const BROKEN_JSON = '{\n  "nodes": [],\n  "edges": [}\n}';

function goodFlowFile() {
  const node = (id: string, type: string, x: number, data: Record<string, unknown>) => ({ id, type, position: { x, y: 0 }, data });
  return {
    format: "orchestra.flow",
    name: "Imported tide",
    exportedAt: "2026-01-01T00:00:00.000Z",
    graph: {
      schemaVersion: 1,
      nodes: [
        node("start", "input", 0, { fields: [{ name: "topic", label: "Topic", required: true, defaultValue: "" }] }),
        node("writer", "agent", 300, { model: "simulator", userPrompt: "About {{input.topic}}" }),
        node("result", "output", 600, {}),
      ],
      edges: [
        { id: "e1", source: "start", sourceHandle: "out", target: "writer", targetHandle: "in" },
        { id: "e2", source: "writer", sourceHandle: "out", target: "result", targetHandle: "in" },
      ],
    },
  };
}

test("a broken import changes nothing and says why; a good one replaces the canvas and undoes in one step", async ({ page }) => {
  await newFlow(page, "import", "Panels import");
  await page.getByTestId("palette-input").click();
  await expect(page.locator(".react-flow__node")).toHaveCount(1);

  await page.getByRole("button", { name: "Import…", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Import a flow" });
  await dialog.getByLabel("Flow file").setInputFiles({ name: "broken.json", mimeType: "application/json", buffer: Buffer.from(BROKEN_JSON) });
  const report = dialog.getByTestId("import-report");
  await expect(report).toContainText("Nothing was changed. This is not valid JSON (broken.json)");
  await expect(report).toContainText("Line 3, column 13: Expected a value or ']', found '}'");
  await expect(report.getByLabel("Line 3")).toContainText('"edges": [}');

  const invalid = goodFlowFile();
  invalid.graph.nodes[1]!.data = { model: "", temperature: 7 };
  await dialog.getByLabel("Or paste the JSON").fill(JSON.stringify(invalid.graph, null, 2));
  await dialog.getByRole("button", { name: "Import pasted JSON" }).click();
  await expect(report).toContainText("The flow has 2 problems");
  await expect(report.getByRole("listitem")).toHaveText(['nodes.1.data.model Pick a model (node "writer")', 'nodes.1.data.temperature At most 2 (node "writer")']);
  await page.screenshot({ path: `${SCREENS}/import-error.png` });
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(page.locator(".react-flow__node")).toHaveCount(1);
  await expect(page.getByTestId("node-input_1")).toBeVisible();

  await page.getByRole("button", { name: "Import…", exact: true }).click();
  await dialog.getByLabel("Flow file").setInputFiles({ name: "good.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(goodFlowFile())) });
  await expect(dialog).toBeHidden();
  await expect(page.getByText("Imported 3 nodes and 2 edges")).toBeVisible();
  for (const id of ["start", "writer", "result"]) await expect(page.getByTestId(`node-${id}`)).toBeVisible();
  await expect(page.getByTestId("node-input_1")).toHaveCount(0);
  await expect(page.locator(".react-flow__edge")).toHaveCount(2);

  // Export writes "<flow name>.json" holding the graph on the canvas.
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export", exact: true }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe("Panels import.json");
  const exported = JSON.parse(await readFile((await file.path()) as string, "utf8"));
  expect(exported).toMatchObject({ format: "orchestra.flow", name: "Panels import", graph: { schemaVersion: 1 } });
  expect(exported.graph.nodes.map((n: { id: string }) => n.id)).toEqual(["start", "writer", "result"]);

  // One undo step brings the old canvas back.
  await page.locator(".react-flow__pane").click({ position: { x: 20, y: 20 } });
  await page.keyboard.press("Control+z");
  await expect(page.getByTestId("node-input_1")).toBeVisible();
  await expect(page.locator(".react-flow__node")).toHaveCount(1);
});

test("the problems panel lists what stops a run; a click selects and shows the node", async ({ page }) => {
  await newFlow(page, "problems", "Panels problems");
  for (const type of ["input", "agent", "output"]) await page.getByTestId(`palette-${type}`).click();
  await page.getByRole("button", { name: "Fit View" }).click();
  await connect(page, "input_1", "agent_1");

  const toggle = page.getByTestId("problems-toggle");
  await expect(toggle).toHaveText(/Problems \(1\)/);
  await toggle.click();
  const panel = page.getByTestId("validation-panel");
  await expect(panel.getByRole("heading")).toHaveText(/1 problem/);
  await expect(panel.getByTestId("problem-output_1")).toContainText("Nothing is connected to this Output");

  await page.getByTestId("node-input_1").click();
  await panel.getByTestId("problem-output_1").click();
  await expect(page.locator('.react-flow__node[data-id="output_1"]')).toHaveClass(/selected/);
  // Only output_1 is selected (input_1 may already be scrolled out of view and not drawn).
  await expect(page.locator(".react-flow__node.selected")).toHaveCount(1);
  await expect(inspector(page).getByTestId("inspector-node")).toHaveAttribute("data-node-id", "output_1");
  // …and the view is centred on it.
  await expect(async () => {
    const pane = await centreOf(page, ".react-flow");
    const node = await centreOf(page, '.react-flow__node[data-id="output_1"]');
    expect(Math.abs(node.x - pane.x)).toBeLessThan(4);
    expect(Math.abs(node.y - pane.y)).toBeLessThan(4);
  }).toPass();
  await page.screenshot({ path: `${SCREENS}/problems.png` });

  // Closing and pressing Run with problems opens it again, saying they stop the run.
  await panel.getByRole("button", { name: "Close problems" }).click();
  await expect(panel).toBeHidden();
  await page.getByRole("button", { name: "▶ Run" }).click();
  await expect(panel.getByRole("heading")).toHaveText(/Fix this problem before running/);
  await expect(page.getByRole("dialog", { name: "Run this flow" })).toBeHidden();

  await page.getByRole("button", { name: "Fit View" }).click();
  await connect(page, "agent_1", "output_1");
  await expect(panel.getByRole("heading")).toHaveText(/All fixed: press Run again/);
  await expect(toggle).toHaveText(/No problems/);
});

test("the prompt editor suggests {{ references, inserts them with the keyboard and flags unknown ones", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 860 });
  await newFlow(page, "prompt", "Panels prompt");
  for (const type of ["input", "agent"]) await page.getByTestId(`palette-${type}`).click();
  await page.getByRole("button", { name: "Fit View" }).click();
  await connect(page, "input_1", "agent_1");
  await page.getByTestId("node-agent_1").click();

  const prompt = inspector(page).getByLabel("User prompt");
  await prompt.fill("");
  await prompt.pressSequentially("Write about {{");
  const suggestions = inspector(page).getByRole("listbox", { name: "References" });
  await expect(suggestions.getByRole("option")).toHaveText([/\{\{input\.topic\}\}.*Run input · Topic/, /\{\{input_1\.output\}\}.*Output of Input/]);
  await expect(suggestions.getByRole("option", { selected: true })).toContainText("{{input.topic}}");
  await prompt.press("ArrowDown");
  await expect(suggestions.getByRole("option", { selected: true })).toContainText("{{input_1.output}}");
  await prompt.press("ArrowUp");
  await prompt.pressSequentially("top");
  await expect(suggestions.getByRole("option")).toHaveCount(1);
  await prompt.press("Enter");
  await expect(prompt).toHaveValue("Write about {{input.topic}}");
  await expect(suggestions).toBeHidden();

  // Tab inserts too; Escape closes the list and leaves the node selected.
  await prompt.pressSequentially(" from {{");
  await expect(suggestions).toBeVisible();
  await prompt.press("Escape");
  await expect(suggestions).toBeHidden();
  await expect(inspector(page).getByTestId("inspector-node")).toHaveAttribute("data-node-id", "agent_1");
  await prompt.pressSequentially("input_");
  await expect(suggestions).toBeHidden();
  await prompt.fill("Write about {{input.topic}} and {{nope.output}}");
  await expect(inspector(page).getByText('Unknown reference {{nope.output}}: there is no node "nope".')).toBeVisible();
  await expect(prompt).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("node-agent_1").getByTestId("node-problem")).toBeVisible();

  // The screenshot: a flagged reference in the system prompt, suggestions open in the user prompt.
  const system = inspector(page).getByLabel("System prompt");
  await system.fill("You are a careful writer. Cite {{input.topc}}.");
  await expect(inspector(page).getByText("Did you mean {{input.topic}}?")).toBeVisible();
  await prompt.fill("Write about {{input.topic}} using ");
  await prompt.press("End");
  await prompt.pressSequentially("{{");
  await prompt.press("Tab");
  await expect(prompt).toHaveValue("Write about {{input.topic}} using {{input.topic}}");
  await prompt.pressSequentially(" and {{in");
  await expect(suggestions.getByRole("option")).toHaveCount(2);
  await page.screenshot({ path: `${SCREENS}/inspector.png` });
});
