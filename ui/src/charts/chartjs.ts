// Chart.js 4 with only the pieces the app uses, plus chartjs-chart-error-bars for bars with
// confidence intervals. Imported dynamically (its own chunk). Chart.js draws on canvas and
// injects no <style>, so it runs under the page's CSP.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { BarWithErrorBar, BarWithErrorBarsController } from 'chartjs-chart-error-bars';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
  Legend,
  BarWithErrorBarsController,
  BarWithErrorBar,
);
Chart.defaults.font.family =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
Chart.defaults.font.size = 12;
Chart.defaults.color = '#333';
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;

export function createChart(canvas: HTMLCanvasElement, config: object): Chart {
  return new Chart(canvas, config as ChartConfiguration);
}
