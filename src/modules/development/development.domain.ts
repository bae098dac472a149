/**
 * Reading a framework typed as lines of text, as the form to add one takes it: the rating scale
 * one step a line ("1 Starting out"), and the domains each on a line starting "#", their
 * components under them on lines starting "-", each "name: what it means". A line that cannot
 * be read is reported with its number, in words.
 */
export interface FrameworkText {
  scale: Array<{ value: number; label: string }>;
  domains: Array<{
    name: string;
    description: string;
    components: Array<{ name: string; description: string; area: null }>;
  }>;
}

export type TextProblem = { field: 'scale' | 'domains'; message: string };

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line, i) => ({ number: i + 1, text: line.trim() }))
    .filter((l) => l.text !== '');

/** "Name: what it means" as its two parts (the meaning may be left out). */
function nameAndMeaning(text: string): { name: string; description: string } {
  const at = text.indexOf(':');
  return at < 0
    ? { name: text.trim(), description: '' }
    : { name: text.slice(0, at).trim(), description: text.slice(at + 1).trim() };
}

export function readFrameworkText(
  scaleText: string,
  domainsText: string,
): { value?: FrameworkText; problems: TextProblem[] } {
  const problems: TextProblem[] = [];
  const scale: FrameworkText['scale'] = [];
  for (const line of lines(scaleText)) {
    const match = /^(\d{1,2})\s*[-–:.)]?\s*(.+)$/u.exec(line.text);
    if (!match) {
      problems.push({
        field: 'scale',
        message: `Line ${line.number} of the scale needs a number and then its label, for example “1 Starting out”`,
      });
      continue;
    }
    const value = Number(match[1]);
    if (scale.some((s) => s.value === value))
      problems.push({
        field: 'scale',
        message: `Line ${line.number} of the scale uses the number ${value} again: give each step its own number`,
      });
    else scale.push({ value, label: match[2]!.trim() });
  }
  if (!problems.some((p) => p.field === 'scale') && scale.length < 2)
    problems.push({ field: 'scale', message: 'Give the scale at least two steps, one on each line' });

  const domains: FrameworkText['domains'] = [];
  for (const line of lines(domainsText)) {
    if (line.text.startsWith('#')) {
      const { name, description } = nameAndMeaning(line.text.replace(/^#+/, ''));
      if (!name)
        problems.push({ field: 'domains', message: `Line ${line.number} starts a domain but gives it no name` });
      else domains.push({ name, description, components: [] });
    } else if (line.text.startsWith('-') || line.text.startsWith('•')) {
      const { name, description } = nameAndMeaning(line.text.replace(/^[-•]+/, ''));
      if (!domains.length)
        problems.push({
          field: 'domains',
          message: `Line ${line.number} is a component before any domain: start with a line such as “# Setting direction”`,
        });
      else if (!name) problems.push({ field: 'domains', message: `Line ${line.number} is a component without a name` });
      else domains.at(-1)!.components.push({ name, description, area: null });
    } else
      problems.push({
        field: 'domains',
        message: `Line ${line.number} should start with “#” for a domain or “-” for one of its components`,
      });
  }
  if (!domains.length && !problems.some((p) => p.field === 'domains'))
    problems.push({ field: 'domains', message: 'Give at least one domain, on a line starting with “#”' });
  for (const domain of domains)
    if (!domain.components.length)
      problems.push({
        field: 'domains',
        message: `The domain “${domain.name}” needs at least one component, on a line starting with “-” under it`,
      });
  const sorted = [...scale].sort((a, b) => a.value - b.value);
  return problems.length ? { problems } : { value: { scale: sorted, domains }, problems };
}
