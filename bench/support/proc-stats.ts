// Linux /proc readings for benchmarks: which processes belong to what, their memory and CPU time.
import { readdirSync, readFileSync } from "node:fs";

export interface ProcInfo {
  pid: number;
  ppid: number;
  comm: string;
  /** user + system CPU time, in clock ticks (100 per second on Linux). */
  ticks: number;
  rssMb: number;
  cmdline: string;
}

const PAGE_MB = 4096 / (1024 * 1024);
export const TICKS_PER_S = 100;

function read(pid: number): ProcInfo | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // comm may hold spaces and parentheses: the fields after it start at the last ')'.
    const close = stat.lastIndexOf(")");
    const fields = stat.slice(close + 2).split(" ");
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim();
    return {
      pid,
      comm: stat.slice(stat.indexOf("(") + 1, close),
      ppid: Number(fields[1]),
      ticks: Number(fields[11]) + Number(fields[12]),
      rssMb: Number(fields[21]) * PAGE_MB,
      cmdline,
    };
  } catch {
    return null; // exited while we looked
  }
}

export function allProcesses(): ProcInfo[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map((name) => read(Number(name)))
    .filter((p): p is ProcInfo => p !== null);
}

/** `root` and every process below it. */
export function treeOf(procs: ProcInfo[], root: number): ProcInfo[] {
  const children = new Map<number, ProcInfo[]>();
  for (const p of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const out: ProcInfo[] = [];
  const stack = procs.filter((p) => p.pid === root);
  while (stack.length) {
    const p = stack.pop() as ProcInfo;
    out.push(p);
    stack.push(...(children.get(p.pid) ?? []));
  }
  return out;
}

/** Busy and total CPU ticks of the whole machine (every core), from /proc/stat. */
export function machineTicks(): { busy: number; total: number } {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0] as string;
  const n = line.trim().split(/\s+/).slice(1).map(Number);
  const total = n.reduce((a, b) => a + b, 0);
  const idle = (n[3] ?? 0) + (n[4] ?? 0);
  return { busy: total - idle, total };
}
