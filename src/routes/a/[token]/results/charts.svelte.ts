/**
 * The results page's charts as attachments: `<canvas {@attach barChart(() => spec)}>`. The
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
      ...STILL,
      scales: {
        x: valueAxis(spec.axis, colours, { min: 0, suggestedMax: Math.min(1, max * 1.1) }),
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
      ...STILL,
      parsing: false,
      scales: {
        x: valueAxis(spec.xAxis, colours, { min: 0, max: 1 }),
        y: valueAxis(spec.yAxis, colours, { min: 0 })
      },
      plugins: {
        legend: { position: 'bottom', labels: { color: colours.text, boxWidth: 10 } },
        tooltip: { enabled: false }
      }
    }
  };
}

/** A horizontal bar chart, with whiskers for the datasets that carry intervals. */
export function barChart(spec: () => BarSpec): Attachment<HTMLCanvasElement> {
  return chartAttachment(spec, (s, colours) => ({
    config: barConfig(s, colours),
    extras: {
      whiskers: {
        color: colours.text,
        intervals: Object.fromEntries(
          s.datasets.flatMap((d, k) => (d.intervals ? [[k, d.intervals]] : []))
        )
      }
    }
  }));
}

/** The sensitivity chart: each leaf's global weight as a line over the moved weight. */
export function lineChart(spec: () => LineSpec): Attachment<HTMLCanvasElement> {
  return chartAttachment(spec, (s, colours) => ({
    config: lineConfig(s, colours),
    extras: { markers: { x: s.x, points: s.flips, color: colours.focus } }
  }));
}
