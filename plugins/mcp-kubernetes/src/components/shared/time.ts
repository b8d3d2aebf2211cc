/**
 * Small time formatting helpers. Written here rather than pulling luxon/moment into the
 * bundle: the card only needs "x ago", ages and interval comparisons.
 */

const UNITS: Array<[unit: string, seconds: number]> = [
  ['d', 86400],
  ['h', 3600],
  ['m', 60],
  ['s', 1],
];

/** Formats a duration in seconds as e.g. `3d 4h`, `5m 10s`, `42s` (two largest units). */
export function formatDuration(totalSeconds: number): string {
  let rest = Math.max(0, Math.floor(totalSeconds));
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    if (rest >= size || (unit === 's' && parts.length === 0)) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}

/** Seconds elapsed from an ISO time to `now`; undefined when the time is missing or invalid. */
export function secondsSince(
  iso: string | undefined,
  now: number,
): number | undefined {
  if (!iso) return undefined;
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, (now - at) / 1000);
}

/** "5m 10s ago", or a placeholder when the time is unknown. */
export function formatAgo(
  iso: string | undefined,
  now: number,
  unknown = 'unknown',
): string {
  const seconds = secondsSince(iso, now);
  return seconds === undefined ? unknown : `${formatDuration(seconds)} ago`;
}

/** Age of something created at `iso`, e.g. `3d 4h`. */
export function formatAge(iso: string | undefined, now: number): string {
  const seconds = secondsSince(iso, now);
  return seconds === undefined ? '—' : formatDuration(seconds);
}

/** Full local date/time for tooltips and `<time>` titles. */
export function formatTimestamp(iso: string | undefined): string {
  if (!iso) return 'unknown';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}
