// Compiles the stylesheet: GOV.UK Frontend with Syslead's settings, into public/build/.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as sass from 'sass';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function buildStylesheet() {
  const css = sass.compile(path.join(root, 'src/client/styles/syslead.scss'), {
    loadPaths: [path.join(root, 'node_modules')],
    style: 'compressed',
    quietDeps: true,
  });
  fs.mkdirSync(path.join(root, 'public/build'), { recursive: true });
  fs.writeFileSync(path.join(root, 'public/build/syslead.css'), css.css);
}
