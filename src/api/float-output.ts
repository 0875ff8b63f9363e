/**
 * A float64 carries 15 significant decimal digits reliably; printing it at 15 drops the binary artefacts of
 * arithmetic (7705.877100000001 → 7705.8771, 0.30000000000000004 → 0.3) and nothing the value really holds.
 * Applied to every response just before serialisation; exact decimals travel as strings and are untouched.
 */
export function tidyFloats<T>(value: T): T {
  if (typeof value === 'number') {
    return (Number.isInteger(value) || !Number.isFinite(value) ? value : Number(value.toPrecision(15))) as T;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = tidyFloats(value[i]);
    return value;
  }
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) record[key] = tidyFloats(record[key]);
  }
  return value;
}
