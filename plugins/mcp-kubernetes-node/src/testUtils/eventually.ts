/**
 * Polls `fn` until `check` accepts its value (watch caches, probers and
 * controllers all work asynchronously), failing after `timeoutMs` with the
 * last value in the message.
 *
 * @public
 */
export async function eventually<T>(
  fn: () => Promise<T>,
  check: (value: T) => boolean,
  timeoutMs = 15_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (check(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `condition not met within ${timeoutMs} ms; last value: ${String(
          JSON.stringify(value),
        ).slice(0, 2000)}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, intervalMs));
  }
}
