/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WASM and data files that must be loaded from node_modules at run time.
  serverExternalPackages: ["@electric-sql/pglite"],
  poweredByHeader: false,
  // API clients post and read small JSON at high rates: gzip costs more CPU than it saves on
  // loopback and LANs. Put a compressing proxy in front where bandwidth matters.
  compress: false,
  reactStrictMode: true,
};

export default nextConfig;
