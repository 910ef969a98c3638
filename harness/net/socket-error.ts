/** The `code` of a socket error (`ECONNREFUSED`, …), looking inside an AggregateError from a multi-address connect. */
export function errorCode(error: unknown): string {
  const direct = codeOf(error);
  if (direct !== undefined) return direct;
  if (error instanceof AggregateError) {
    for (const inner of error.errors) {
      const code = codeOf(inner);
      if (code !== undefined) return code;
    }
  }
  return 'EUNKNOWN';
}

/** The one-line message of an error, never its stack. */
export function errorMessage(error: unknown): string {
  if (error instanceof AggregateError && error.message === '') {
    return error.errors.map(errorMessage).join('; ');
  }
  return error instanceof Error ? error.message : String(error);
}

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code = (error as { code: unknown }).code;
  return typeof code === 'string' && code !== '' ? code : undefined;
}
