/**
 * Every response carries the headers that make the page cross-origin isolated, so that
 * SharedArrayBuffer (and Atomics.wait in workers) is available for the real parallel runs.
 * Cross-Origin-Resource-Policy is set on every response too — including the worker scripts
 * and chunks under /_next/ — because `require-corp` blocks any subresource (a Worker script
 * among them) that does not carry it.
 *
 * @type {import('next').NextConfig}
 */
const isolationHeaders = [
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  { key: 'Cross-Origin-Embedder-Policy', value: 'require-corp' },
  { key: 'Cross-Origin-Resource-Policy', value: 'same-origin' },
];

const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  async headers() {
    return [{ source: '/:path*', headers: isolationHeaders }];
  },
};

export default nextConfig;
