// Builds what `bin/syslead` runs: the TypeScript server into dist/, its templates beside it,
// and the stylesheet and browser islands into public/build/.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildClient } from './build-client.mjs';
import { buildStylesheet } from './build-stylesheet.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });

function copyTemplates(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) copyTemplates(full);
    else if (entry.name.endsWith('.njk')) {
      const target = path.join(root, 'dist', path.relative(path.join(root, 'src'), full));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(full, target);
    }
  }
}
copyTemplates(path.join(root, 'src'));

buildStylesheet();
await buildClient();
console.log('Built dist/ and public/build/ (stylesheet and browser islands)');
