/**
 * The criteria heatmap: one row per scenario × criterion, one column per
 * recent batch (oldest left), each cell the criterion's verdicts in that
 * batch: all met, all unmet, mixed (some trials each way) or not graded.
 * The state is in `data-cell` and written as a symbol with a visually
 * hidden word, so colour is never the only signal.
 */
import { paths } from "../../app/paths";
import { Link } from "../../app/router";
import { shortId } from "../../components/format";

export type CellState = "met" | "unmet" | "mixed" | "none";

export function cellState(cell: { met: number; unmet: number } | undefined): CellState {
  if (!cell || cell.met + cell.unmet === 0) return "none";
  if (cell.unmet === 0) return "met";
  if (cell.met === 0) return "unmet";
  return "mixed";
}

const SYMBOL: Record<CellState, string> = { met: "✓", unmet: "✗", mixed: "±", none: "·" };
const WORD: Record<CellState, string> = { met: "met", unmet: "unmet", mixed: "mixed", none: "not graded" };

export interface HeatmapData {
  batches: ReadonlyArray<{ batchId: string; startedAt: string | null }>;
  rows: ReadonlyArray<{
    scenarioId: string;
    name: string | null;
    criterion: string;
    cells: ReadonlyArray<{ batchId: string; met: number; unmet: number }>;
  }>;
  truncated: boolean;
}

export function Heatmap(props: { data: HeatmapData }) {
  const { batches, rows } = props.data;
  return (
    <div className="heatmap-scroll" data-scroll-container>
      <table className="heatmap">
        <caption className="visually-hidden">Criteria by batch: ✓ met, ✗ unmet, ± mixed across trials, · not graded</caption>
        <thead>
          <tr>
            <th scope="col">Scenario</th>
            <th scope="col">Criterion</th>
            {batches.map((batch, index) => (
              <th key={batch.batchId} scope="col" className="heatmap-batch" title={`${batch.batchId} ${batch.startedAt ?? ""}`}>
                <Link to={paths.batch(batch.batchId)} aria-label={`Batch ${index + 1}: ${batch.batchId}`}>
                  {index + 1}
                </Link>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const byBatch = new Map(row.cells.map((cell) => [cell.batchId, cell]));
            return (
              <tr key={`${row.scenarioId}\u0000${row.criterion}`}>
                <th scope="row" title={row.scenarioId}>
                  {row.name ?? shortId(row.scenarioId)}
                </th>
                <td className="heatmap-criterion">{row.criterion}</td>
                {batches.map((batch) => {
                  const cell = byBatch.get(batch.batchId);
                  const state = cellState(cell);
                  const detail = cell ? `${cell.met} met, ${cell.unmet} unmet` : "not graded";
                  return (
                    <td key={batch.batchId} className="heatmap-cell" data-cell={state} title={`${batch.batchId}: ${detail}`}>
                      <span aria-hidden="true">{SYMBOL[state]}</span>
                      <span className="visually-hidden">{`${WORD[state]} (${detail})`}</span>
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
