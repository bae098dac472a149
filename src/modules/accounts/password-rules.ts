/**
 * Password rules after the National Cyber Security Centre's guidance: long enough, not a
 * commonly used password, nothing built from the account's own name, and no rules about
 * mixing character types (they make passwords weaker in practice, not stronger).
 */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

// Passwords that lead the lists of those found most often in breaches, at this length or more.
const COMMON = new Set([
  '1234567890',
  '0987654321',
  '1234567891',
  '123456789a',
  '12345678910',
  '1q2w3e4r5t',
  '1q2w3e4r5t6y',
  'qwertyuiop',
  'qwerty1234',
  'qwerty12345',
  'qwerty123456',
  'asdfghjkl1',
  'zxcvbnm123',
  'password12',
  'password123',
  'password1234',
  'passw0rd123',
  'p@ssw0rd123',
  'iloveyou12',
  'iloveyou123',
  'letmein123',
  'welcome123',
  'welcome2024',
  'welcome2025',
  'welcome2026',
  'football123',
  'baseball123',
  'princess123',
  'sunshine123',
  'monkey1234',
  'dragon1234',
  'trustno1234',
  'changeme123',
  'administrator',
  'abcdefghij',
  'abcd123456',
  'abc1234567',
  'a1b2c3d4e5',
  'superman123',
  'starwars123',
  'liverpool1',
  'liverpool123',
  'chelsea123',
  'arsenal123',
  'manchester',
  'computer123',
  'internet123',
  'whatever123',
  'qazwsxedc123',
  'qazwsxedcrfv',
  '1qaz2wsx3edc',
  'zaq12wsx12',
  'headteacher',
  'teacher123',
  'school1234',
  'school12345',
  'summer2024',
  'summer2025',
  'winter2025',
  'autumn2025',
  'spring2025',
  'september1',
  'password2024',
  'password2025',
  'password2026',
  'mypassword1',
  'mypassword123',
  'secret1234',
  'letmein1234',
]);

function isRun(text: string): boolean {
  if (/^(.)\1+$/.test(text)) return true;
  const rows = [
    '0123456789',
    '9876543210',
    'abcdefghijklmnopqrstuvwxyz',
    'zyxwvutsrqponmlkjihgfedcba',
    'qwertyuiop',
    'asdfghjkl',
    'zxcvbnm',
  ];
  return rows.some((row) => row.includes(text));
}

/** Every reason a new password is not acceptable for this account (none when it is). */
export function passwordProblems(password: string, email?: string): string[] {
  const problems: string[] = [];
  if (password.length < MIN_PASSWORD_LENGTH) problems.push(`must be at least ${MIN_PASSWORD_LENGTH} characters`);
  if (password.length > MAX_PASSWORD_LENGTH) problems.push(`must be at most ${MAX_PASSWORD_LENGTH} characters`);
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || isRun(lower)) problems.push('is one of the passwords most often guessed; choose another');
  const local = email?.split('@')[0]?.toLowerCase() ?? '';
  if ((local.length >= 4 && lower.includes(local)) || lower.includes('syslead'))
    problems.push('must not contain your email name or the name of this service');
  return problems;
}
