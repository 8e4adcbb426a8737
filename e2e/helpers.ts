import { expect, type Page } from "@playwright/test";

export function uniqueEmail(tag: string): string {
  return `${tag}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@example.test`;
}

export async function signUp(page: Page, name: string, email: string, password: string) {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page).toHaveURL(/\/flows$/);
}

export async function createFlow(page: Page, name: string) {
  await page.getByLabel("New flow name").fill(name);
  await page.getByRole("button", { name: "Create flow" }).click();
  await expect(page.getByTestId("flow-name")).toHaveText(name);
}

/** Drags a palette entry onto the canvas at a point relative to the canvas' top-left corner. */
export async function dragNodeToCanvas(page: Page, type: string, x: number, y: number) {
  await page.getByTestId(`palette-${type}`).dragTo(page.locator(".react-flow__pane"), { targetPosition: { x, y } });
}

/** Draws an edge with the mouse from a node's output port to another node's input port. */
export async function connect(page: Page, source: string, target: string, sourceHandle = "out", targetHandle = "in") {
  const from = page.locator(`.react-flow__handle.source[data-nodeid="${source}"][data-handleid="${sourceHandle}"]`);
  const to = page.locator(`.react-flow__handle.target[data-nodeid="${target}"][data-handleid="${targetHandle}"]`);
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error(`ports of ${source} → ${target} not visible`);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect(page.locator(`.react-flow__edge[data-id^="e_${source}_${target}"]`), `edge ${source} → ${target} was drawn`).toHaveCount(1);
}
