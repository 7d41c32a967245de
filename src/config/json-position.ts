/**
 * Where JSON text stops being valid. `JSON.parse` names the position in most
 * messages but not all (V8's "Unexpected token" shows a snippet instead), so
 * scenario files get their `file:line:col` from this small scanner, run only
 * after `JSON.parse` has failed.
 */

/** 1-based line and column of the first syntax error, or null when the scanner finds none. */
export function jsonErrorPosition(text: string): { line: number; col: number } | null {
  const offset = jsonErrorOffset(text);
  if (offset === null) return null;
  const lines = text.slice(0, offset).split('\n');
  return { line: lines.length, col: (lines[lines.length - 1] ?? '').length + 1 };
}

class At extends Error {
  constructor(readonly offset: number) {
    super(`JSON error at ${offset}`);
  }
}

function jsonErrorOffset(s: string): number | null {
  let i = 0;
  const fail = (): never => {
    throw new At(i);
  };
  const ws = (): void => {
    while (i < s.length && ' \t\n\r'.includes(s[i] ?? '')) i++;
  };
  const str = (): void => {
    i++;
    while (i < s.length && s[i] !== '"') {
      if (s.charCodeAt(i) < 0x20) fail();
      i += s[i] === '\\' ? 2 : 1;
    }
    if (i >= s.length) fail();
    i++;
  };
  const list = (close: string, item: () => void): void => {
    i++;
    ws();
    if (s[i] === close) {
      i++;
      return;
    }
    for (;;) {
      item();
      ws();
      if (s[i] === ',') i++;
      else if (s[i] === close) {
        i++;
        return;
      } else fail();
    }
  };
  const value = (): void => {
    ws();
    const c = s[i];
    if (c === '{') {
      list('}', () => {
        ws();
        if (s[i] !== '"') fail();
        str();
        ws();
        if (s[i] !== ':') fail();
        i++;
        value();
      });
    } else if (c === '[') list(']', value);
    else if (c === '"') str();
    else {
      const m = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(s.slice(i, i + 400));
      if (m === null) fail();
      i += m?.[0].length ?? 0;
    }
  };
  try {
    value();
    ws();
    if (i < s.length) fail();
    return null;
  } catch (err) {
    if (err instanceof At) return err.offset;
    throw err;
  }
}
