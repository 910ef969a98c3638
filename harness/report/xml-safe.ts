/**
 * XML 1.0 cannot carry most control characters, U+FFFE/U+FFFF or lone surrogates at all, not even escaped;
 * traces and names a target sent may hold them. They are written as `\xNN` / `\uNNNN` instead.
 */
export function xmlSafe(text: string): string {
  return text.replace(/[^\t\n\r\P{Cc}]|[\uFFFE\uFFFF]|\p{Cs}/gu, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * A string for xmlbuilder2, which leaves an `&` that already starts an entity (`&lt;`) as it is: escaping every
 * `&` first makes it write any text exactly, including text that itself looks like an entity.
 */
export function xmlText(text: string): string {
  return xmlSafe(text).replace(/&/g, '&amp;');
}
