// Canvas benchmark (not a test): the flow editor in Chromium against a production build
// (next start on a database of its own), with generated flows of 1,000 nodes / 1,200 edges and
// 5,000 nodes / 6,000 edges. Prints one JSON line last:
// {"open_ms_1000":x,"drag_frame_ms_p95_1000":x,"open_ms_5000":x,"select_all_ms_1000":x,...}
//   npm run bench:canvas -- --loads 3 --pan-seconds 3 [--sizes 1000] [--cpu-profile /tmp/canvas] [--trace /tmp/canvas]
// --cpu-profile P writes P.drag.cpuprofile and P.pan.cpuprofile (DevTools "Load profile"), --trace P
// writes P.drag.json and P.pan.json (Chrome traces with paint/layout), from extra untimed passes.
//
// What is measured (all in the page, clocks read with Date.now() on the same machine):
// - open_ms_<n>: from just before page.goto("/flows/<id>") to the first animation frame after the
//   one in which every node React Flow renders is in the DOM *and measured* (React Flow keeps a
//   node `visibility: hidden` until its ResizeObserver has measured it; fitView runs on that
//   measurement) — i.e. the graph is on screen and the main thread is free to draw the next
//   frame. "Every node" is all n nodes, or, should the canvas render only visible nodes
//   (`onlyRenderVisibleElements`), the DOM count once it has not changed for 30 frames
//   (`open_nodes_in_dom_<n>` says which). Median of --loads fresh pages (cached JS after the
//   first). open_settled_ms_<n> additionally waits for the main thread to stay free of long tasks
//   for 1 s (e.g. the editor validating the graph after it appears) and ends at the last one.
// - drag_frame_ms_*_1000: requestAnimationFrame intervals recorded only while the mouse drags one
//   node (down, 60 moves of 4 px / 2 px at ~16 ms, up) and then pans the pane from an empty spot
//   (a circle, --pan-seconds). node_drag_* and pan_* split the two.
// - select_all_ms_1000: from pressing Ctrl+A (Meta+A on macOS) on the canvas to the frame where
//   `.react-flow__node.selected` counts all n nodes. Without a Ctrl+A handler the fallback is
//   React Flow's box selection: Shift + drag from above-left of the graph to beyond its
//   bottom-right (the pane captures the pointer, so the end point may lie outside the window),
//   timed from the move that covers everything; `select_method` says which was used.
// Diagnostics: heap after open, long tasks, main-thread time split (CDP Performance metrics)
// during the interactions, and React commits / components rendered per commit counted through a
// minimal DevTools global hook in a separate, untimed drag (walking fibers costs time).
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { BrowserContext, Page } from "@playwright/test";
import { makeEdge, makeGraph, makeNode } from "../lib/flow/graph-builder";
import { flowGraphSchema, MAX_GRAPH_BYTES, type FlowEdge, type FlowGraph, type FlowNode } from "../lib/flow/graph";
import { nodeDefinitions, type NodeType } from "../lib/flow/node-types/index";
import { outputPortsOf } from "../lib/flow/node-ports";
import { portIncompatibility } from "../lib/flow/ports";
import { validateForRun } from "../lib/flow/validate-for-run";
import { createDb } from "../server/db";
import { createFlow, saveFlowVersion } from "../server/services/flows";
import { signUp } from "../server/services/users";
import { uniqueName } from "../test/integration/support/services";
import { BenchHarness, log, pct, round, sleep } from "./support/harness";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "3300" },
    loads: { type: "string", default: "3" },
    "pan-seconds": { type: "string", default: "3" },
    width: { type: "string", default: "1280" },
    height: { type: "string", default: "800" },
    sizes: { type: "string", default: "1000,5000" },
    "cpu-profile": { type: "string" },
    trace: { type: "string" },
    build: { type: "boolean", default: false },
  },
});
const PORT = Number(values.port);
const LOADS = Number(values.loads);
const PAN_SECONDS = Number(values["pan-seconds"]);
const VIEWPORT = { width: Number(values.width), height: Number(values.height) };
for (const [name, n] of Object.entries({ port: PORT, loads: LOADS, "pan-seconds": PAN_SECONDS, width: VIEWPORT.width, height: VIEWPORT.height })) {
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
}
const harness = new BenchHarness(PORT);
const ORIGIN = harness.origin;
/** n nodes with 1.2 n edges; 1,000 is the flow the interactions run on. */
const SIZES = (values.sizes as string).split(",").map((n) => ({ nodes: Number(n), edges: Math.round(Number(n) * 1.2) }));
if (SIZES.some((s) => !Number.isInteger(s.nodes) || s.nodes < 100)) throw new Error("--sizes takes node counts of at least 100, e.g. 1000,5000");

const median = (xs: number[]) => pct([...xs].sort((a, b) => a - b), 50);

// ---- Generated flows: an Input, then a grid of columns left to right; every node is fed by the
// node in its row of the previous column (or the Input), plus extra edges from nearby rows of the
// previous column until the edge count is reached. Outputs end the last column and a few rows.
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MIX: [NodeType, number][] = [
  ["agent", 30],
  ["prompt_template", 22],
  ["calculator", 15],
  ["merge", 15],
  ["condition", 13],
  ["output", 5],
];
const COLUMN_GAP = 300;
const ROW_GAP = 140;

function generateFlow(nodeCount: number, edgeCount: number, seed = 1): FlowGraph {
  const random = rng(seed);
  const pick = (): NodeType => {
    let r = random() * MIX.reduce((s, [, w]) => s + w, 0);
    for (const [type, w] of MIX) if ((r -= w) < 0) return type;
    return "agent";
  };
  const cells = nodeCount - 1;
  const rows = Math.max(1, Math.round(Math.sqrt(cells / 1.6)));
  const columns = Math.ceil(cells / rows);
  const counters = new Map<NodeType, number>();
  const nextId = (type: NodeType) => {
    const k = (counters.get(type) ?? 0) + 1;
    counters.set(type, k);
    return { id: `${type}_${k}`, k };
  };
  const input = makeNode("input_1", "input", {}, { x: -COLUMN_GAP, y: ((rows - 1) * ROW_GAP) / 2 });
  counters.set("input", 1);
  const nodes: FlowNode[] = [input];
  const edges: FlowEdge[] = [];
  const links = new Set<string>();
  const grid: FlowNode[][] = [];
  const handleOf = (node: FlowNode) => (node.type === "condition" ? (random() < 0.5 ? "true" : "false") : "out");
  const link = (source: FlowNode, target: FlowNode, sourceHandle = handleOf(source)): boolean => {
    const key = `${source.id}.${sourceHandle}-${target.id}.in`;
    if (links.has(key)) return false;
    const out = outputPortsOf(source).find((p) => p.id === sourceHandle);
    const inp = nodeDefinitions[target.type].inputs.find((p) => p.id === "in");
    if (!out || !inp || portIncompatibility(out.type, inp.type)) throw new Error(`generator bug: ${key} is not a valid connection`);
    links.add(key);
    edges.push(makeEdge(source.id, target.id, sourceHandle, "in"));
    return true;
  };
  /** A node of column c-1 in `row` or the nearest row that can feed others (Outputs cannot). */
  const feederNear = (c: number, row: number): FlowNode => {
    if (c === 0) return input;
    const prev = grid[c - 1] as FlowNode[];
    for (let d = 0; d < prev.length * 2; d++) {
      for (const r of [row - d, row + d]) {
        const n = prev[Math.min(r, prev.length - 1)];
        if (r >= 0 && n && n.type !== "output") return n;
      }
    }
    return input;
  };
  for (let c = 0, made = 0; c < columns; c++) {
    const column: FlowNode[] = [];
    for (let r = 0; r < rows && made < cells; r++, made++) {
      const last = c === columns - 1;
      const type: NodeType = last ? "output" : pick();
      const { id, k } = nextId(type);
      const feeder = feederNear(c, r);
      const position = { x: c * COLUMN_GAP, y: r * ROW_GAP };
      const title = nodeDefinitions[type].title;
      let node: FlowNode;
      if (type === "prompt_template") node = makeNode(id, type, { label: `${title} ${k}`, template: `Summarise {{${feeder.id === "input_1" ? "input.topic" : `${feeder.id}.output`}}} for {{input.topic}}.` }, position);
      else if (type === "calculator") node = makeNode(id, type, { label: `${title} ${k}`, expression: `${k} * 1.2 + 3` }, position);
      else node = makeNode(id, type, { label: `${title} ${k}` } as never, position);
      column.push(node);
      nodes.push(node);
    }
    grid.push(column);
    column.forEach((node, r) => link(feederNear(c, r), node));
  }
  for (let attempts = 0; edges.length < edgeCount && attempts < edgeCount * 20; attempts++) {
    const c = 1 + Math.floor(random() * (columns - 1));
    const column = grid[c] as FlowNode[];
    const r = Math.floor(random() * column.length);
    const source = feederNear(c, Math.max(0, r + Math.floor(random() * 7) - 3));
    link(source, column[r] as FlowNode);
  }
  const graph = flowGraphSchema.parse(makeGraph(nodes, edges));
  const bytes = JSON.stringify(graph).length;
  if (bytes > MAX_GRAPH_BYTES) throw new Error(`generated graph is ${bytes} bytes, over MAX_GRAPH_BYTES`);
  return graph;
}

// ---- Runs in every page before the app (per page: the expected node count is baked in).
function pageScript(expected: number): string {
  return `(() => {
  if (window.__canvasBench) return;
  const b = (window.__canvasBench = {
    expected: ${expected},
    frames: [], recording: false, longTasks: [], commits: 0,
    countRenders: false, renderStats: [],
    open: { firstNodeAt: 0, shownAt: 0, paintedAt: 0, nodes: 0 },
    selectTarget: 0, selectedAt: 0,
  });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) b.longTasks.push([performance.timeOrigin + e.startTime, e.duration]);
    }).observe({ type: "longtask", buffered: true });
  } catch {}

  // A minimal React DevTools hook: React (also production builds) reports each commit to it.
  // countRendered walks only the subtrees React touched in the commit (a subtree whose child
  // pointer is shared with its alternate was skipped) and counts function components that ran.
  const countRendered = (root) => {
    let components = 0, nodeViews = 0, nodeCards = 0, runBadges = 0;
    const stack = [root];
    while (stack.length) {
      const f = stack.pop();
      if ((f.tag === 0 || f.tag === 11 || f.tag === 15) && (f.flags & 1)) {
        components++;
        const p = f.memoizedProps;
        if (p && typeof p === "object") {
          if ("definition" in p && "icon" in p) nodeCards++;
          else if ("positionAbsoluteX" in p && "data" in p) nodeViews++;
          else if ("nodeId" in p && "showOutput" in p) runBadges++;
        }
      }
      if (f.child && !(f.alternate && f.alternate.child === f.child)) {
        for (let c = f.child; c; c = c.sibling) stack.push(c);
      }
    }
    b.renderStats.push({ components, nodeViews, nodeCards, runBadges });
  };
  if (!window.__REACT_DEVTOOLS_GLOBAL_HOOK__) {
    const renderers = new Map();
    window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
      renderers, supportsFiber: true, isDisabled: false,
      inject(renderer) { const id = renderers.size + 1; renderers.set(id, renderer); return id; },
      checkDCE() {}, onScheduleFiberRoot() {}, onCommitFiberUnmount() {}, onPostCommitFiberRoot() {}, setStrictMode() {},
      onCommitFiberRoot(_id, root) { b.commits++; if (b.countRenders) countRendered(root.current); },
    };
  }

  // Open: a candidate is the first frame with every rendered node measured; it is the answer once
  // all n are there, or once the count has held for 30 frames (only visible nodes rendered).
  let last = 0, stable = 0, lastCount = -1, candidate = null;
  const nodeEls = document.getElementsByClassName("react-flow__node");
  const inspectorSays = (n) => (document.querySelector('[aria-label="Inspector"]')?.textContent ?? "").includes(n + " nodes selected");
  const frame = (t) => {
    if (b.recording) { if (last) b.frames.push(t - last); last = t; } else last = 0;
    const o = b.open;
    if (!o.paintedAt && nodeEls.length > 0) {
      if (!o.firstNodeAt) o.firstNodeAt = Date.now();
      const n = nodeEls.length;
      const hidden = !!document.querySelector('.react-flow__node[style*="visibility: hidden"]');
      if (n !== lastCount || hidden) { stable = 0; candidate = null; lastCount = n; } else stable++;
      if (!hidden && !candidate) candidate = { at: Date.now(), paintedAt: 0 };
      else if (candidate && !candidate.paintedAt) candidate.paintedAt = Date.now();
      if (candidate && candidate.paintedAt && (n >= b.expected || stable >= 30)) {
        o.shownAt = candidate.at; o.paintedAt = candidate.paintedAt; o.nodes = n;
      }
    }
    if (b.selectTarget && !b.selectedAt) {
      const selected = document.querySelectorAll(".react-flow__node.selected").length;
      // every rendered node selected, and all n of them (rendered, or as the inspector counts them)
      if (selected > 0 && selected === nodeEls.length && (selected >= b.selectTarget || inspectorSays(b.selectTarget))) b.selectedAt = Date.now();
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})()`;
}

interface Bench {
  expected: number;
  frames: number[];
  recording: boolean;
  longTasks: [number, number][];
  commits: number;
  countRenders: boolean;
  renderStats: { components: number; nodeViews: number; nodeCards: number; runBadges: number }[];
  open: { firstNodeAt: number; shownAt: number; paintedAt: number; nodes: number };
  selectTarget: number;
  selectedAt: number;
}
declare global {
  interface Window {
    __canvasBench: Bench;
  }
}

// ---- Page helpers.
type Rect = { left: number; top: number; right: number; bottom: number; width: number; height: number };

async function openEditor(context: BrowserContext, flowId: string, expected: number, profilePath?: string) {
  const page = await context.newPage();
  page.on("pageerror", (e) => log(`page error: ${e.message}`));
  await page.addInitScript({ content: pageScript(expected) });
  const cdp = profilePath ? await context.newCDPSession(page) : null;
  if (cdp) {
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: expected > 2000 ? 1000 : 200 });
    await cdp.send("Profiler.start");
  }
  const t0 = Date.now();
  await page.goto(`${ORIGIN}/flows/${flowId}`, { waitUntil: "commit", timeout: 120_000 });
  const outcome = await page
    .waitForFunction(
      () => {
        const o = window.__canvasBench?.open;
        if (o?.paintedAt) return "shown";
        if (!document.querySelector(".react-flow") && document.body?.textContent?.includes("Could not load the flow")) return document.body.textContent.slice(0, 400);
        return false;
      },
      undefined,
      { timeout: 180_000, polling: 100 },
    )
    .then((h) => h.jsonValue() as Promise<string>);
  if (outcome !== "shown") return { page, error: outcome.replace(/\s+/g, " ").trim() };
  if (cdp && profilePath) {
    const { profile } = await cdp.send("Profiler.stop");
    writeFileSync(profilePath, JSON.stringify(profile));
    log(`CPU profile of the open written to ${profilePath}`);
    await cdp.detach();
  }
  const open = await page.evaluate(() => window.__canvasBench.open);
  // Settled: no long task for 1 s (max 150 s); the end of the last one after the graph appeared.
  const settleDeadline = Date.now() + 150_000;
  let settledAt = open.paintedAt;
  for (;;) {
    const tasks = await page.evaluate(() => window.__canvasBench.longTasks);
    const lastEnd = Math.max(open.paintedAt, ...tasks.map(([start, d]) => start + d));
    settledAt = lastEnd;
    if (Date.now() - lastEnd >= 1000 || Date.now() > settleDeadline) break;
    await sleep(200);
  }
  const after = await page.evaluate(() => {
    const tasks = window.__canvasBench.longTasks;
    const memory = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
    const flowGet = (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).find((e) => e.name.includes("flow.get"));
    return {
      heapMb: memory ? memory.usedJSHeapSize / 1048576 : null,
      longTasks: tasks.length,
      longTaskMs: tasks.reduce((s, [, d]) => s + d, 0),
      longTaskMaxMs: Math.max(0, ...tasks.map(([, d]) => d)),
      domContentLoadedMs: nav ? nav.domContentLoadedEventEnd : null,
      flowGetEndMs: flowGet ? flowGet.responseEnd : null,
      flowGetBytes: flowGet ? flowGet.encodedBodySize : null,
      zoom: Number(/scale\(([-\d.e]+)\)/.exec((document.querySelector(".react-flow__viewport") as HTMLElement | null)?.style.transform ?? "")?.[1] ?? NaN),
    };
  });
  return {
    page,
    error: null,
    openMs: open.paintedAt - t0,
    firstNodeMs: open.firstNodeAt - t0,
    settledMs: settledAt - t0,
    nodesInDom: open.nodes,
    // in-page milestones, ms after the navigation started
    domContentLoadedMs: after.domContentLoadedMs,
    flowFetchedMs: after.flowGetEndMs,
    flowBytes: after.flowGetBytes,
    heapMb: after.heapMb,
    longTasks: after.longTasks,
    longTaskMs: after.longTaskMs,
    longTaskMaxMs: after.longTaskMaxMs,
    zoom: after.zoom,
  };
}

async function paneRect(page: Page): Promise<Rect> {
  return page.evaluate(() => {
    const r = (document.querySelector(".react-flow__pane") as HTMLElement).getBoundingClientRect();
    return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height };
  });
}

/** A point of bare pane (no node, edge, minimap or control under it), nearest the pane's centre. */
async function emptyPanePoint(page: Page): Promise<{ x: number; y: number }> {
  const point = await page.evaluate(() => {
    const pane = document.querySelector(".react-flow__pane") as HTMLElement;
    const r = pane.getBoundingClientRect();
    const cx = r.left + r.width / 2;
    const cy = r.top + r.height / 2;
    const candidates: [number, number, number][] = [];
    for (let x = r.left + 20; x < r.right - 20; x += 8) for (let y = r.top + 20; y < r.bottom - 20; y += 8) candidates.push([Math.hypot(x - cx, y - cy), x, y]);
    candidates.sort((a, b) => a[0] - b[0]);
    // (no named helper functions in here: tsx would wrap them in a __name() the page lacks)
    const hit = candidates.find(([, x, y]) => [-6, 0, 6].every((dx) => [-6, 0, 6].every((dy) => document.elementFromPoint(x + dx, y + dy) === pane)));
    return hit ? { x: hit[1], y: hit[2] } : null;
  });
  if (!point) throw new Error("no empty pane space to grab");
  return point;
}

type FlowBounds = { x0: number; y0: number; x1: number; y1: number };

/** Where a box in flow coordinates is on screen now (from the viewport's transform; may lie beyond the window). */
async function screenBox(page: Page, flow: FlowBounds): Promise<Rect> {
  return page.evaluate((f) => {
    const pane = (document.querySelector(".react-flow") as HTMLElement).getBoundingClientRect();
    const transform = (document.querySelector(".react-flow__viewport") as HTMLElement).style.transform;
    const m = /translate\(([-\d.e]+)px,\s*([-\d.e]+)px\)\s*scale\(([-\d.e]+)\)/.exec(transform);
    if (!m) throw new Error(`unexpected viewport transform "${transform}"`);
    const [x, y, zoom] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const left = pane.left + x + f.x0 * zoom, top = pane.top + y + f.y0 * zoom;
    const right = pane.left + x + f.x1 * zoom, bottom = pane.top + y + f.y1 * zoom;
    return { left, top, right, bottom, width: right - left, height: bottom - top };
  }, flow);
}

/** The generated graph's extent in flow coordinates, with room for the tallest node. */
function flowBounds(graph: FlowGraph): FlowBounds {
  const xs = graph.nodes.map((n) => n.position.x);
  const ys = graph.nodes.map((n) => n.position.y);
  return { x0: Math.min(...xs) - 20, y0: Math.min(...ys) - 20, x1: Math.max(...xs) + 240 + 20, y1: Math.max(...ys) + 200 };
}

/** Waits until the page has run no long task for `quietMs` (at most `maxMs`). */
async function waitQuiet(page: Page, quietMs = 1000, maxMs = 120_000) {
  const deadline = Date.now() + maxMs;
  const since = Date.now();
  while (Date.now() < deadline) {
    const lastEnd = await page.evaluate(() => Math.max(0, ...window.__canvasBench.longTasks.map(([start, d]) => start + d)));
    if (Date.now() - Math.max(since, lastEnd) >= quietMs) return;
    await sleep(100);
  }
}

async function startFrames(page: Page) {
  await page.evaluate(() => {
    window.__canvasBench.frames = [];
    window.__canvasBench.recording = true;
  });
}
async function stopFrames(page: Page): Promise<number[]> {
  // one more frame so the interval that contains the last input is included
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return page.evaluate(() => {
    window.__canvasBench.recording = false;
    return window.__canvasBench.frames;
  });
}

/** The node nearest the pane's centre, and a point on its header to grab it by. */
async function dragTarget(page: Page): Promise<{ id: string; x: number; y: number }> {
  const target = await page.evaluate(() => {
    const pane = (document.querySelector(".react-flow__pane") as HTMLElement).getBoundingClientRect();
    const cx = pane.left + pane.width / 2;
    const cy = pane.top + pane.height / 2;
    let best: { id: string; x: number; y: number; d: number } | null = null;
    for (const el of document.querySelectorAll<HTMLElement>(".react-flow__node")) {
      const r = el.getBoundingClientRect();
      if (r.left < pane.left + 40 || r.right > pane.right - 200 || r.top < pane.top + 40 || r.bottom > pane.bottom - 200) continue;
      // on the header (small when zoomed far out: the editor fits the whole graph on open)
      const x = r.left + Math.min(60, r.width / 3);
      const y = r.top + Math.min(14, r.height / 4);
      const d = Math.hypot(x - cx, y - cy);
      if (document.elementFromPoint(x, y)?.closest(".react-flow__node") !== el) continue;
      if (!best || d < best.d) best = { id: el.dataset.id ?? "", x, y, d };
    }
    return best;
  });
  if (!target) throw new Error("no node fully inside the pane to drag");
  return target;
}

/** Drag a node: down on its header, `moves` small moves, up. */
async function dragNode(page: Page, target: { x: number; y: number }, moves = 60, interval = 16) {
  await page.mouse.move(target.x, target.y);
  await page.mouse.down();
  for (let i = 1; i <= moves; i++) {
    await page.mouse.move(target.x + i * 4, target.y + i * 2);
    await sleep(interval);
  }
  await page.mouse.up();
}

/** Pan by dragging bare pane (from `start`) round a circle for `seconds`. */
async function panCircle(page: Page, start: { x: number; y: number }, seconds: number, interval = 16) {
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  const steps = Math.round((seconds * 1000) / interval);
  for (let i = 1; i <= steps; i++) {
    const a = (i / steps) * 2 * Math.PI;
    await page.mouse.move(start.x + 150 * Math.sin(a), start.y + 100 * (1 - Math.cos(a)));
    await sleep(interval);
  }
  await page.mouse.move(start.x, start.y);
  await page.mouse.up();
}

/** Pan (by dragging bare pane, in steps) until the screen point `p` moves to `to`. */
async function panPointTo(page: Page, p: { x: number; y: number }, to: { x: number; y: number }) {
  const pane = await paneRect(page);
  let dx = to.x - p.x;
  let dy = to.y - p.y;
  for (let i = 0; i < 20 && Math.hypot(dx, dy) > 1; i++) {
    const step = { x: Math.max(-pane.width * 0.4, Math.min(pane.width * 0.4, dx)), y: Math.max(-pane.height * 0.4, Math.min(pane.height * 0.4, dy)) };
    const from = await emptyPanePoint(page);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x + step.x, from.y + step.y, { steps: 10 });
    await page.mouse.up();
    dx -= step.x;
    dy -= step.y;
  }
}

async function clearSelection(page: Page) {
  const point = await emptyPanePoint(page);
  await page.mouse.click(point.x, point.y);
  await page.waitForFunction(() => document.querySelectorAll(".react-flow__node.selected").length === 0, undefined, { timeout: 30_000 });
}

async function selectAll(page: Page, n: number, flow: FlowBounds): Promise<{ ms: number | null; method: string; selected: number }> {
  await clearSelection(page);
  await page.evaluate((target) => {
    window.__canvasBench.selectTarget = target;
    window.__canvasBench.selectedAt = 0;
  }, n);
  // 1. Ctrl+A / Meta+A with the canvas focused.
  const point = await emptyPanePoint(page);
  await page.mouse.move(point.x, point.y);
  await page.locator(".react-flow__pane").focus().catch(() => undefined);
  const key = process.platform === "darwin" ? "Meta+a" : "Control+a";
  let t0 = Date.now();
  await page.keyboard.press(key);
  const byKey = await page
    .waitForFunction(() => window.__canvasBench.selectedAt > 0, undefined, { timeout: 5_000 })
    .then(
      () => true,
      () => false,
    );
  if (byKey) return { ms: (await page.evaluate(() => window.__canvasBench.selectedAt)) - t0, method: key.toLowerCase(), selected: n };
  // (a partial count below is of rendered nodes only)
  const partial = await page.evaluate(() => document.querySelectorAll(".react-flow__node.selected").length);
  if (partial > 0) log(`${key} selected ${partial} of ${n} nodes; using box selection instead`);

  // 2. Box selection: bring the graph's top-left corner into the pane, then Shift + drag from
  //    just above-left of it to beyond its bottom-right in one move.
  await clearSelection(page);
  const pane = await paneRect(page);
  let box = await screenBox(page, flow);
  if (box.left < pane.left + 20 || box.top < pane.top + 20) {
    await panPointTo(page, { x: box.left, y: box.top }, { x: pane.left + 40, y: pane.top + 40 });
    box = await screenBox(page, flow);
  }
  const from = { x: box.left - 12, y: box.top - 12 };
  const to = { x: box.right + 12, y: box.bottom + 12 };
  await page.evaluate(() => {
    window.__canvasBench.selectedAt = 0;
  });
  await page.keyboard.down("Shift");
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 4, from.y + 4);
  t0 = Date.now();
  await page.mouse.move(to.x, to.y);
  const done = await page
    .waitForFunction(() => window.__canvasBench.selectedAt > 0, undefined, { timeout: 60_000 })
    .then(
      () => true,
      () => false,
    );
  const selectedAt = await page.evaluate(() => window.__canvasBench.selectedAt);
  await page.mouse.up();
  await page.keyboard.up("Shift");
  const selected = done ? n : await page.evaluate(() => document.querySelectorAll(".react-flow__node.selected").length);
  return { ms: done ? selectedAt - t0 : null, method: `box (shift+drag; ${key} selected ${partial})`, selected };
}

/** Main-thread time by kind (ms) between two reads of the DevTools Performance domain. */
async function metricsProbe(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  const read = async () => Object.fromEntries((await cdp.send("Performance.getMetrics")).metrics.map((m) => [m.name, m.value]));
  return {
    cdp,
    read,
    diff: (a: Record<string, number>, b: Record<string, number>) => ({
      task_ms: round(((b.TaskDuration ?? 0) - (a.TaskDuration ?? 0)) * 1000),
      script_ms: round(((b.ScriptDuration ?? 0) - (a.ScriptDuration ?? 0)) * 1000),
      layout_ms: round(((b.LayoutDuration ?? 0) - (a.LayoutDuration ?? 0)) * 1000),
      style_ms: round(((b.RecalcStyleDuration ?? 0) - (a.RecalcStyleDuration ?? 0)) * 1000),
      layouts: (b.LayoutCount ?? 0) - (a.LayoutCount ?? 0),
    }),
  };
}

function frameStats(frames: number[]) {
  const sorted = [...frames].sort((a, b) => a - b);
  return { p50: round(pct(sorted, 50)), p95: round(pct(sorted, 95)), max: round(sorted.at(-1) ?? 0), frames: sorted.length };
}

async function main() {
  // ---- Flows first (cheap, and validates the generator before anything starts).
  // validateForRun (what the editor runs after every change) is timed here on the small flow only:
  // it grows faster than linearly (about a minute for 5,000 nodes when this was written).
  const graphs = SIZES.map(({ nodes, edges }) => {
    const graph = generateFlow(nodes, edges);
    let validateMs: number | null = null;
    if (nodes <= 1000) {
      const t = performance.now();
      const problems = validateForRun(graph);
      validateMs = performance.now() - t;
      if (problems.length) log(`the generated flow has problems: ${problems.slice(0, 3).map((p) => p.message).join("; ")}`);
    }
    log(`generated ${graph.nodes.length} nodes / ${graph.edges.length} edges (${Math.round(JSON.stringify(graph).length / 1024)} KB)${validateMs === null ? "" : `; validateForRun ${validateMs.toFixed(0)} ms in Node`}`);
    return { graph, validateMs };
  });

  const database = await harness.createDatabase();
  const db = createDb(database.url, 4);
  harness.onClose(() => db.$disconnect());
  await harness.startWeb({
    DATABASE_URL: database.url,
    QUEUE_PREFIX: uniqueName("orchestra_bench_canvas"),
  }, { rebuild: values.build });
  log(`web server up on ${ORIGIN}`);

  const password = "benchmarking the canvas";
  const user = await signUp(db, { name: "Bench", email: "bench-canvas@example.test", password });
  const flowIds: string[] = [];
  for (const { graph } of graphs) {
    const flow = await createFlow(db, user.id, user.workspaceId, `canvas bench ${graph.nodes.length}`);
    await saveFlowVersion(db, user.id, flow.id, graph);
    flowIds.push(flow.id);
  }

  const browser = await harness.launchChromium(["--enable-precise-memory-info"]);
  const context = await browser.newContext({ viewport: VIEWPORT });
  const signIn = await context.newPage();
  await signIn.goto(`${ORIGIN}/sign-in`);
  await signIn.getByLabel("Email").fill(user.email);
  await signIn.getByLabel("Password").fill(password);
  await signIn.getByRole("button", { name: "Sign in" }).click();
  await signIn.waitForURL(/\/flows$/, { timeout: 60_000 });
  await signIn.close();

  const result: Record<string, unknown> = {};
  const extra: Record<string, unknown> = {};
  for (const [k, { nodes }] of SIZES.entries()) {
    const flowId = flowIds[k] as string;
    const opens: number[] = [];
    let last: Awaited<ReturnType<typeof openEditor>> | null = null;
    for (let i = 0; i < LOADS; i++) {
      if (last) await last.page.close();
      last = await openEditor(context, flowId, nodes);
      if (last.error !== null) {
        log(`${nodes} nodes: the editor did not open: ${last.error}`);
        extra[`open_error_${nodes}`] = last.error;
        break;
      }
      opens.push(last.openMs as number);
      log(`${nodes} nodes: load ${i + 1}: shown in ${last.openMs} ms (first node ${last.firstNodeMs} ms, settled ${last.settledMs} ms, ${last.nodesInDom} in the DOM)`);
    }
    result[`open_ms_${nodes}`] = opens.length === LOADS ? round(median(opens)) : null;
    if (values["cpu-profile"] && last?.error === null) {
      // an extra, untimed load under the profiler (until the graph is shown)
      const profiledLoad = await openEditor(context, flowId, nodes, `${values["cpu-profile"]}.open-${nodes}.cpuprofile`);
      await profiledLoad.page.close();
    }
    if (!last || last.error !== null) {
      await last?.page.close();
      continue;
    }
    Object.assign(extra, {
      [`open_ms_all_${nodes}`]: opens,
      [`open_first_node_ms_${nodes}`]: last.firstNodeMs,
      [`open_settled_ms_${nodes}`]: last.settledMs,
      [`open_nodes_in_dom_${nodes}`]: last.nodesInDom,
      [`open_zoom_${nodes}`]: last.zoom === undefined || Number.isNaN(last.zoom) ? null : round(last.zoom),
      [`open_dom_content_loaded_ms_${nodes}`]: last.domContentLoadedMs === null ? null : round(last.domContentLoadedMs),
      [`open_flow_fetched_ms_${nodes}`]: last.flowFetchedMs === null ? null : round(last.flowFetchedMs),
      [`flow_kb_${nodes}`]: last.flowBytes === null ? null : Math.round(last.flowBytes / 1024),
      [`heap_mb_${nodes}`]: last.heapMb === null ? null : round(last.heapMb),
      [`open_long_tasks_${nodes}`]: last.longTasks,
      [`open_long_task_ms_${nodes}`]: round(last.longTaskMs as number),
      [`open_long_task_max_ms_${nodes}`]: round(last.longTaskMaxMs as number),
      ...(graphs[k]?.validateMs != null ? { [`validate_for_run_ms_node_${nodes}`]: round(graphs[k].validateMs) } : {}),
    });

    if (nodes === 1000) {
      const page = last.page;
      // ---- Timed interactions: a node drag, then a pan. Targets are found before the clock starts.
      const probe = await metricsProbe(page);
      const tasksBefore = await page.evaluate(() => window.__canvasBench.longTasks.length);
      const target = await dragTarget(page);
      const m0 = await probe.read();
      await startFrames(page);
      await dragNode(page, target);
      const dragFrames = await stopFrames(page);
      const m1 = await probe.read();
      const dragTasks = await page.evaluate((from) => window.__canvasBench.longTasks.slice(from), tasksBefore);
      await waitQuiet(page); // the editor's reaction to the drag ending (validation…) stays outside both windows
      const tasksBeforePan = await page.evaluate(() => window.__canvasBench.longTasks.length);
      const afterDragTasks = await page.evaluate(([from, to]) => window.__canvasBench.longTasks.slice(from, to), [tasksBefore + dragTasks.length, tasksBeforePan]);
      const panStart = await emptyPanePoint(page);
      const m2 = await probe.read();
      await startFrames(page);
      await panCircle(page, panStart, PAN_SECONDS);
      const panFrames = await stopFrames(page);
      const m3 = await probe.read();
      const panTasks = await page.evaluate((from) => window.__canvasBench.longTasks.slice(from), tasksBeforePan);
      const all = frameStats([...dragFrames, ...panFrames]);
      const drag = frameStats(dragFrames);
      const pan = frameStats(panFrames);
      result.drag_frame_ms_p95_1000 = all.p95;
      const taskSum = (tasks: [number, number][]) => round(tasks.reduce((sum, [, d]) => sum + d, 0));
      Object.assign(extra, {
        drag_frame_ms_p50_1000: all.p50,
        drag_frame_ms_max_1000: all.max,
        drag_frames_1000: all.frames,
        node_drag_frame_ms_p50: drag.p50,
        node_drag_frame_ms_p95: drag.p95,
        node_drag_frame_ms_max: drag.max,
        node_drag_frames: drag.frames,
        dragged_node: target.id,
        node_drag_long_tasks: dragTasks.length,
        node_drag_long_task_ms: taskSum(dragTasks),
        node_drag_main_thread: probe.diff(m0, m1),
        after_drag_long_tasks: afterDragTasks.length,
        after_drag_long_task_ms: taskSum(afterDragTasks),
        pan_frame_ms_p50: pan.p50,
        pan_frame_ms_p95: pan.p95,
        pan_frame_ms_max: pan.max,
        pan_frames: pan.frames,
        pan_long_tasks: panTasks.length,
        pan_long_task_ms: taskSum(panTasks),
        pan_main_thread: probe.diff(m2, m3),
      });
      log(`drag p95 ${drag.p95} ms (${drag.frames} frames), pan p95 ${pan.p95} ms (${pan.frames} frames)`);

      // ---- Untimed: what React renders per commit while dragging, and once the drag ends.
      await page.evaluate(() => {
        window.__canvasBench.renderStats = [];
        window.__canvasBench.countRenders = true;
      });
      const commits0 = await page.evaluate(() => window.__canvasBench.commits);
      await dragNode(page, await dragTarget(page), 20, 16);
      const during = await page.evaluate(() => window.__canvasBench.renderStats.splice(0));
      const commits1 = await page.evaluate(() => window.__canvasBench.commits);
      await waitQuiet(page);
      const afterDrag = await page.evaluate(() => window.__canvasBench.renderStats.splice(0));
      await page.evaluate(() => {
        window.__canvasBench.countRenders = false;
      });
      const avg = (xs: number[]) => (xs.length ? round(xs.reduce((a, b) => a + b, 0) / xs.length) : 0);
      Object.assign(extra, {
        drag_react_commits_per_move: round((commits1 - commits0) / 20),
        drag_components_rendered_per_commit: avg(during.map((s) => s.components)),
        drag_node_views_rendered_per_commit: avg(during.map((s) => s.nodeViews)),
        drag_node_cards_rendered_per_commit: avg(during.map((s) => s.nodeCards)),
        drag_run_badges_rendered_per_commit: avg(during.map((s) => s.runBadges)),
        after_drag_commits: afterDrag.length,
        after_drag_components_rendered: afterDrag.reduce((s, x) => s + x.components, 0),
        after_drag_node_cards_rendered: afterDrag.reduce((s, x) => s + x.nodeCards, 0),
      });

      // ---- Optional CPU profiles / traces of a drag and of a pan (extra passes: both slow the page).
      const profiled = async (what: string, act: () => Promise<void>) => {
        if (values["cpu-profile"]) {
          await probe.cdp.send("Profiler.enable");
          await probe.cdp.send("Profiler.setSamplingInterval", { interval: 200 });
          await probe.cdp.send("Profiler.start");
          await act();
          const { profile } = await probe.cdp.send("Profiler.stop");
          writeFileSync(`${values["cpu-profile"]}.${what}.cpuprofile`, JSON.stringify(profile));
          log(`CPU profile written to ${values["cpu-profile"]}.${what}.cpuprofile`);
          await waitQuiet(page);
        }
        if (values.trace && browser) {
          await browser.startTracing(page, { path: `${values.trace}.${what}.json`, categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "blink.user_timing", "v8.execute"] });
          await act();
          await browser.stopTracing();
          log(`trace written to ${values.trace}.${what}.json`);
          await waitQuiet(page);
        }
      };
      await profiled("drag", async () => dragNode(page, await dragTarget(page)));
      await profiled("pan", async () => panCircle(page, await emptyPanePoint(page), Math.min(PAN_SECONDS, 2)));

      // ---- Select all.
      const selection = await selectAll(page, nodes, flowBounds((graphs[k] as { graph: FlowGraph }).graph));
      result.select_all_ms_1000 = selection.ms === null ? null : round(selection.ms);
      extra.select_method = selection.method;
      extra.select_all_selected = selection.selected;
      log(`select all (${selection.method}): ${selection.ms} ms, ${selection.selected}/${nodes} selected`);
      await probe.cdp.detach().catch(() => undefined);
    }
    await last.page.close();
  }

  return {
    open_ms_1000: result.open_ms_1000 ?? null,
    drag_frame_ms_p95_1000: result.drag_frame_ms_p95_1000 ?? null,
    open_ms_5000: result.open_ms_5000 ?? null,
    select_all_ms_1000: result.select_all_ms_1000 ?? null,
    ...extra,
    nodes_1000: graphs[0]?.graph.nodes.length,
    edges_1000: graphs[0]?.graph.edges.length,
    nodes_5000: graphs[1]?.graph.nodes.length,
    edges_5000: graphs[1]?.graph.edges.length,
    viewport: `${VIEWPORT.width}x${VIEWPORT.height}`,
    loads: LOADS,
  };
}

await harness.run(main);
