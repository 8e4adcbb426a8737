import { FAKE_KEY, startFakeLlm, type FakeLlm } from "../../support/fake-llm-server";
import { createTestApp, type TestApp } from "./app";

export interface LlmTestApp {
  app: TestApp;
  llm: FakeLlm;
  user: Awaited<ReturnType<TestApp["newUser"]>>;
  /** An OpenAI-compatible credential pointing at the fake server. */
  credentialId: string;
  close: () => Promise<void>;
}

/**
 * A test app with a worker, a local model server and a user holding a credential for it. The
 * server listens on 127.0.0.1, so the app allows that address as a self-hoster would.
 */
export async function createLlmTestApp(userName: string, workerEnv?: Record<string, string>): Promise<LlmTestApp> {
  const llm = await startFakeLlm();
  const app = await createTestApp({ worker: true, workerEnv: { HTTP_ALLOWED_HOSTS: "127.0.0.1", ...workerEnv } });
  const user = await app.newUser(userName);
  const credential = await user.caller.credential.create({ workspaceId: user.workspaceId, name: "local", provider: "openai-compatible", baseUrl: `${llm.url}/v1`, apiKey: FAKE_KEY });
  return {
    app,
    llm,
    user,
    credentialId: credential.id,
    close: async () => {
      await app.close();
      await llm.close();
    },
  };
}
