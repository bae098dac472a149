/**
 * The one place where a broken rule of a schema becomes a sentence a person understands. Both
 * validators (TypeBox for forms, Ajv for the API) describe a problem as a JSON Schema keyword,
 * the schema it broke and the value given; each kind of rule is written here once, for every
 * form and every API body. A schema names its field with `title` (and may show the expected
 * form with `examples`); without a title the field's own name is spelt out in words.
 */

/** A rule a value broke, as either validator reports it. */
export interface RuleBreak {
  /** The JSON Schema keyword: required, maxLength, format, type, minimum, enum… */
  keyword: string;
  /** The schema of the field (for `required`, the missing property's own schema when known). */
  schema?: Record<string, unknown>;
  value?: unknown;
}

const formatNumber = (n: number) => n.toLocaleString('en-GB', { maximumFractionDigits: 6 });

const ACRONYMS: Record<string, string> = {
  urn: 'URN',
  fsm: 'FSM',
  la: 'LA',
  uid: 'UID',
  url: 'URL',
  api: 'API',
  ofsted: 'Ofsted',
};

/** "daysPerTerm" → "Days per term"; "organisationId" → "Organisation"; "invite.0" → "Invite". */
export function spellOut(field: string): string {
  const last =
    field
      .split('.')
      .filter((part) => !/^\d+$/.test(part))
      .pop() ?? field;
  const words = last
    .replace(/Ids?$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  const spelt = words.replace(/\b(urn|fsm|la|uid|url|api|ofsted)\b/g, (w) => ACRONYMS[w]!);
  return spelt ? spelt[0]!.toUpperCase() + spelt.slice(1) : 'This field';
}

/** A field's label: its schema's title, else its name spelt out. */
export function labelOf(field: string, schema?: Record<string, unknown>): string {
  return typeof schema?.title === 'string' ? schema.title : spellOut(field);
}

/** "Days a term" → "days a term", but "URN" and "FSM share" keep their capitals. */
function inSentence(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label;
}

/** Whether a schema asks the person to choose (from a list, or yes/no) rather than type. */
function isChoice(schema: Record<string, unknown> | undefined): boolean {
  if (!schema) return false;
  if (Array.isArray(schema.enum) || 'const' in schema || schema.type === 'boolean') return true;
  const branches = (schema.anyOf ?? schema.oneOf) as Array<Record<string, unknown>> | undefined;
  return Array.isArray(branches) && branches.every((b) => 'const' in b || b.type === 'null');
}

/** The choices a schema allows, as text, for an API client reading the message. */
function choicesOf(schema: Record<string, unknown> | undefined): string[] {
  if (!schema) return [];
  if (Array.isArray(schema.enum)) return schema.enum.map(String);
  const branches = (schema.anyOf ?? schema.oneOf) as Array<Record<string, unknown>> | undefined;
  return (branches ?? []).filter((b) => 'const' in b).map((b) => String(b.const));
}

function lengthOf(value: unknown): number {
  return typeof value === 'string' ? [...value].length : 0;
}

const FORMATS: Record<string, (label: string) => string> = {
  date: (label) => `${label} must be a real date, like 27 3 2025`,
  'date-time': (label) => `${label} must be a date and time, like 27 3 2025 at 14:30`,
  email: () => 'Enter an email address in the right form, like name@school.org.uk',
  uri: (label) => `${label} must be a web address, like https://www.example.org`,
  uuid: (label) => `${label} is not a reference Syslead made`,
};

/** The sentence for one broken rule of the field called `field`. */
export function messageFor(field: string, broken: RuleBreak): string {
  const { keyword, schema, value } = broken;
  const label = labelOf(field, schema);
  const lower = inSentence(label);
  const limit = (name: string) => Number(schema?.[name]);
  const isMissing = value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
  switch (keyword) {
    case 'required':
      return isChoice(schema) ? `Choose ${lower}` : `Enter ${lower}`;
    case 'maxLength':
      return `${label} must be ${formatNumber(limit('maxLength'))} characters or fewer — you have ${formatNumber(lengthOf(value))}`;
    case 'minLength':
      return isMissing || limit('minLength') <= 1
        ? `Enter ${lower}`
        : `${label} must be at least ${formatNumber(limit('minLength'))} characters`;
    case 'pattern':
      if (schema?.pattern === '\\S' || isMissing) return `Enter ${lower}`;
      if (schema?.pattern === '^\\S+$') return `${label} must not contain spaces`;
      return Array.isArray(schema?.examples) && schema.examples.length
        ? `${label} must be written like ${String(schema.examples[0])}`
        : `${label} is not written in the form Syslead expects`;
    case 'format':
      return (FORMATS[String(schema?.format)] ?? ((l: string) => `${l} is not written in the form Syslead expects`))(
        label,
      );
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return rangeMessage(label, schema ?? {});
    case 'multipleOf':
      return `${label} must be a whole number`;
    case 'type':
      if (isMissing) return isChoice(schema) ? `Choose ${lower}` : `Enter ${lower}`;
      if (schema?.type === 'integer') return `${label} must be a whole number, like 3`;
      if (schema?.type === 'number') return `${label} must be a number, like 3 or 2.5`;
      if (schema?.type === 'boolean') return `Choose yes or no for ${lower}`;
      if (schema?.type === 'array') return `${label} must be a list`;
      if (schema?.type === 'object') return `${label} must be a group of fields`;
      return `${label} must be text`;
    case 'enum':
    case 'const':
    case 'anyOf':
    case 'oneOf': {
      if (isMissing) return `Choose ${lower}`;
      const choices = choicesOf(schema);
      return choices.length && choices.length <= 12
        ? `Choose ${lower} from the list (${choices.join(', ')})`
        : `Choose ${lower} from the list`;
    }
    case 'maxItems':
      return `Choose ${formatNumber(limit('maxItems'))} or fewer for ${lower}`;
    case 'minItems':
      return limit('minItems') <= 1
        ? `Choose at least one of ${lower}`
        : `Choose at least ${formatNumber(limit('minItems'))} of ${lower}`;
    case 'uniqueItems':
      return `${label} lists the same choice twice`;
    case 'additionalProperties':
      return `${label} is not something this form or request takes`;
    default:
      return `${label} is not valid`;
  }
}

function rangeMessage(label: string, schema: Record<string, unknown>): string {
  const min = schema.minimum ?? schema.exclusiveMinimum;
  const max = schema.maximum ?? schema.exclusiveMaximum;
  const above = schema.exclusiveMinimum !== undefined ? 'more than' : 'at least';
  const below = schema.exclusiveMaximum !== undefined ? 'less than' : 'at most';
  if (typeof min === 'number' && typeof max === 'number') {
    if (schema.exclusiveMinimum === undefined && schema.exclusiveMaximum === undefined)
      return `${label} must be between ${formatNumber(min)} and ${formatNumber(max)}`;
    return `${label} must be ${above} ${formatNumber(min)} and ${below} ${formatNumber(max)}`;
  }
  if (typeof min === 'number') return `${label} must be ${above} ${formatNumber(min)}`;
  if (typeof max === 'number') return `${label} must be ${below} ${formatNumber(max)}`;
  return `${label} is out of range`;
}
