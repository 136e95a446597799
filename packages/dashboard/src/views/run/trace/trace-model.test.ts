/** The span tree: display order, depth, bars on the trace's time axis, failures carried up, no span dropped. */
import { describe, expect, it } from "vitest";
import { fixtureSpans, TRACE_ID, traceSpan } from "./trace-fixture";
import { ancestorsOf, buildTraceLayout, findRow, spanKey, turnOf, visibleRows } from "./trace-model";

const names = (rows: ReadonlyArray<{ span: { name: string }; depth: number }>) =>
  rows.map((row) => `${"  ".repeat(row.depth)}${row.span.name}`);

describe("buildTraceLayout", () => {
  const layout = buildTraceLayout(fixtureSpans);

  it("puts each span under its parent, siblings by start time", () => {
    expect(names(layout.rows)).toEqual([
      "rehearse.run",
      "  rehearse.turn",
      "    invoke_agent User",
      "      chat gpt-4o-mini",
      "    invoke_agent Agent",
      "      POST /chat",
      "        chat claude-haiku",
      "        execute_tool refund",
      "  rehearse.turn",
      "    invoke_agent Judge",
    ]);
    const turn = layout.rows[1];
    expect(turn?.children.map((key) => layout.byKey.get(key)?.span.name)).toEqual(["invoke_agent User", "invoke_agent Agent"]);
    expect(layout.rows.map((row) => `${row.position}/${row.siblings}`).slice(0, 3)).toEqual(["1/1", "1/2", "1/2"]);
  });

  it("places each bar by start and duration on the whole trace's time", () => {
    expect(layout.durationMs).toBe(4000);
    expect(layout.startMs).toBe(Date.parse("2026-03-02T10:00:00.000Z"));
    const tool = layout.rows.find((row) => row.span.name === "execute_tool refund");
    expect(tool?.startOffsetMs).toBe(1400);
    expect(tool?.offset).toBeCloseTo(0.35);
    expect(tool?.width).toBeCloseTo(0.075);
    expect(layout.rows[0]).toMatchObject({ offset: 0, width: 1 });
  });

  it("marks failed spans and counts them on every ancestor", () => {
    expect(layout.errorCount).toBe(1);
    const below = Object.fromEntries(layout.rows.map((row) => [row.span.spanId, row.errorsBelow]));
    expect(below).toMatchObject({
      a000000000000001: 1,
      a000000000000002: 1,
      b000000000000003: 1,
      c000000000000001: 1,
      c000000000000003: 0,
      a000000000000003: 0,
    });
    expect(layout.rows.find((row) => row.error)?.span.name).toBe("execute_tool refund");
  });

  it("shows a span whose parent was not received as a root, marked", () => {
    const spans = [...fixtureSpans, traceSpan("d000000000000001", "ffffffffffffffff", "late export", 3000, 10)];
    const rows = buildTraceLayout(spans).rows;
    const late = rows.find((row) => row.span.name === "late export");
    expect(late).toMatchObject({ depth: 0, orphan: true, parentKey: undefined });
    expect(rows.filter((row) => row.orphan)).toHaveLength(1);
  });

  it("keeps every span of a parent cycle and of a repeated id once", () => {
    const spans = [
      traceSpan("e1", "e2", "one", 0, 10),
      traceSpan("e2", "e1", "two", 5, 10),
      traceSpan("e3", "e3", "self", 7, 1),
      traceSpan("e3", "e3", "self", 7, 1),
    ];
    const rows = buildTraceLayout(spans).rows;
    expect(rows.map((row) => row.span.name).sort()).toEqual(["one", "self", "two"]);
  });

  it("orders several traces by their first start and keys spans by trace", () => {
    const other = "0af7651916cd43dd8448eb211c80319c";
    const spans = [
      traceSpan("f1", null, "second trace", 100, 10, { traceId: other }),
      traceSpan("f1", null, "first trace", 50, 10),
    ];
    const built = buildTraceLayout(spans);
    expect(built.traceCount).toBe(2);
    expect(built.rows.map((row) => row.key)).toEqual([`${TRACE_ID}/f1`, `${other}/f1`]);
    expect(built.durationMs).toBe(60);
  });

  it("lays out nothing for no spans, and a zero-length trace without dividing by zero", () => {
    expect(buildTraceLayout([])).toMatchObject({ rows: [], durationMs: 0, startMs: 0, traceCount: 0, errorCount: 0 });
    const instant = buildTraceLayout([traceSpan("g1", null, "instant", 0, 0)]);
    expect(instant.rows[0]).toMatchObject({ offset: 0, width: 0 });
  });

  it("handles a deep chain of spans without recursion", () => {
    const chain = Array.from({ length: 10_000 }, (_, index) =>
      traceSpan(`h${index}`, index === 0 ? null : `h${index - 1}`, `level ${index}`, index, 1),
    );
    const built = buildTraceLayout(chain);
    expect(built.rows).toHaveLength(10_000);
    expect(built.rows.at(-1)?.depth).toBe(9_999);
  });
});

describe("visibleRows", () => {
  const layout = buildTraceLayout(fixtureSpans);
  const agent = layout.rows.find((row) => row.span.name === "invoke_agent Agent");

  it("hides what is under a collapsed span, and only that", () => {
    const shown = visibleRows(layout.rows, new Set([agent?.key ?? ""]));
    expect(names(shown)).toEqual([
      "rehearse.run",
      "  rehearse.turn",
      "    invoke_agent User",
      "      chat gpt-4o-mini",
      "    invoke_agent Agent",
      "  rehearse.turn",
      "    invoke_agent Judge",
    ]);
    expect(visibleRows(layout.rows, new Set())).toHaveLength(layout.rows.length);
  });
});

describe("findRow, ancestorsOf and turnOf", () => {
  const layout = buildTraceLayout(fixtureSpans);

  it("finds a deep link's span by span id or by trace and span id", () => {
    expect(findRow(layout, "c000000000000003")?.span.name).toBe("execute_tool refund");
    expect(findRow(layout, `${TRACE_ID}/c000000000000003`)?.span.name).toBe("execute_tool refund");
    expect(findRow(layout, "nope")).toBeUndefined();
    expect(findRow(layout, "")).toBeUndefined();
  });

  it("lists ancestors nearest first and reads the turn from the nearest turn span", () => {
    const tool = spanKey({ traceId: TRACE_ID, spanId: "c000000000000003" });
    expect(ancestorsOf(layout, tool).map((key) => layout.byKey.get(key)?.span.name)).toEqual([
      "POST /chat",
      "invoke_agent Agent",
      "rehearse.turn",
      "rehearse.run",
    ]);
    expect(turnOf(layout, tool)).toBe(0);
    expect(turnOf(layout, spanKey({ traceId: TRACE_ID, spanId: "b000000000000004" }))).toBe(1);
    expect(turnOf(layout, spanKey({ traceId: TRACE_ID, spanId: "a000000000000001" }))).toBeUndefined();
  });
});
