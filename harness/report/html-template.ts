import escapeHtml from 'escape-html';

/** Markup that is already safe: the result of `html` or of `raw` on a constant. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/**
 * Text for an HTML page: escaped by escape-html, and with control characters (a trace may hold any byte a
 * target sent) written visibly as `\xNN`, since a browser would drop or mangle them.
 */
export function escapeText(text: string): string {
  return escapeHtml(
    text.replace(/[^\t\n\P{Cc}]|\p{Cs}/gu, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`),
  );
}

type Value = Html | string | number | boolean | undefined | null | readonly Value[];

function render(value: Value): string {
  if (value === undefined || value === null || value === false) return '';
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeText(String(value));
}

/** A tagged template that escapes every interpolated value unless it is `Html`: escaping is the default. */
export function html(strings: TemplateStringsArray, ...values: readonly Value[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] ?? '');
  });
  return new Html(out);
}

/** A constant of the page's own (its CSS and script), never data. */
export function raw(text: string): Html {
  return new Html(text);
}
