/**
 * Parses a Go-style duration as ESO writes `refreshInterval` (`1h`, `30m`, `15s`, `1h30m`, `500ms`)
 * into seconds. Returns undefined for anything else so callers can say "unparseable" instead of guessing.
 */
export function parseGoDurationSeconds(
  text: string | undefined,
): number | undefined {
  if (!text) {
    return undefined;
  }
  const trimmed = text.trim();
  if (trimmed === '0') {
    return 0;
  }
  const unitSeconds: Record<string, number> = {
    h: 3600,
    m: 60,
    s: 1,
    ms: 0.001,
    us: 0.000001,
    µs: 0.000001,
    ns: 0.000000001,
  };
  const part = /(\d+(?:\.\d+)?)(ms|us|µs|ns|h|m|s)/gy;
  let total = 0;
  let consumed = 0;
  for (let match = part.exec(trimmed); match; match = part.exec(trimmed)) {
    total += Number(match[1]) * unitSeconds[match[2]];
    consumed = part.lastIndex;
  }
  if (consumed === 0 || consumed !== trimmed.length) {
    return undefined;
  }
  return total;
}

/** A short human duration for reasons: `45 s`, `12 min`, `3 h`, `4 d`. */
export function humanDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 90) {
    return `${seconds} s`;
  }
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) {
    return `${minutes} min`;
  }
  const hours = Math.round(minutes / 60);
  if (hours < 48) {
    return `${hours} h`;
  }
  return `${Math.round(hours / 24)} d`;
}
