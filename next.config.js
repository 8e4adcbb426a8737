/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // bullmq/ioredis/pg stay plain Node modules on the server instead of being bundled.
  serverExternalPackages: ["bullmq", "ioredis", "pg", "pino", "@prisma/adapter-pg"],
  allowedDevOrigins: ["127.0.0.1"],
  typedRoutes: false,
};

export default nextConfig;
