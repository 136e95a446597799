/**
 * The red-team tab: "Held" or "Broke at turn N" with the reasons, the
 * strategy and target, a bar per attack turn (score 0–10, backtracked turns
 * hatched, the breaking turn marked) and the same turns as a table with
 * their phase, score, techniques, attack and reply.
 */

import { headline, type RedTeamSummary } from "./red-team-model";
import { RedactedText } from "./redacted-text";
import { excerpt } from "./timeline-model";

const WIDTH = 480;
const HEIGHT = 140;
const TOP = 8;
const BOTTOM = 22;
const LEFT = 24;

export function RedTeamPanel(props: { summary: RedTeamSummary }) {
  const { summary } = props;
  return (
    <div className="red-team">
      <p className="attack-headline" data-outcome={summary.outcome}>
        <strong>{headline(summary)}</strong>
        <span className="muted"> · {summary.kind === "tap" ? "TAP search" : summary.strategy}</span>
      </p>
      <dl className="facts">
        <div>
          <dt>Strategy</dt>
          <dd>{summary.strategy}</dd>
        </div>
        {summary.target ? (
          <div>
            <dt>Target</dt>
            <dd>{summary.target}</dd>
          </div>
        ) : null}
        <div>
          <dt>{summary.kind === "tap" ? "Depths" : "Turns"}</dt>
          <dd>
            {summary.turns.length}
            {summary.kind === "report" ? ` of ${summary.totalTurns}` : ""}
          </dd>
        </div>
        <div>
          <dt>Backtracks</dt>
          <dd>{summary.backtracks}</dd>
        </div>
        {summary.earlyExit ? (
          <div>
            <dt>Early exit</dt>
            <dd>
              turn {summary.earlyExit.turn}, score {summary.earlyExit.score}
            </dd>
          </div>
        ) : null}
      </dl>
      {summary.reasons.length > 0 ? (
        <>
          <h3>Why</h3>
          <ul className="attack-reasons">
            {summary.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </>
      ) : null}
      {summary.turns.length > 0 ? <ScoreChart summary={summary} /> : null}
      {summary.turns.length > 0 ? <TurnTable summary={summary} /> : null}
      {summary.notes.length > 0 ? (
        <>
          <h3>Notes</h3>
          <ul>
            {summary.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

function ScoreChart(props: { summary: RedTeamSummary }) {
  const { turns, breakingTurn } = props.summary;
  const slot = (WIDTH - LEFT) / Math.max(turns.length, 1);
  const bar = Math.max(4, Math.min(36, slot * 0.7));
  const y = (score: number) => TOP + (1 - score / 10) * (HEIGHT - TOP - BOTTOM);
  const label = `Attack score per turn, 0 to 10: ${turns
    .map((turn) => `turn ${turn.turn} ${turn.score ?? "not scored"}${turn.backtracked ? " (backtracked)" : ""}`)
    .join(", ")}`;
  return (
    <figure className="score-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
        <defs>
          <pattern id="backtracked-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="6" height="6" className="hatch-bg" />
            <line x1="0" y1="0" x2="0" y2="6" className="hatch-line" strokeWidth="3" />
          </pattern>
        </defs>
        {[0, 5, 10].map((score) => (
          <g key={score}>
            <line x1={LEFT} x2={WIDTH} y1={y(score)} y2={y(score)} className="grid-line" />
            <text x={LEFT - 4} y={y(score) + 4} textAnchor="end" className="axis-text">
              {score}
            </text>
          </g>
        ))}
        {turns.map((turn, index) => {
          const x = LEFT + index * slot + (slot - bar) / 2;
          const score = turn.score ?? 0;
          // a backtracked turn scored 0 still shows its hatching
          const height = Math.max(turn.backtracked ? 6 : 1, y(0) - y(score));
          return (
            <g key={turn.turn} data-turn={turn.turn} data-backtracked={turn.backtracked || undefined}>
              <rect
                x={x}
                y={y(0) - height}
                width={bar}
                height={height}
                className={turn.turn === breakingTurn ? "score-bar breaking" : "score-bar"}
                style={turn.backtracked ? { fill: "url(#backtracked-hatch)" } : undefined}
              />
              <text x={x + bar / 2} y={HEIGHT - 6} textAnchor="middle" className="axis-text">
                {turn.turn}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="muted">
        Score per {props.summary.kind === "tap" ? "depth (best node)" : "turn"}, 0–10; hatched: backtracked; dark: the breaking
        turn.
      </figcaption>
    </figure>
  );
}

function TurnTable(props: { summary: RedTeamSummary }) {
  const { turns, breakingTurn, kind } = props.summary;
  return (
    <div className="table-scroll">
      <table className="data-table attack-table">
        <caption className="visually-hidden">Attack {kind === "tap" ? "depths" : "turns"}</caption>
        <thead>
          <tr>
            <th scope="col">{kind === "tap" ? "Depth" : "Turn"}</th>
            <th scope="col">Phase</th>
            <th scope="col" className="number">
              Score
            </th>
            <th scope="col">Marks</th>
            <th scope="col">Attack</th>
          </tr>
        </thead>
        <tbody>
          {turns.map((turn) => (
            <tr
              key={turn.turn}
              data-turn={turn.turn}
              data-backtracked={turn.backtracked || undefined}
              data-breaking={turn.turn === breakingTurn || undefined}
            >
              <th scope="row">{turn.turn}</th>
              <td>{turn.phase || "—"}</td>
              <td className="number">{turn.score ?? "—"}</td>
              <td>
                {[turn.turn === breakingTurn ? "broke here" : "", turn.backtracked ? "backtracked" : "", ...turn.techniques]
                  .filter(Boolean)
                  .join(", ") || "—"}
              </td>
              <td className="attack-text">
                <details>
                  <summary>
                    <RedactedText text={excerpt(turn.attack, 80) || "—"} />
                  </summary>
                  <p className="tool-call-label">Attack</p>
                  <p className="event-text">
                    <RedactedText text={turn.attack} />
                  </p>
                  {turn.reply !== undefined ? (
                    <>
                      <p className="tool-call-label">Reply</p>
                      <p className="event-text">
                        <RedactedText text={turn.reply} />
                      </p>
                    </>
                  ) : null}
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
