/**
 * chart.js charts as attachments: `<canvas {@attach barChart(() => spec)}>`. chart.js is loaded
 * on first use with a dynamic import (./chartjs.ts), the chart is made once and updated in place
 * when the spec changes, and destroyed when the canvas goes away.
 */
import { untrack } from 'svelte';
import type { Attachment } from 'svelte/attachments';
import type { Chart as ChartJs, ChartConfiguration } from 'chart.js';

type ChartModule = typeof import('./chartjs');

let loading: Promise<ChartModule> | null = null;
/** chart.js, fetched once per page load. */
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

/** Distinguishable line colours (Okabe-Ito, then Tol's muted), for up to 15 leaves. */
const LINE_COLOURS = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#332288',
  '#117733',
  '#882255',
  '#999933',
  '#44AA99',
  '#AA4499',
  '#88CCEE',
  '#DDCC77',
  '#661100'
];

/**
 * A label cut to `room` columns, a Chinese character counting as two, with "…" when cut.
 */
function shorten(label: string, room: number): string {
  let used = 0;
  let k = 0;
  for (const c of label) {
    used += /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]/.test(c) ? 2 : 1;
    if (used > room) return `${label.slice(0, k).trimEnd()}…`;
    k += c.length;
  }
  return label;
}

export interface BarSpec {
  labels: string[];
  datasets: Array<{
    label: string;
    data: number[];
    /** Bootstrap intervals per bar (drawn as whiskers), or null. */
    intervals?: Array<readonly [number, number] | null> | null;
    tone: 'accent' | 'muted';
  }>;
  /** The value axis' title. */
  axis: string;
}

export interface LineSpec {
  lines: Array<{ label: string; intercept: number; slope: number }>;
  /** The current value of the moved weight. */
  x: number;
  /** Where the ranking flips. */
  flips: Array<{ x: number; y: number }>;
  xAxis: string;
  yAxis: string;
}

function barConfig(spec: BarSpec, colours: Colours): ChartConfiguration<'bar'> {
  const max = Math.max(
    0.05,
    ...spec.datasets.flatMap((d) => [...d.data, ...(d.intervals ?? []).map((i) => (i ? i[1] : 0))])
  );
  return {
    type: 'bar',
    data: {
      labels: spec.labels,
      datasets: spec.datasets.map((d) => ({
        label: d.label,
        data: d.data,
        backgroundColor: d.tone === 'accent' ? colours.accent : colours.border,
        borderColor: d.tone === 'accent' ? colours.accent : colours.muted,
        borderWidth: 1,
        barPercentage: 0.9,
        categoryPercentage: 0.8
      }))
    },
    options: {
      indexAxis: 'y',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: {
        x: {
          min: 0,
          suggestedMax: Math.min(1, max * 1.1),
          title: { display: true, text: spec.axis, color: colours.muted },
          ticks: { color: colours.muted },
          grid: { color: colours.border }
        },
        y: {
          ticks: {
            color: colours.text,
            autoSkip: false,
            // Long names are shortened to fit (more on a phone); the tables have them in full.
            callback(_value, index) {
              return shorten(spec.labels[index] ?? '', this.chart.width < 480 ? 18 : 48);
            }
          },
          grid: { display: false }
        }
      },
      plugins: {
        legend: {
          display: spec.datasets.length > 1,
          labels: { color: colours.text, boxWidth: 12 }
        },
        tooltip: {
          callbacks: {
            label: (item) => {
              const d = spec.datasets[item.datasetIndex];
              const i = d?.intervals?.[item.dataIndex];
              const value = (item.raw as number).toFixed(4);
              return `${d?.label ?? ''}: ${value}${i ? ` [${i[0].toFixed(4)}, ${i[1].toFixed(4)}]` : ''}`;
            }
          }
        }
      }
    }
  };
}

function lineConfig(spec: LineSpec, colours: Colours): ChartConfiguration<'line'> {
  return {
    type: 'line',
    data: {
      datasets: spec.lines.map((l, k) => ({
        label: l.label,
        data: [
          { x: 0, y: l.intercept },
          { x: 1, y: l.intercept + l.slope }
        ],
        borderColor: LINE_COLOURS[k % LINE_COLOURS.length],
        backgroundColor: LINE_COLOURS[k % LINE_COLOURS.length],
        borderWidth: 1.5,
        pointRadius: 0
      }))
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
          title: { display: true, text: spec.xAxis, color: colours.muted },
          ticks: { color: colours.muted },
          grid: { color: colours.border }
        },
        y: {
          min: 0,
          title: { display: true, text: spec.yAxis, color: colours.muted },
          ticks: { color: colours.muted },
          grid: { color: colours.border }
        }
      },
      plugins: {
        legend: { position: 'bottom', labels: { color: colours.text, boxWidth: 10 } },
        tooltip: { enabled: false }
      }
    }
  };
}

type Colours = ReturnType<typeof palette>;
type Draw<S> = (
  canvas: HTMLCanvasElement,
  chart: ChartJs | null,
  spec: S,
  colours: Colours,
  charts: ChartModule
) => ChartJs;

/**
 * An attachment that draws a chart.js chart from a spec getter. The getter is read in an effect
 * of its own, so a change of spec updates the chart in place instead of recreating it.
 */
function chartAttachment<S>(spec: () => S, draw: Draw<S>): Attachment<HTMLCanvasElement> {
  return (canvas) => {
    let chart = $state.raw<ChartJs | null>(null);
    let charts: ChartModule | null = null;
    let gone = false;
    loadCharts().then(
      (module) => {
        if (gone) return;
        charts = module;
        chart = draw(canvas, null, untrack(spec), palette(canvas), module);
      },
      () => {
        // chart.js could not be fetched (offline): the tables beside the chart say it all.
        canvas.dataset.failed = '';
      }
    );
    $effect(() => {
      const s = spec();
      if (chart && charts) draw(canvas, chart, s, palette(canvas), charts);
    });
    return () => {
      gone = true;
      chart?.destroy();
    };
  };
}

/** Makes the chart, or updates it in place. */
function render<T extends 'bar' | 'line'>(
  canvas: HTMLCanvasElement,
  chart: ChartJs | null,
  config: ChartConfiguration<T>,
  extras: Parameters<ChartModule['setExtras']>[1],
  { Chart, setExtras }: ChartModule
): ChartJs {
  if (!chart) {
    const made = new Chart(canvas, config as unknown as ChartConfiguration) as ChartJs;
    setExtras(made, extras);
    made.update('none');
    return made;
  }
  chart.data = config.data as ChartJs['data'];
  chart.options = config.options as ChartJs['options'];
  setExtras(chart, extras);
  chart.update('none');
  return chart;
}

/** A horizontal bar chart, with whiskers for the datasets that carry intervals. */
export function barChart(spec: () => BarSpec): Attachment<HTMLCanvasElement> {
  return chartAttachment(spec, (canvas, chart, s, colours, module) =>
    render(
      canvas,
      chart,
      barConfig(s, colours),
      {
        whiskers: {
          color: colours.text,
          intervals: Object.fromEntries(
            s.datasets.flatMap((d, k) => (d.intervals ? [[k, d.intervals]] : []))
          )
        }
      },
      module
    )
  );
}

/** The sensitivity chart: each leaf's global weight as a line over the moved weight. */
export function lineChart(spec: () => LineSpec): Attachment<HTMLCanvasElement> {
  return chartAttachment(spec, (canvas, chart, s, colours, module) =>
    render(
      canvas,
      chart,
      lineConfig(s, colours),
      { markers: { x: s.x, points: s.flips, color: colours.focus } },
      module
    )
  );
}
