/** Transcript text with its redaction placeholders shown as chips ("redacted" on hover and to screen readers). */
import { splitPlaceholders } from "./placeholders";

export function RedactedText(props: { text: string }) {
  const parts = splitPlaceholders(props.text);
  if (parts.length === 1 && !parts[0]?.placeholder) return <>{props.text}</>;
  return (
    <>
      {parts.map((part, index) =>
        part.placeholder ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts of one immutable text, in order
          <span key={index} className="redacted" title="redacted" data-redacted="">
            {part.text}
            <span className="visually-hidden"> (redacted)</span>
          </span>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts of one immutable text, in order
          <span key={index}>{part.text}</span>
        ),
      )}
    </>
  );
}
