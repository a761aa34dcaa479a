// Errors a user can fix. The CLI prints their message (no stack) and exits with code 2, having written nothing.
export class InputError extends Error {
  readonly exitCode = 2;

  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** One problem line in the house style: `✖ path: expected X, got Y (in file)`. */
export function problem(path: string, expected: string, got: unknown, file?: string): string {
  const where = file ? ` (in ${file})` : '';
  return `✖ ${path || '(top level)'}: expected ${expected}, got ${formatValue(got)}${where}`;
}

export function formatValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === undefined) return 'nothing';
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return String(v);
  }
}
