/**
 * A change between two numbers as text: the signed amount and, where the
 * metric has a good direction, the word "better" or "worse" beside the
 * colour (`data-tone` carries the meaning for tests and styles); and the head
 * of the tables that list such changes.
 */
import { type Better, type DeltaUnit, deltaTone, signedDelta, TONE_WORDS } from "./delta";

export function DeltaText(props: { delta: number | null | undefined; unit: DeltaUnit; better: Better }) {
  const tone = deltaTone(props.delta, props.better);
  const word = TONE_WORDS[tone];
  return (
    <span className="delta" data-tone={tone}>
      {signedDelta(props.delta, props.unit)}
      {word ? <span className="delta-word"> {word}</span> : null}
    </span>
  );
}

/** The head of a base / head / change table; `label` names the first column (Measure, Metric, …). */
export function DeltaHead(props: { label: string }) {
  return (
    <thead>
      <tr>
        <th scope="col">{props.label}</th>
        <th scope="col" className="number">
          Base
        </th>
        <th scope="col" className="number">
          Head
        </th>
        <th scope="col" className="number">
          Change
        </th>
      </tr>
    </thead>
  );
}
