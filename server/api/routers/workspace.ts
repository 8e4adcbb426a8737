import { listWorkspaces } from "../../services/users";
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const workspaceRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => listWorkspaces(ctx.db, ctx.userId)),
});
