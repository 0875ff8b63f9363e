/** Small hand-made SVG charts: sparkline, horizontal bars (allocation) and the P&L waterfall. */

export function Sparkline({ values, label }: { values: number[]; label: string }) {
  if (values.length < 2) return <span class="muted">—</span>;
  const w = 120;
  const h = 28;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const d = values
    .map(
      (v, i) =>
        `${i === 0 ? 'M' : 'L'}${((i / (values.length - 1)) * w).toFixed(1)},${(h - ((v - min) / span) * h).toFixed(1)}`,
    )
    .join('');
  const up = values[values.length - 1]! >= values[0]!;
  return (
    <svg class="spark" width={w} height={h} viewBox={`0 0 ${w} ${h}`} role="img" aria-label={label}>
      <path d={d} fill="none" stroke={up ? '#1a7f37' : '#c0392b'} stroke-width="1.5" />
    </svg>
  );
}

export function Bars({
  groups,
  format,
}: {
  groups: Array<{ key: string; weight: number; market_value: number }>;
  format: (g: { weight: number; market_value: number }) => string;
}) {
  return (
    <ul class="bars">
      {groups.map((g) => (
        <li key={g.key}>
          <span class="bar-label">{g.key}</span>
          <span class="bar-track" aria-hidden="true">
            <span class="bar" style={{ width: `${Math.max(0, Math.min(1, g.weight)) * 100}%` }} />
          </span>
          <span class="num">{format(g)}</span>
        </li>
      ))}
    </ul>
  );
}

export interface Step {
  label: string;
  value: number;
  /** A total bar (start, end) stands on zero; the others float from the running sum. */
  total?: boolean;
}

export function Waterfall({ steps, format }: { steps: Step[]; format: (v: number) => string }) {
  const w = 640;
  const h = 220;
  const top = 10;
  const bottom = 40;
  let running = 0;
  const bars = steps.map((s) => {
    const from = s.total ? 0 : running;
    const to = s.total ? s.value : running + s.value;
    running = to;
    return { ...s, from, to };
  });
  const lo = Math.min(0, ...bars.map((b) => Math.min(b.from, b.to)));
  const hi = Math.max(...bars.map((b) => Math.max(b.from, b.to)));
  // Totals dwarf the steps; start the axis near the smallest bar edge so the changes stay visible.
  const edges = bars.filter((b) => !b.total).flatMap((b) => [b.from, b.to]);
  const floor = edges.length ? Math.max(lo, Math.min(...edges) - (hi - Math.min(...edges)) * 0.5) : lo;
  const y = (v: number) => top + (1 - (v - floor) / (hi - floor || 1)) * (h - top - bottom);
  const slot = w / bars.length;
  return (
    <svg class="waterfall" viewBox={`0 0 ${w} ${h}`} role="img" aria-label="P&L decomposition waterfall">
      {bars.map((b, i) => {
        const y0 = y(Math.max(b.from, b.to, floor));
        const y1 = y(Math.max(floor, Math.min(b.from, b.to)));
        const fill = b.total ? '#4a6fa5' : b.value >= 0 ? '#1a7f37' : '#c0392b';
        return (
          <g key={b.label}>
            <title>{`${b.label}: ${format(b.value)}`}</title>
            <rect x={i * slot + 6} y={y0} width={slot - 12} height={Math.max(1, y1 - y0)} fill={fill} />
            <text x={i * slot + slot / 2} y={h - 24} text-anchor="middle" class="wf-label">
              {b.label}
            </text>
            <text x={i * slot + slot / 2} y={h - 8} text-anchor="middle" class="wf-value">
              {format(b.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
