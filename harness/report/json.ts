import type { RunDocument } from '../model/result.js';

export function formatJson(document: RunDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
