// Types for next.config.js, so tests can import its security headers.
import type { NextConfig } from "next";

export declare function securityHeaders(dev: boolean): { key: string; value: string }[];
declare const nextConfig: NextConfig;
export default nextConfig;
