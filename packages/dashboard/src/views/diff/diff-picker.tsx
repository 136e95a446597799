/**
 * Choosing what to compare: two ids (pasted, or arriving in the URL from a
 * "compare" link), a swap, and Compare, which navigates to the diff's URL
 * (the URL is the state; nothing else is kept).
 */
import { type FormEvent, useEffect, useId, useState } from "react";
import { useNavigate } from "../../app/router";

export function DiffPicker(props: {
  /** "run" or "batch": names the fields. */
  noun: string;
  base: string;
  head: string;
  /** The diff URL of two ids. */
  target: (base: string, head: string) => string;
}) {
  const navigate = useNavigate();
  const [base, setBase] = useState(props.base);
  const [head, setHead] = useState(props.head);
  const id = useId();
  useEffect(() => {
    setBase(props.base);
    setHead(props.head);
  }, [props.base, props.head]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (base.trim() && head.trim()) navigate(props.target(base.trim(), head.trim()));
  };
  const swap = () => {
    setBase(head);
    setHead(base);
    if (base.trim() && head.trim()) navigate(props.target(head.trim(), base.trim()));
  };

  return (
    <form className="diff-picker" onSubmit={submit} aria-label={`Choose the ${props.noun}s to compare`}>
      <label htmlFor={`${id}-base`}>
        Base {props.noun} id <span className="muted">(before)</span>
      </label>
      <input
        id={`${id}-base`}
        name="base"
        value={base}
        onChange={(event) => setBase(event.target.value)}
        required
        autoComplete="off"
        spellCheck={false}
      />
      <label htmlFor={`${id}-head`}>
        Head {props.noun} id <span className="muted">(after)</span>
      </label>
      <input
        id={`${id}-head`}
        name="head"
        value={head}
        onChange={(event) => setHead(event.target.value)}
        required
        autoComplete="off"
        spellCheck={false}
      />
      <div className="diff-picker-actions">
        <button type="submit" className="primary">
          Compare
        </button>
        <button type="button" onClick={swap} disabled={!base.trim() || !head.trim()}>
          Swap base and head
        </button>
      </div>
    </form>
  );
}
