import { signUp, signUpInputSchema } from "../../services/users";
import { createTRPCRouter, publicProcedure } from "../trpc";

export const authRouter = createTRPCRouter({
  signUp: publicProcedure.input(signUpInputSchema).mutation(async ({ ctx, input }) => {
    const user = await signUp(ctx.db, input);
    return { id: user.id, email: user.email };
  }),
});
