// Bundles the browser islands (client/*.ts) into public/build/ with esbuild.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function buildClient() {
  await build({
    entryPoints: [
      path.join(root, 'client/network-map.ts'),
      path.join(root, 'client/live-progress.ts'),
      path.join(root, 'client/copy-link.ts'),
    ],
    bundle: true,
    format: 'esm',
    minify: true,
    target: 'es2020',
    outdir: path.join(root, 'public/build'),
    logLevel: 'warning',
  });
}
