import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { toEpochSeconds } from '../format.ts';

export interface TimeSeries {
  label: string;
  values: Array<number | null>;
  color: string;
  /** Points only (events such as external flows), on the right-hand axis. */
  points?: boolean;
  fill?: string;
}

/**
 * Room for the longest tick label: uPlot clips a label wider than its axis, and a clipped "+60.00 %" reads as
 * "-60.00 %". About 8 px a character of the 12 px axis font, plus the tick and the gap.
 */
const axisSize = (_u: uPlot, values: string[] | null | undefined) =>
  20 + 8 * Math.max(4, ...(values ?? []).map((v) => v.length));

/**
 * A long daily series with uPlot (fast on 10 years of days). The x extent is exposed as data-first and
 * data-last so the browser tests can see the range the chart draws.
 */
export function TimeChart({
  dates,
  series,
  format,
  axisFormat = format,
  testid,
  height = 240,
}: {
  dates: string[];
  series: TimeSeries[];
  /** The legend's figures; the axis may be shorter (axisFormat). */
  format: (v: number) => string;
  axisFormat?: (v: number) => string;
  testid: string;
  height?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const xs = dates.map(toEpochSeconds);
    const hasPoints = series.some((s) => s.points);
    const opts: uPlot.Options = {
      width: Math.max(280, el.clientWidth),
      height,
      legend: { live: true },
      scales: { x: { time: true } },
      axes: [
        { stroke: '#556' },
        { stroke: '#556', size: axisSize, values: (_u, ticks) => ticks.map(axisFormat) },
        ...(hasPoints
          ? [
              {
                scale: 'events',
                side: 1,
                stroke: '#a60',
                size: axisSize,
                grid: { show: false },
                values: (_u: uPlot, ticks: number[]) => ticks.map(axisFormat),
              },
            ]
          : []),
      ],
      series: [
        {},
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: s.points ? 0 : 1.5,
          ...(s.fill ? { fill: s.fill } : {}),
          ...(s.points
            ? { scale: 'events', paths: () => null, points: { show: true, size: 8, fill: s.color } }
            : { points: { show: false } }),
          value: (_u: uPlot, v: number | null) => (v === null ? '—' : format(v)),
        })),
      ],
    };
    const plot = new uPlot(opts, [xs, ...series.map((s) => s.values)] as uPlot.AlignedData, el);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(280, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [dates, series, format, axisFormat, height]);
  return (
    <div
      class="chart"
      ref={box}
      data-testid={testid}
      data-first={dates[0] ?? ''}
      data-last={dates[dates.length - 1] ?? ''}
      data-points={dates.length}
      role="img"
      aria-label={`${series.map((s) => s.label).join(', ')} from ${dates[0] ?? '—'} to ${dates[dates.length - 1] ?? '—'}`}
    />
  );
}
