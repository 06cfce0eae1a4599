/**
 * The validation page's charts as attachments: `<canvas {@attach rocChart(() => spec)}>`.
 * chart.js is loaded on first use with a dynamic import (./chartjs.ts); the chart is made once,
 * updated in place when the spec changes, and destroyed when the canvas goes away.
 */
import { untrack } from 'svelte';
import type { Attachment } from 'svelte/attachments';
import type { Chart as ChartJs, ChartConfiguration } from 'chart.js';

type ChartModule = typeof import('./chartjs');

let loading: Promise<ChartModule> | null = null;
function loadCharts(): Promise<ChartModule> {
  return (loading ??= import('./chartjs'));
}

/** The page's colours (they follow the light or dark scheme). */
function palette(element: Element) {
  const css = getComputedStyle(element);
  const read = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    accent: read('--color-accent', '#1f5c4a'),
    muted: read('--color-muted', '#4b5650'),
    text: read('--color-text', '#1d2521'),
    border: read('--color-border', '#d5dcd7'),
    focus: read('--color-focus', '#c2410c')
  };
}
type Colours = ReturnType<typeof palette>;

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
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      parsing: false,
      scales: {
        x: {
          type: 'linear',
          min: 0,
          max: 1,
          title: { display: true, text: spec.xAxis, color: c.muted },
          ticks: { color: c.muted },
          grid: { color: c.border }
        },
        y: {
          type: 'linear',
          min: 0,
          max: 1,
          title: { display: true, text: spec.yAxis, color: c.muted },
          ticks: { color: c.muted },
          grid: { color: c.border }
        }
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
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: {
        x: { ticks: { color: c.text }, grid: { display: false } },
        y: {
          min: 0,
          suggestedMax: 10,
          title: { display: true, text: spec.axis, color: c.muted },
          ticks: { color: c.muted },
          grid: { color: c.border }
        }
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

/**
 * An attachment drawing a chart.js chart from a spec getter, read in an effect of its own so a
 * new spec updates the chart in place.
 */
function chartAttachment<S>(
  spec: () => S,
  config: (s: S, c: Colours) => ChartConfiguration<'line'> | ChartConfiguration<'bar'>
): Attachment<HTMLCanvasElement> {
  return (canvas) => {
    let chart = $state.raw<ChartJs | null>(null);
    let gone = false;
    loadCharts().then(
      ({ Chart }) => {
        if (gone) return;
        chart = new Chart(
          canvas,
          config(untrack(spec), palette(canvas)) as unknown as ChartConfiguration
        ) as ChartJs;
        canvas.dataset.ready = '';
      },
      () => {
        // chart.js could not be fetched (offline): the tables beside the charts say it all.
        canvas.dataset.failed = '';
      }
    );
    $effect(() => {
      const s = spec();
      if (!chart) return;
      const next = config(s, palette(canvas));
      chart.data = next.data as ChartJs['data'];
      chart.options = next.options as ChartJs['options'];
      chart.update('none');
    });
    return () => {
      gone = true;
      chart?.destroy();
    };
  };
}

/** ROC curves of the experts' weights and the regression baseline, with the chance diagonal. */
export function rocChart(spec: () => RocSpec): Attachment<HTMLCanvasElement> {
  return chartAttachment(spec, rocConfig);
}

/** Default rate by grade, best grade first. */
export function rateChart(spec: () => RateSpec): Attachment<HTMLCanvasElement> {
  return chartAttachment(spec, rateConfig);
}
