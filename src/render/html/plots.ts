import type * as Plot from '@observablehq/plot';
import type { Summary, TestResult } from '../../results/model.js';
import { perTest } from '../../results/compare.js';
import type { SuitePair } from './pairs.js';

/**
 * The report's plots, drawn by Observable Plot (a maintained chart library) on a server-side DOM
 * (linkedom) when the report is written, and inlined as SVG: the page loads nothing. Both load
 * on demand, only when an HTML report is asked for. Labels from the repository are set as text
 * by Plot and escaped by the serialiser.
 */

/** What the release tags say about a prompt's versions (release/versions.ts listVersions gives it). */
export interface VersionSeries {
  id: string;
  production?: string;
  versions: Array<{
    version: string;
    passRate: number | null;
    costUsd: number | null;
    model: string;
    models?: Array<{ provider: string; model: string; passRate: number | null; costUsd: number | null; candidate?: true }>;
    production: boolean;
  }>;
}

export interface Figure {
  title: string;
  svg: string;
}

type PlotModule = typeof Plot;

const WIDTH = 600;
const label = (pair: SuitePair) => `${pair.suite.id} ${pair.suite.version} · ${pair.suite.provider}:${pair.suite.model}`;
const margin = (labels: string[]) => Math.min(360, 12 + 6.2 * Math.max(8, ...labels.map((text) => text.length)));

interface Change {
  label: string;
  base: number | null;
  head: number | null;
}

/** Base → head per folder × model: an arrow from the base's figure to the head's. */
function changePlot(Plot: PlotModule, document: unknown, rows: Change[], x: Record<string, unknown>): unknown {
  const both = rows.filter((row) => row.base !== null && row.head !== null);
  return Plot.plot({
    document: document as never,
    width: WIDTH,
    marginLeft: margin(rows.map((row) => row.label)),
    height: 40 + 28 * rows.length,
    x: { grid: true, ...x },
    y: { label: null, domain: rows.map((row) => row.label) },
    color: { domain: ['base', 'head'], range: ['#8c959f', '#0969da'], legend: true },
    marks: [
      Plot.arrow(both, { x1: 'base', x2: 'head', y: 'label', stroke: '#59636e', headLength: 6, inset: 4 }),
      Plot.dot(
        rows.filter((row) => row.base !== null),
        { x: 'base', y: 'label', fill: () => 'base', r: 4 },
      ),
      Plot.dot(
        rows.filter((row) => row.head !== null),
        { x: 'head', y: 'label', fill: () => 'head', r: 4 },
      ),
    ],
  });
}

function latencies(test: TestResult): number[] {
  const runs = test.runs && test.runs.length > 1 ? test.runs : [test];
  return runs.flatMap((run) => (run.latencyMs === null ? [] : [run.latencyMs]));
}

function latencyPlot(Plot: PlotModule, document: unknown, pairs: SuitePair[]): unknown {
  const data = pairs.flatMap((pair) =>
    (['base', 'head'] as const).flatMap((side) =>
      (pair[side]?.tests ?? []).flatMap((test) => latencies(test).map((latency) => ({ label: label(pair), side, latency }))),
    ),
  );
  if (data.length === 0) return undefined;
  const labels = [...new Set(data.map((row) => row.label))];
  return Plot.plot({
    document: document as never,
    width: WIDTH,
    marginLeft: margin(labels),
    height: 60 + 56 * labels.length,
    x: { grid: true, label: 'latency (ms) →' },
    y: { label: null, domain: labels },
    fy: { label: null, domain: ['base', 'head'] },
    marks: [Plot.boxX(data, { x: 'latency', y: 'label', fy: 'side', fill: '#ddf4ff', stroke: '#0969da' })],
  });
}

function versionPlot(Plot: PlotModule, document: unknown, prompt: VersionSeries, metric: 'passRate' | 'costUsd'): unknown {
  const rows = prompt.versions.flatMap((version) =>
    version.models?.length
      ? version.models.map((model) => ({ version: version.version, series: `${model.provider}:${model.model}`, value: model[metric] }))
      : [{ version: version.version, series: version.model, value: version[metric] }],
  );
  const known = rows.filter((row) => row.value !== null);
  if (known.length === 0) return undefined;
  return Plot.plot({
    document: document as never,
    width: WIDTH,
    height: 240,
    marginLeft: 64,
    x: { type: 'point', domain: prompt.versions.map((version) => version.version), label: 'tagged version →' },
    y:
      metric === 'passRate'
        ? { domain: [0, 1], tickFormat: '%', grid: true, label: '↑ pass rate' }
        : { grid: true, zero: true, label: '↑ cost per suite run ($)' },
    color: { legend: true },
    marks: [
      Plot.line(known, { x: 'version', y: 'value', stroke: 'series' }),
      Plot.dot(known, { x: 'version', y: 'value', fill: 'series', r: 4 }),
    ],
  });
}

const svgOf = (node: unknown) => (node ? (node as { outerHTML: string }).outerHTML : '');

export async function renderPlots(pairs: SuitePair[], versions: readonly VersionSeries[]): Promise<Figure[]> {
  const [{ parseHTML }, plot] = await Promise.all([import('linkedom'), import('@observablehq/plot')]);
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const figures: Figure[] = [];
  const compared = pairs.filter((pair) => pair.head);
  const figure = (pick: (summary: Summary) => number | null) =>
    compared.map((pair) => ({
      label: label(pair),
      base: pair.base ? pick(pair.base.summary) : null,
      head: pick(pair.head!.summary),
    }));
  if (compared.length > 0) {
    const rate = figure((summary) => summary.passRate);
    figures.push({
      title: 'Pass rate per model, base → head',
      svg: svgOf(changePlot(plot, document, rate, { domain: [0, 1], tickFormat: '%', label: 'pass rate →' })),
    });
    const cost = figure((summary) => perTest(summary).costPer1kRuns);
    if (cost.some((row) => row.head !== null || row.base !== null))
      figures.push({
        title: 'Cost per 1,000 runs per model, base → head',
        svg: svgOf(changePlot(plot, document, cost, { zero: true, label: 'cost per 1,000 runs ($) →' })),
      });
  }
  const latency = latencyPlot(plot, document, pairs);
  if (latency) figures.push({ title: 'Latency of every run, base and head', svg: svgOf(latency) });
  for (const prompt of versions) {
    const rate = versionPlot(plot, document, prompt, 'passRate');
    if (rate) figures.push({ title: `${prompt.id}: pass rate across tagged versions`, svg: svgOf(rate) });
    const cost = versionPlot(plot, document, prompt, 'costUsd');
    if (cost) figures.push({ title: `${prompt.id}: cost per suite run across tagged versions`, svg: svgOf(cost) });
  }
  return figures;
}
