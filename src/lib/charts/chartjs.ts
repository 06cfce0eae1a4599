/**
 * The part of chart.js the researcher's charts use (results and validation pages), registered
 * once, with two small plugins: bootstrap interval whiskers on bar charts, and the sensitivity
 * chart's marker line and flip points (each draws only on a chart given its extras). Loaded with a
 * dynamic import from chart-attachment.svelte.ts, so chart.js is fetched by those pages only
 * (never by the expert's survey page); named imports let the bundler drop the rest.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type Plugin
} from 'chart.js';

export interface WhiskerOptions {
  /** Per dataset index, per bar: [lower, upper] or null (no interval). */
  intervals: Record<number, Array<readonly [number, number] | null>>;
  color: string;
}

export interface MarkerOptions {
  /** The x of the vertical line (the current weight), or null. */
  x: number | null;
  /** Points to ring (where the ranking flips). */
  points: Array<{ x: number; y: number }>;
  color: string;
}

/**
 * What the two plugins draw, per chart. Kept beside the chart rather than in its options: chart.js
 * resolves arrays in options as per-element ("indexable") values, which would mangle these.
 */
const extras = new WeakMap<Chart, ChartExtras>();

/** What the two plugins draw on one chart; a chart without either draws neither. */
export interface ChartExtras {
  whiskers?: WhiskerOptions;
  markers?: MarkerOptions;
}

/** Sets what the plugins draw on `chart` (call before chart.update()). */
export function setExtras(chart: Chart, value: ChartExtras): void {
  extras.set(chart, value);
}

/** Draws each bar's interval as a line with end caps, across the bar (either orientation). */
const whiskers: Plugin = {
  id: 'whiskers',
  afterDatasetsDraw(chart) {
    const options = extras.get(chart)?.whiskers;
    if (!options) return;
    const horizontal = chart.options.indexAxis === 'y';
    const value = horizontal ? chart.scales.x : chart.scales.y;
    if (!value) return;
    const ctx = chart.ctx;
    ctx.save();
    ctx.strokeStyle = options.color;
    ctx.lineWidth = 1.5;
    for (const [index, list] of Object.entries(options.intervals)) {
      const meta = chart.getDatasetMeta(Number(index));
      if (meta.hidden) continue;
      meta.data.forEach((bar, k) => {
        const interval = list[k];
        if (!interval) return;
        const { x, y } = bar.getProps(['x', 'y'], true) as { x: number; y: number };
        const size = ((bar as unknown as { height?: number; width?: number })[
          horizontal ? 'height' : 'width'
        ] ?? 8) as number;
        const cap = Math.max(3, Math.min(8, size / 3));
        const lo = value.getPixelForValue(interval[0]);
        const hi = value.getPixelForValue(interval[1]);
        ctx.beginPath();
        if (horizontal) {
          ctx.moveTo(lo, y);
          ctx.lineTo(hi, y);
          ctx.moveTo(lo, y - cap);
          ctx.lineTo(lo, y + cap);
          ctx.moveTo(hi, y - cap);
          ctx.lineTo(hi, y + cap);
        } else {
          ctx.moveTo(x, lo);
          ctx.lineTo(x, hi);
          ctx.moveTo(x - cap, lo);
          ctx.lineTo(x + cap, lo);
          ctx.moveTo(x - cap, hi);
          ctx.lineTo(x + cap, hi);
        }
        ctx.stroke();
      });
    }
    ctx.restore();
  }
};

/** The sensitivity chart's vertical line at the current weight and rings at the flip points. */
const markers: Plugin = {
  id: 'markers',
  afterDatasetsDraw(chart) {
    const options = extras.get(chart)?.markers;
    const { x: xs, y: ys } = chart.scales;
    if (!options || !xs || !ys) return;
    const ctx = chart.ctx;
    ctx.save();
    ctx.strokeStyle = options.color;
    ctx.lineWidth = 1.5;
    if (options.x !== null) {
      const px = xs.getPixelForValue(options.x);
      ctx.setLineDash([4, 3]);
      ctx.beginPath();
      ctx.moveTo(px, chart.chartArea.top);
      ctx.lineTo(px, chart.chartArea.bottom);
      ctx.stroke();
      ctx.setLineDash([]);
    }
    for (const p of options.points) {
      ctx.beginPath();
      ctx.arc(xs.getPixelForValue(p.x), ys.getPixelForValue(p.y), 4, 0, 2 * Math.PI);
      ctx.stroke();
    }
    ctx.restore();
  }
};

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  Legend,
  whiskers,
  markers
);

export { Chart };
