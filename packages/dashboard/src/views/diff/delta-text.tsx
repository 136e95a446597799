/**
 * A change between two numbers as text: the signed amount and, where the
 * metric has a good direction, the word "better" or "worse" beside the
 * colour (`data-tone` carries the meaning for tests and styles).
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
