/**
 * The monitor page's charts: one line chart per measure across snapshots, as attachments
 * (`<canvas {@attach trendChart(() => spec)}>`). The chart.js plumbing is in $lib/charts.
 */
import type { Attachment } from 'svelte/attachments';
import type { ChartConfiguration } from 'chart.js';
import {
  chartAttachment,
  STILL,
  valueAxis,
  type Colours
} from '$lib/charts/chart-attachment.svelte';

/** Okabe-Ito colours after the accent, for further lines (colour-blind safe). */
const OTHERS = ['#D55E00', '#0072B2', '#CC79A7', '#E69F00', '#56B4E9', '#009E73', '#F0E442'];

export interface TrendSpec {
  /** The snapshots' dates (or names), oldest first. */
  labels: string[];
  lines: Array<{ label: string; values: Array<number | null>; main?: boolean }>;
  axis: string;
  range?: { min?: number; max?: number; suggestedMax?: number };
}

function trendConfig(spec: TrendSpec, c: Colours): ChartConfiguration<'line'> {
  let k = 0;
  return {
    type: 'line',
    data: {
      labels: spec.labels,
      datasets: spec.lines.map((line) => {
        const colour = line.main ? c.accent : OTHERS[k++ % OTHERS.length]!;
        return {
          label: line.label,
          data: line.values,
          borderColor: colour,
          backgroundColor: colour,
          borderWidth: line.main ? 3 : 1.5,
          pointRadius: 3,
          spanGaps: false,
          tension: 0
        };
      })
    },
    options: {
      ...STILL,
      scales: {
        x: { ticks: { color: c.text }, grid: { display: false } },
        y: valueAxis(spec.axis, c, spec.range ?? { min: 0 })
      },
      plugins: {
        legend: { position: 'bottom', labels: { color: c.text, boxWidth: 14 } },
        tooltip: { enabled: true }
      }
    }
  };
}

/** A measure across snapshots, one line per series. */
export function trendChart(spec: () => TrendSpec): Attachment<HTMLCanvasElement> {
  return chartAttachment(spec, (s, c) => ({ config: trendConfig(s, c) }));
}
