import net from "node:net";

export interface TcpProxy {
  url: string;
  /** Drops every open connection and refuses new ones, like a network that went away. */
  cut: () => void;
  restore: () => void;
  close: () => Promise<void>;
}

/**
 * A local TCP relay in front of the app, so a spec can drop a live connection mid-stream. Its URL
 * keeps the app's host name, so the session cookie still applies.
 */
export async function startTcpProxy(target: URL): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let refusing = false;
  const server = net.createServer((client) => {
    if (refusing) return client.destroy();
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  // Every interface: "localhost" may resolve to 127.0.0.1 or ::1.
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const { port } = server.address() as net.AddressInfo;
  const dropAll = () => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    url: `${target.protocol}//${target.hostname}:${port}`,
    cut: () => {
      refusing = true;
      dropAll();
    },
    restore: () => {
      refusing = false;
    },
    close: async () => {
      dropAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
