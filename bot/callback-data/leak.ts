// Versioned so that buttons from an older release are recognised as stale rather than misread.
const PREFIX = 'leak1:';
const ANSWERS = ['yes', 'no'] as const;
export type LeakAnswer = (typeof ANSWERS)[number];

export const encodeLeakAnswer = (answer: LeakAnswer) => `${PREFIX}${answer}`;

export function decodeLeakAnswer(data: string): LeakAnswer | undefined {
  if (!data.startsWith(PREFIX)) return undefined;
  const answer = data.slice(PREFIX.length);
  return (ANSWERS as readonly string[]).includes(answer) ? (answer as LeakAnswer) : undefined;
}

export const leakAnswerPattern = /^leak1:/;
