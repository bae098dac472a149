/** How the browser journeys start Debian's Chromium: headless, without the background traffic a closed network refuses. */
export const CHROMIUM = process.env.SYSLEAD_CHROMIUM ?? '/usr/bin/chromium';
export const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--enable-unsafe-swiftshader',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
