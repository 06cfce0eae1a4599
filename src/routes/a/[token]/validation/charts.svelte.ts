/**
 * The validation page's charts as attachments: `<canvas {@attach rocChart(() => spec)}>`. The
 * chart.js plumbing (lazy loading, in-place updates, teardown) is in $lib/charts.
 */
import type { Attachment } from 'svelte/attachments';
import type { ChartConfiguration } from 'chart.js';
import {
  chartAttachment,
  STILL,
  valueAxis,
  type Colours
} from '$lib/charts/chart-attachment.svelte';

/** The second series (the regression baseline): Okabe-Ito orange, distinct from the accent. */
const BASELINE_COLOUR = '#D55E00';

export interface RocSpec {
  curves: Array<{
    label: string;
    points: Array<{ fpr: number; tpr: number }>;
    tone: 'accent' | 'baseline';
  }>;
  chance: string;
  xAxis: string;
  yAxis: string;
}

export interface RateSpec {
  labels: string[];
  /** Default rate per grade in percent; null for a grade without loans. */
  rates: Array<number | null>;
  label: string;
  axis: string;
}

function rocConfig(spec: RocSpec, c: Colours): ChartConfiguration<'line'> {
  return {
    type: 'line',
    data: {
      datasets: [
        ...spec.curves.map((curve) => {
          const colour = curve.tone === 'accent' ? c.accent : BASELINE_COLOUR;
          return {
            label: curve.label,
            data: curve.points.map((p) => ({ x: p.fpr, y: p.tpr })),
            borderColor: colour,
            backgroundColor: colour,
            borderWidth: 2,
            borderDash: curve.tone === 'baseline' ? [6, 3] : [],
            pointRadius: 0,
            tension: 0
          };
        }),
        {
          label: spec.chance,
          data: [
            { x: 0, y: 0 },
            { x: 1, y: 1 }
          ],
          borderColor: c.muted,
          backgroundColor: c.muted,
          borderWidth: 1,
          borderDash: [2, 3],
          pointRadius: 0
        }
      ]
    },
    options: {
      ...STILL,
      parsing: false,
      scales: {
        x: valueAxis(spec.xAxis, c, { min: 0, max: 1 }),
        y: valueAxis(spec.yAxis, c, { min: 0, max: 1 })
      },
      plugins: {
        legend: { position: 'bottom', labels: { color: c.text, boxWidth: 14 } },
        tooltip: { enabled: false }
      }
    }
  };
}

function rateConfig(spec: RateSpec, c: Colours): ChartConfiguration<'bar'> {
  return {
    type: 'bar',
    data: {
      labels: spec.labels,
      datasets: [
        {
          label: spec.label,
          data: spec.rates,
          backgroundColor: c.accent,
          borderColor: c.accent,
          borderWidth: 1
        }
      ]
    },
    options: {
      ...STILL,
      scales: {
        x: { ticks: { color: c.text }, grid: { display: false } },
        y: valueAxis(spec.axis, c, { min: 0, suggestedMax: 10 })
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            label: (item) =>
              item.raw === null ? '' : `${spec.label}: ${(item.raw as number).toFixed(1)}%`
          }
        }
      }
    }
  };
}

/** ROC curves of the experts' weights and the regression baseline, with the chance diagonal. */
export function rocChart(spec: () => RocSpec): Attachment<HTMLCanvasElement> {
  return chartAttachment(spec, (s, c) => ({ config: rocConfig(s, c) }));
}

/** Default rate by grade, best grade first. */
export function rateChart(spec: () => RateSpec): Attachment<HTMLCanvasElement> {
  return chartAttachment(spec, (s, c) => ({ config: rateConfig(s, c) }));
}
