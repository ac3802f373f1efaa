import { asRecord } from './asRecord';

/** Graph's resultInfo. Codes arrive as numbers or numeric strings ("200", "5001"); we store numbers. */
export interface ResultInfo {
  readonly code: number | undefined;
  readonly subcode: number | undefined;
  readonly message: string | undefined;
}

function toNumber(value: unknown): number | undefined {
  // Stryker disable next-line ConditionalExpression,LogicalOperator: Number.isFinite is false for non-numbers; typeof is for the type checker
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  // Number() ignores the surrounding whitespace the test allows.
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value);
  return undefined;
}

export function parseResultInfo(value: unknown): ResultInfo | undefined {
  const v = asRecord(value);
  if (!v) return undefined;
  const info: ResultInfo = {
    code: toNumber(v.code),
    subcode: toNumber(v.subcode),
    message: typeof v.message === 'string' ? v.message.slice(0, 1024) : undefined,
  };
  return info.code === undefined && info.subcode === undefined && info.message === undefined ? undefined : info;
}
