/**
 * The themes a journal entry can start from, with a prompt for each in our own words. The themes
 * follow the moments NCSL's paper "Leading networks leading the system" asks leaders to pause on:
 * stepping outside their own school, relationships before joint work, a network's move from one
 * leader's vision to values everyone acts on, honest talk about what no one yet knows, sharing
 * leadership, practice that travels both ways and is changed as it goes, room to take risks, and
 * the wider view a leader learns to carry back into classrooms.
 */
export interface JournalPrompt {
  key: string;
  theme: string;
  prompt: string;
}

export const JOURNAL_PROMPTS: JournalPrompt[] = [
  {
    key: 'beyond-your-school',
    theme: 'Stepping beyond your own school',
    prompt:
      'What surprised you lately about how another school works, and which of your own assumptions did it unsettle?',
  },
  {
    key: 'relationships-first',
    theme: 'Relationships before joint work',
    prompt:
      'Which working relationship across schools needs more of your time before joint work can move, and what would build trust in it?',
  },
  {
    key: 'shared-purpose',
    theme: 'From one vision to a shared one',
    prompt:
      'Where does the partnership’s purpose still rest on one person’s view, and what would help others own it and act on it?',
  },
  {
    key: 'not-knowing',
    theme: 'Saying what you do not know',
    prompt: 'What difficulty have you not yet raised with your peers, and what would make it safe to raise?',
  },
  {
    key: 'sharing-leadership',
    theme: 'Sharing the load',
    prompt: 'Which of your roles across the partnership are you carrying alone, and who could take part of it on?',
  },
  {
    key: 'practice-both-ways',
    theme: 'Practice that travels both ways',
    prompt:
      'What have you taken from another school, how did you change it to fit yours, and what have you offered back?',
  },
  {
    key: 'room-to-try',
    theme: 'Room to try things',
    prompt: 'Who have you given room to lead something new, and what backing did they need to take the risk?',
  },
  {
    key: 'wider-view',
    theme: 'Seeing the wider system',
    prompt:
      'What did you notice about how the wider system helps or blocks children’s learning, and how would you explain it to a class teacher?',
  },
];

/** The prompt of a theme, or undefined for none or one no longer offered. */
export const promptOf = (key: string | null | undefined) => JOURNAL_PROMPTS.find((p) => p.key === key);
