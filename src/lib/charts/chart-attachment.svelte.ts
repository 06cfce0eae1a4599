/**
 * chart.js charts as attachments, for the researcher's pages: `<canvas {@attach chart(() => s)}>`
 * where `chart` wraps `chartAttachment`. chart.js is loaded on first use with a dynamic import
 * (./chartjs.ts), so it never enters a page that draws no chart; the chart is made once, updated
 * in place when the spec changes, and destroyed when the canvas goes away.
 */
import { untrack } from 'svelte';
import type { Attachment } from 'svelte/attachments';
import type { Chart as ChartJs, ChartConfiguration } from 'chart.js';
import type { ChartExtras } from './chartjs';

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
export type Colours = ReturnType<typeof palette>;

/** What every chart of these pages shares: it fills its box and is drawn without animation. */
export const STILL = { responsive: true, maintainAspectRatio: false, animation: false } as const;

/** A numeric axis with a title, in the page's colours; `range` sets min, max or suggestedMax. */
export function valueAxis(
  title: string,
  colours: Colours,
  range: { min?: number; max?: number; suggestedMax?: number } = {}
) {
  return {
    type: 'linear' as const,
    ...range,
    title: { display: true, text: title, color: colours.muted },
    ticks: { color: colours.muted },
    grid: { color: colours.border }
  };
}

/** A chart's configuration for one spec, and what the plugins of ./chartjs.ts draw on it. */
export interface ChartDrawing {
  config: ChartConfiguration<'bar'> | ChartConfiguration<'line'>;
  extras?: ChartExtras;
}

/** Makes the chart, or updates it in place. */
function render(
  canvas: HTMLCanvasElement,
  chart: ChartJs | null,
  { config, extras = {} }: ChartDrawing,
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

/**
 * An attachment that draws a chart.js chart from a spec getter. The getter is read in an effect
 * of its own, so a change of spec updates the chart in place instead of recreating it. The canvas
 * gets `data-ready` once drawn, `data-failed` when chart.js could not be fetched.
 */
export function chartAttachment<S>(
  spec: () => S,
  draw: (spec: S, colours: Colours) => ChartDrawing
): Attachment<HTMLCanvasElement> {
  return (canvas) => {
    let chart = $state.raw<ChartJs | null>(null);
    let charts: ChartModule | null = null;
    let gone = false;
    loadCharts().then(
      (module) => {
        if (gone) return;
        charts = module;
        chart = render(canvas, null, draw(untrack(spec), palette(canvas)), module);
        canvas.dataset.ready = '';
      },
      () => {
        // chart.js could not be fetched (offline): the tables beside the chart say it all.
        canvas.dataset.failed = '';
      }
    );
    $effect(() => {
      const s = spec();
      if (chart && charts) render(canvas, chart, draw(s, palette(canvas)), charts);
    });
    return () => {
      gone = true;
      chart?.destroy();
    };
  };
}
