import { CHROMIUM_ARGS } from '../src/platform/http/pdf.js';

/** How the browser journeys start Debian's Chromium: as the server does for PDFs, with WebGL drawn in software for the network map. */
export const CHROMIUM = process.env.SYSLEAD_CHROMIUM ?? '/usr/bin/chromium';
export const ARGS = [...CHROMIUM_ARGS, '--enable-unsafe-swiftshader'];
