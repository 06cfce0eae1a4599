/**
 * The part of chart.js the validation page uses, registered once. Loaded with a dynamic import
 * from charts.svelte.ts, so chart.js is fetched by this researcher page only; named imports let
 * the bundler drop the rest.
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
  Tooltip
} from 'chart.js';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip
);

export { Chart };
