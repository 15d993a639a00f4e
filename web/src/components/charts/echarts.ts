import { BarChart, LineChart, RadarChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkPointComponent,
  RadarComponent,
  TooltipComponent,
} from 'echarts/components';
import { use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import VChart from 'vue-echarts';

// Only what `options.ts` builds is registered, so the lazy chart chunk carries no unused ECharts modules.
// Imported only by chart components, which only lazy route views import: ECharts never enters the initial bundle.
// SVG rather than canvas: crisp at any zoom, smaller for these few-hundred-point charts, and text stays in the DOM.
use([
  SVGRenderer,
  BarChart,
  LineChart,
  RadarChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  RadarComponent,
  MarkAreaComponent,
  MarkPointComponent,
]);

export { VChart };
