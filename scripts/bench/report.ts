// Statistics and plain-text tables for `bun run bench`: medians, the spread of the rounds
// ((max - min) / median, the noise we can see), and column-aligned output that reads well in
// a terminal and pastes into an issue as-is.

/** Median of the finite values (failed runs are NaN and do not count). */
export function median(xs: readonly number[]): number {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** (max - min) / median: how far apart the rounds of one server were. */
export function spread(xs: readonly number[]): number {
  const ok = xs.filter(Number.isFinite);
  if (ok.length < 2) return Number.NaN;
  return (Math.max(...ok) - Math.min(...ok)) / median(ok);
}

export function fmtInt(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : "—";
}

export function fmtRatio(n: number): string {
  return Number.isFinite(n) ? n.toFixed(2) : "—";
}

export function fmtPct(n: number): string {
  return Number.isFinite(n) ? `${(n * 100).toFixed(1)}%` : "—";
}

export function fmtBytes(n: number): string {
  if (!Number.isFinite(n)) return "—";
  const mib = n / (1024 * 1024);
  return `${mib.toFixed(1)} MiB`;
}

/** Left-aligns the first `leftCols` columns, right-aligns the rest (numbers). */
export function table(header: readonly string[], rows: readonly (readonly string[])[], leftCols = 1): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i < leftCols ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join("  ")
      .trimEnd();
  const rule = widths
    .map((w) => "-".repeat(w))
    .join("  ")
    .trimEnd();
  return [line(header), rule, ...rows.map(line)].join("\n");
}
