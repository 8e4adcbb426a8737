import { signUp, signUpInputSchema } from "../../services/users";
import { createTRPCRouter, publicProcedure } from "../trpc";

export const authRouter = createTRPCRouter({
  /** Open to anyone, so limited per client address (TOO_MANY_REQUESTS, HTTP 429, past it). */
  signUp: publicProcedure.input(signUpInputSchema).mutation(async ({ ctx, input }) => {
    await ctx.limits.signUpIp.consume(ctx.clientIp);
    const user = await signUp(ctx.db, input);
    return { id: user.id, email: user.email };
  }),
});
