import type { RunDocument } from '../model/result.js';
import type { Verdict } from '../model/verdict.js';

export interface MatrixColumn {
  readonly label: string;
  readonly document: RunDocument;
}

export interface MatrixRow {
  readonly id: string;
  readonly clause: string;
  readonly level: string;
  readonly title: string;
  /** One per column; undefined where that run did not have the case. */
  readonly verdicts: readonly (Verdict | undefined)[];
  /** Some target passes the case and another fails it. */
  readonly differs: boolean;
  /**
   * A target that passes nearly everything else fails this case while another passes it: a hint that the
   * clause is read two ways, more than that one target is broken.
   */
  readonly disputed: boolean;
}

export interface Matrix {
  readonly columns: readonly MatrixColumn[];
  readonly rows: readonly MatrixRow[];
}

const failed = (v: Verdict | undefined) => v === 'FAIL' || v === 'ERROR' || v === 'WARN';
const decided = (v: Verdict | undefined) => v === 'PASS' || failed(v);

/** A target "passes elsewhere" when it passes at least this share of the other cases decided for it. */
export const passesElsewhere = 0.9;

function passRateWithout(
  column: number,
  rows: readonly { verdicts: readonly (Verdict | undefined)[] }[],
  skip: number,
) {
  let passed = 0;
  let judged = 0;
  rows.forEach((row, index) => {
    const v = row.verdicts[column];
    if (index === skip || !decided(v)) return;
    judged += 1;
    if (v === 'PASS') passed += 1;
  });
  return judged === 0 ? 0 : passed / judged;
}

/** Targets × cases: every case of any run, in the order first seen, with each run's verdict. */
export function buildMatrix(columns: readonly MatrixColumn[]): Matrix {
  const order: string[] = [];
  const info = new Map<string, { clause: string; level: string; title: string }>();
  const byColumn = columns.map((c) => new Map(c.document.results.map((r) => [r.id, r.verdict])));
  for (const column of columns)
    for (const r of column.document.results)
      if (!info.has(r.id)) {
        order.push(r.id);
        info.set(r.id, { clause: r.clause, level: r.level, title: r.title });
      }
  const bare = order.map((id) => ({ id, verdicts: byColumn.map((m) => m.get(id)) }));
  const rows = bare.map((row, index): MatrixRow => {
    const passes = row.verdicts.some((v) => v === 'PASS');
    const failing = row.verdicts.flatMap((v, column) => (failed(v) ? [column] : []));
    const differs = passes && failing.length > 0;
    const disputed =
      differs && failing.some((column) => passRateWithout(column, bare, index) >= passesElsewhere);
    return { id: row.id, ...info.get(row.id)!, verdicts: row.verdicts, differs, disputed };
  });
  return { columns, rows };
}
