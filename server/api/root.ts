import { authRouter } from "./routers/auth";
import { credentialRouter } from "./routers/credential";
import { flowRouter } from "./routers/flow";
import { runRouter } from "./routers/run";
import { workspaceRouter } from "./routers/workspace";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  workspace: workspaceRouter,
  flow: flowRouter,
  run: runRouter,
  credential: credentialRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
