/**
 * An error's name and code only, for logs: a cache or database client's message may carry its
 * connection string.
 */
export function errorName(error: unknown): string {
  const e = error as { name?: unknown; code?: unknown };
  const name = typeof e?.name === 'string' ? e.name : 'Error';
  return typeof e?.code === 'string' ? `${name} ${e.code}` : name;
}
