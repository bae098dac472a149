import { buildStylesheet } from '../scripts/build-stylesheet.mjs';

/** Pages are checked with their real stylesheet (colour contrast depends on it). */
export default function setup() {
  buildStylesheet();
}
