import { describe, expect, it } from 'vitest';
import {
  formatNumber,
  median,
  percentile,
  range,
  ratio,
  renderResults,
  renderTable,
  type Figure,
  type RunInfo,
} from '../../bench/report.js';

describe('median', () => {
  it.each([
    { why: 'odd count: the middle sample', xs: [3, 1, 2], want: 2 },
    { why: 'even count: mean of the two middle samples', xs: [4, 1, 3, 2], want: 2.5 },
    { why: 'one run is its own median', xs: [7], want: 7 },
    { why: 'unsorted input with an outlier', xs: [100, 1, 2], want: 2 },
    { why: 'no runs: not a number, never 0', xs: [], want: NaN },
  ])('$why', ({ xs, want }) => {
    expect(median(xs)).toEqual(want);
  });

  it('leaves its input in order', () => {
    const xs = [3, 1, 2];
    median(xs);
    expect(xs).toEqual([3, 1, 2]);
  });
});

describe('percentile (nearest rank)', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
  it.each([
    { why: 'p50 of 1..100', xs: hundred, p: 50, want: 50 },
    { why: 'p99 of 1..100', xs: hundred, p: 99, want: 99 },
    { why: 'p100 is the maximum', xs: hundred, p: 100, want: 100 },
    { why: 'p0 is the minimum', xs: [5, 9, 1], p: 0, want: 1 },
    { why: 'p99 of a few samples is the largest', xs: [5, 9, 1], p: 99, want: 9 },
    { why: 'empty: not a number', xs: [], p: 50, want: NaN },
  ])('$why', ({ xs, p, want }) => {
    expect(percentile(xs, p)).toEqual(want);
  });
});

describe('range and ratio', () => {
  it.each([
    { xs: [2, 9, 4], want: { min: 2, max: 9 } },
    { xs: [], want: { min: NaN, max: NaN } },
  ])('range of $xs', ({ xs, want }) => {
    expect(range(xs)).toEqual(want);
  });

  it.each([
    { why: 'plain division', value: 3, baseline: 6, want: 0.5 },
    { why: 'a zero baseline gives no ratio instead of Infinity', value: 3, baseline: 0, want: NaN },
    { why: 'a missing value gives no ratio', value: NaN, baseline: 2, want: NaN },
    { why: 'a missing baseline gives no ratio', value: 2, baseline: NaN, want: NaN },
  ])('$why', ({ value, baseline, want }) => {
    expect(ratio(value, baseline)).toEqual(want);
  });
});

describe('formatNumber', () => {
  it.each([
    { n: 1234.567, want: '1,235' },
    { n: 100, want: '100' },
    { n: 42, want: '42' },
    { n: 42.25, want: '42.3' },
    { n: 3.14159, want: '3.14' },
    { n: 0.456, want: '0.46' },
    { n: NaN, want: '—' },
    { n: Infinity, want: '—' },
  ])('$n → $want', ({ n, want }) => {
    expect(formatNumber(n)).toBe(want);
  });
});

describe('renderTable', () => {
  const figures: Figure[] = [
    { label: 'parse only', unit: 'MB/s', samples: [4, 6, 5] },
    { label: 'SQLite: end to end', unit: 'MB/s', samples: [2, 3, 2.5], baseline: 'parse only', note: '2,741 segments' },
    { label: 'computed', unit: 'texts/s', samples: [333.33] },
    { label: 'a | b', unit: 'ms', samples: [1], baseline: 'no such row' },
  ];
  const lines = renderTable(figures).split('\n');

  it.each([
    { why: 'a header and an alignment row', at: 0, want: '| figure | median | min–max | runs | ratio to baseline | note |' },
    { why: 'numbers right-aligned', at: 1, want: '| --- | ---: | ---: | ---: | --- | --- |' },
    { why: 'median, spread and run count; no baseline, no ratio', at: 2, want: '| parse only | 5 MB/s | 4–6 | 3 |  |  |' },
    {
      why: 'ratio of medians, naming the baseline row, and the note',
      at: 3,
      want: '| SQLite: end to end | 2.50 MB/s | 2–3 | 3 | 0.50 × parse only | 2,741 segments |',
    },
    { why: 'one sample: no spread', at: 4, want: '| computed | 333 texts/s |  | 1 |  |  |' },
    { why: 'pipes escaped; an unknown baseline gives no ratio', at: 5, want: '| a \\| b | 1 ms |  | 1 |  |  |' },
  ])('$why', ({ at, want }) => {
    expect(lines[at]).toBe(want);
  });
});

describe('renderResults', () => {
  const info: RunInfo = {
    cpu: 'Test CPU',
    cores: 2,
    memoryGiB: 24,
    os: 'Debian GNU/Linux 12 (bookworm), Linux 6.1',
    node: 'v20.20.2',
    date: '2026-11-26T13:00:00Z',
    commit: 'abc1234',
    runs: 3,
    loadDuration: 30,
    command: 'npm run bench',
    load: [0.5, 7.25],
    notes: ['Other work was running.'],
  };
  const md = renderResults(info, [
    { title: 'Import', how: 'How it was measured.', figures: [{ label: 'x', unit: 'ms', samples: [1] }], notMeasured: [] },
    { title: 'Editor', how: 'Absolute times.', figures: [], notMeasured: ['PostgreSQL: not measured: not supported yet'] },
  ]);

  it.each([
    { why: 'the machine is described', want: '| CPU | Test CPU, 2 cores |' },
    { why: 'the commit measured', want: '| git commit | abc1234 |' },
    { why: 'runs and load test length', want: '| runs per figure | 3 (load test 30 s per run) |' },
    { why: 'contention on the machine is visible', want: '| load average (1 min) at start / highest during the run | 0.50 / 7.25 |' },
    { why: 'notes are quoted', want: '> Other work was running.' },
    { why: 'a section per area with how it was measured', want: '## Import\n\nHow it was measured.\n\n| figure |' },
    { why: 'what was not measured is said, not skipped', want: '- PostgreSQL: not measured: not supported yet' },
  ])('$why', ({ want }) => {
    expect(md).toContain(want);
  });

  it('gives an area without figures no empty table', () => {
    expect(md).toContain('## Editor\n\nAbsolute times.\n\n- PostgreSQL');
  });
});
