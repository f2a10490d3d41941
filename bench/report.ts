/**
 * Pure parts of the benchmark runner: statistics over runs, ratios to baselines, and the Markdown of
 * bench/RESULTS.md. No I/O here, so that test/bench/report.test.ts can check it table-driven.
 */

/** One measured figure: one sample per run. */
export interface Figure {
  /** Row label, unique within its section (e.g. "SQLite: end to end"). */
  label: string;
  /** Unit of the samples, e.g. "MB/s", "ms", "MiB". */
  unit: string;
  samples: number[];
  /** Label of another figure of the same section this one is divided by in the ratio column. */
  baseline?: string;
  /** Shown in the last column (e.g. a count that explains the figure). */
  note?: string;
}

/** A section of RESULTS.md: one area (import, editor, …). */
export interface Section {
  title: string;
  /** How the figures were measured (Markdown, one paragraph or a list). */
  how: string;
  figures: Figure[];
  /** Lines such as "PostgreSQL: not measured: …". */
  notMeasured: string[];
}

/** Median of the samples (mean of the two middle ones for an even count); NaN when empty. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Nearest-rank percentile (p in 0–100) of the samples; NaN when empty. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.min(s.length - 1, Math.max(0, rank - 1))]!;
}

/** Smallest and largest sample; NaNs when empty. */
export function range(xs: readonly number[]): { min: number; max: number } {
  return xs.length ? { min: Math.min(...xs), max: Math.max(...xs) } : { min: NaN, max: NaN };
}

/** value ÷ baseline, or NaN when either is missing, not finite, or the baseline is 0. */
export function ratio(value: number, baseline: number): number {
  return Number.isFinite(value) && Number.isFinite(baseline) && baseline !== 0 ? value / baseline : NaN;
}

/** A number for a table: thousands separated, 3 significant digits below 100 (at most 2 decimals), "—" for NaN. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return '—';
  const abs = Math.abs(n);
  if (abs >= 100 || Number.isInteger(n)) return Math.round(n).toLocaleString('en-US');
  const decimals = abs >= 10 ? 1 : 2;
  return n.toFixed(decimals);
}

/** Escapes a table cell: pipes and line breaks would break the row. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** The Markdown table of a section's figures: median, min–max, runs, ratio to the baseline, note. */
export function renderTable(figures: readonly Figure[]): string {
  const byLabel = new Map(figures.map((f) => [f.label, f]));
  const lines = ['| figure | median | min–max | runs | ratio to baseline | note |', '| --- | ---: | ---: | ---: | --- | --- |'];
  for (const f of figures) {
    const m = median(f.samples);
    const { min, max } = range(f.samples);
    const base = f.baseline === undefined ? undefined : byLabel.get(f.baseline);
    const r = base ? ratio(m, median(base.samples)) : NaN;
    const ratioCell = base ? `${formatNumber(r)} × ${base.label}` : '';
    const spread = f.samples.length > 1 ? `${formatNumber(min)}–${formatNumber(max)}` : '';
    lines.push(
      `| ${cell(f.label)} | ${formatNumber(m)} ${cell(f.unit)} | ${spread} | ${f.samples.length} | ${cell(ratioCell)} | ${cell(f.note ?? '')} |`,
    );
  }
  return lines.join('\n');
}

/** Facts about the machine and the run, printed at the top of RESULTS.md. */
export interface RunInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  date: string;
  commit: string;
  runs: number;
  loadDuration: number;
  command: string;
  /** Load average (1 min) at the start of the run and the highest seen during it. */
  load: [number, number];
  notes: string[];
}

/** The whole RESULTS.md. */
export function renderResults(info: RunInfo, sections: readonly Section[]): string {
  const out = [
    '# bitext: measured performance',
    '',
    `Written by \`${info.command}\`. Each figure is the median of its runs; "ratio to baseline" divides that median by the`,
    'median of the row named there. Nothing here is asserted by a test.',
    '',
    '| machine | |',
    '| --- | --- |',
    `| CPU | ${cell(info.cpu)}, ${info.cores} cores |`,
    `| memory | ${formatNumber(info.memoryGiB)} GiB |`,
    `| OS | ${cell(info.os)} |`,
    `| Node.js | ${info.node} |`,
    `| date | ${info.date} |`,
    `| git commit | ${info.commit} |`,
    `| runs per figure | ${info.runs} (load test ${info.loadDuration} s per run) |`,
    `| load average (1 min) at start / highest during the run | ${info.load.map((l) => l.toFixed(2)).join(' / ')} |`,
    '',
  ];
  for (const note of info.notes) out.push(`> ${note}`, '');
  for (const s of sections) {
    out.push(`## ${s.title}`, '', s.how.trim(), '');
    if (s.figures.length) out.push(renderTable(s.figures), '');
    for (const line of s.notMeasured) out.push(`- ${line}`);
    if (s.notMeasured.length) out.push('');
  }
  return out.join('\n');
}
