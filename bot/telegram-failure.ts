/**
 * What went wrong reaching Telegram, for the ports' errors and the logs: the network error's code or name,
 * never its message, which quotes the URL and so the bot token.
 */
export function unreachableReason(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return (err instanceof Error && err.name) || 'unknown error';
}
