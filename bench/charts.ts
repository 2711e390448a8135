/**
 * The charts of docs/performance.md: for each workload, time per input against N, both axes
 * logarithmic, one line per contender, from the medians of the run that draws them. Vega-Lite compiles
 * the chart and Vega renders it to SVG in Node, with no browser (both are ESM with top-level await, so
 * they are imported, not required).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ChartPoint {
  readonly contender: string;
  readonly n: number;
  readonly medianMs: number;
}

export interface Chart {
  /** The file name without extension, and the heading. */
  readonly name: string;
  readonly description: string;
  readonly points: readonly ChartPoint[];
}

/** Writes `<dir>/<name>.svg` for each chart; returns the paths written. */
export async function writeCharts(charts: readonly Chart[], dir: string, machine: string): Promise<string[]> {
  const vega = await import('vega');
  const { compile } = await import('vega-lite');
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const chart of charts) {
    if (chart.points.length === 0) continue;
    const sizes = [...new Set(chart.points.map((point) => point.n))].sort((a, b) => a - b);
    const { spec } = compile({
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: { text: `${chart.name}: time per input`, subtitle: [chart.description, machine] },
      width: 600,
      height: 300,
      background: 'white',
      data: {
        values: chart.points.map((point) => ({
          contender: point.contender,
          n: point.n,
          nsPerInput: (point.medianMs * 1e6) / point.n,
        })),
      },
      mark: { type: 'line', point: true },
      encoding: {
        x: {
          field: 'n',
          type: 'quantitative',
          title: 'N inputs (log scale)',
          scale: { type: 'log', domain: [sizes[0], sizes[sizes.length - 1]] },
          axis: { values: sizes, labelExpr: "'1e' + round(log(datum.value) / LN10)", grid: true },
        },
        y: {
          field: 'nsPerInput',
          type: 'quantitative',
          title: 'ns per input, median (log scale)',
          scale: { type: 'log', nice: true },
          axis: { format: '~s', grid: true },
        },
        color: {
          field: 'contender',
          type: 'nominal',
          sort: null,
          scale: { scheme: 'tableau20' },
          legend: { orient: 'bottom', direction: 'vertical', columns: 2, title: null, labelLimit: 380 },
        },
        tooltip: [{ field: 'contender' }, { field: 'n' }, { field: 'nsPerInput', format: '.0f' }],
      },
    });
    const view = new vega.View(vega.parse(spec), { renderer: 'none' });
    const svg = await view.toSVG();
    view.finalize();
    const path = join(dir, `${chart.name}.svg`);
    writeFileSync(path, `${svg}\n`);
    written.push(path);
  }
  return written;
}
