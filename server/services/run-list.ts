import { z } from "zod";
import { runStatusSchema, type RunStatus } from "@/lib/run/events";
import type { Db } from "../db";
import { requireWorkspaceRole } from "./access";
import { InvalidInputError, NotFoundError } from "./errors";

const DAY_MS = 24 * 60 * 60 * 1000;

/** A moment as a Date, an ISO date-time, or an ISO day (UTC); `endOfDay` makes a bare day inclusive. */
function moment(endOfDay: boolean) {
  return z.union([z.date(), z.iso.datetime({ offset: true }), z.iso.date()]).transform((value) => {
    if (value instanceof Date) return value;
    const date = new Date(value);
    return endOfDay && value.length === 10 ? new Date(date.getTime() + DAY_MS - 1) : date;
  });
}

export const listRunsInputSchema = z
  .object({
    workspaceId: z.string().min(1),
    status: runStatusSchema.optional(),
    flowId: z.string().min(1).optional(),
    /** Runs created at or after this moment. */
    from: moment(false).optional(),
    /** Runs created at or before this moment (a bare day includes the whole day). */
    to: moment(true).optional(),
    /** `nextCursor` of the previous page. */
    cursor: z.string().max(200).nullish(),
    limit: z.number().int().min(1).max(100).default(50),
  })
  .refine((input) => !input.from || !input.to || input.from <= input.to, { message: "The start date must be on or before the end date", path: ["to"] });
export type ListRunsInput = z.input<typeof listRunsInputSchema>;
type ParsedInput = z.output<typeof listRunsInputSchema>;

interface Cursor {
  createdAt: Date;
  id: string;
}

/** Opaque to clients: the (createdAt, id) of the last row of a page. */
export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.createdAt.getTime()}:${cursor.id}`).toString("base64url");
}

export function decodeCursor(raw: string): Cursor {
  const [ms, ...rest] = Buffer.from(raw, "base64url").toString().split(":");
  const id = rest.join(":");
  const createdAt = new Date(Number(ms));
  if (!/^\d+$/.test(ms ?? "") || !id || Number.isNaN(createdAt.getTime())) throw new InvalidInputError("The page cursor is invalid; reload the list");
  return { createdAt, id };
}

/** Timestamps are UTC `timestamp(3)`: an ISO literal cast to `timestamp` keeps its UTC wall time. */
const ts = (date: Date) => date.toISOString();

/**
 * The one statement the list issues (tests EXPLAIN it). Keyset pagination on (createdAt, id)
 * descending; the redundant `createdAt <= cursor` lets the index bound the scan on deep pages.
 * Indexes it is shaped for: (workspaceId, createdAt), (workspaceId, status, createdAt), (flowId, createdAt).
 */
export function runListQuery(input: Pick<ParsedInput, "workspaceId" | "status" | "flowId" | "from" | "to">, cursor: Cursor | null, take: number) {
  const values: unknown[] = [input.workspaceId];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const where = [`r."workspaceId" = $1`, `r."parentRunId" IS NULL`];
  if (input.status) where.push(`r.status = ${param(input.status)}::"RunStatus"`);
  if (input.flowId) where.push(`r."flowId" = ${param(input.flowId)}`);
  if (input.from) where.push(`r."createdAt" >= ${param(ts(input.from))}::timestamp`);
  if (input.to) where.push(`r."createdAt" <= ${param(ts(input.to))}::timestamp`);
  if (cursor) {
    const at = param(ts(cursor.createdAt));
    where.push(`r."createdAt" <= ${at}::timestamp`, `(r."createdAt" < ${at}::timestamp OR r.id < ${param(cursor.id)})`);
  }
  const text = `SELECT r.id, r.status::text AS status, r."flowId", f.name AS "flowName", r.trigger, r."actorType",
      u.name AS "startedByName", u.email AS "startedByEmail", r."createdAt", r."startedAt", r."finishedAt",
      r."tokensIn", r."tokensOut", r."costNanoUsd", r."rerunOfId"
    FROM "Run" r
    JOIN "Flow" f ON f.id = r."flowId"
    JOIN "User" u ON u.id = r."startedById"
    WHERE ${where.join(" AND ")}
    ORDER BY r."createdAt" DESC, r.id DESC
    LIMIT ${param(take)}`;
  return { text, values };
}

interface RunListRow {
  id: string;
  status: RunStatus;
  flowId: string;
  flowName: string;
  trigger: string;
  /** Who started it: "user", "api_key", "schedule", "webhook" or "system". */
  actorType: string;
  startedByName: string | null;
  startedByEmail: string;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  tokensIn: number;
  tokensOut: number;
  costNanoUsd: bigint;
  rerunOfId: string | null;
}

function toItem(row: RunListRow) {
  const { startedByName, startedByEmail, costNanoUsd, ...rest } = row;
  return {
    ...rest,
    startedBy: { name: startedByName, email: startedByEmail },
    durationMs: row.startedAt && row.finishedAt ? row.finishedAt.getTime() - row.startedAt.getTime() : null,
    costNanoUsd: Number(costNanoUsd),
  };
}
export type RunListItem = ReturnType<typeof toItem>;

/** Top-level runs of a workspace, newest first, one page at a time. */
export async function listRuns(db: Db, userId: string, rawInput: ListRunsInput): Promise<{ items: RunListItem[]; nextCursor: string | null }> {
  const input = listRunsInputSchema.parse(rawInput);
  await requireWorkspaceRole(db, userId, input.workspaceId, "viewer");
  if (input.flowId) {
    const flow = await db.flow.findUnique({ where: { id: input.flowId }, select: { workspaceId: true } });
    if (flow?.workspaceId !== input.workspaceId) throw new NotFoundError("Flow");
  }
  const cursor = input.cursor ? decodeCursor(input.cursor) : null;
  const { text, values } = runListQuery(input, cursor, input.limit + 1);
  const rows = await db.$queryRawUnsafe<RunListRow[]>(text, ...values);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return { items: page.map(toItem), nextCursor: rows.length > input.limit && last ? encodeCursor(last) : null };
}
