/** What a system issue is, and the check that it describes the system rather than a person. */

/** Courtesy titles a name may be written with ("Mrs Alder"). */
const TITLES = ['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof'];

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A word or phrase standing alone: not inside a longer word. */
const alone = (phrase: string) => new RegExp(`(?<![\\p{L}\\p{N}])${phrase}(?![\\p{L}\\p{N}])`, 'iu');

/**
 * The names, of those given, that a text mentions: a person's whole name, or their family name
 * after a courtesy title. Spaces between words may be any run of white space.
 */
export function namesIn(text: string, names: string[]): string[] {
  const found = new Set<string>();
  for (const name of names) {
    const words = name.trim().split(/\s+/).filter(Boolean);
    if (!words.length || name.trim().length < 3) continue;
    const whole = alone(words.map(escape).join('\\s+'));
    const family = words.length > 1 ? alone(`(?:${TITLES.join('|')})\\.?\\s+${escape(words.at(-1)!)}`) : undefined;
    if (whole.test(text) || family?.test(text)) found.add(name.trim());
  }
  return [...found];
}

/** Names in a list a person reads: "Ada Alder", "Ada Alder and Ben Birch", "A, B and C". */
export function listOfNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
