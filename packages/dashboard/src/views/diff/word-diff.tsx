/**
 * One column's side of a word diff: unchanged words as text, removed words
 * in `<del>` and added words in `<ins>` (`data-change` says which). Colour
 * is not the only signal: deletions are struck through, insertions
 * underlined, and a screen reader hears "removed:" / "added:" first.
 */
import type { Segment } from "./transcript-blocks";

export function WordDiff(props: { segments: readonly Segment[] }) {
  return (
    <>
      {props.segments.map((segment, position) => {
        // segments never move: their position is their identity
        const key = position;
        if (segment.change === "added") {
          return (
            <ins key={key} data-change="added">
              <span className="visually-hidden">added: </span>
              {segment.value}
            </ins>
          );
        }
        if (segment.change === "removed") {
          return (
            <del key={key} data-change="removed">
              <span className="visually-hidden">removed: </span>
              {segment.value}
            </del>
          );
        }
        return <span key={key}>{segment.value}</span>;
      })}
    </>
  );
}
