import { buildClient } from '../scripts/build-client.mjs';
import { buildStylesheet } from '../scripts/build-stylesheet.mjs';

/** Pages are checked with their real stylesheet (colour contrast depends on it) and islands. */
export default async function setup() {
  buildStylesheet();
  await buildClient();
}
