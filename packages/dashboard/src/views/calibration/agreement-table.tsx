/**
 * Judge–human agreement (`GET /api/v1/calibration/agreement`): per criterion
 * and judge version, the pairs compared, unsure labels, observed agreement,
 * Cohen's κ (or why it is undefined) and the confusion matrix in words; then
 * the same per judge version over every criterion.
 */
import { count, percent } from "../../components/format";
import { type Agreement, type AgreementReport, confusionCells, kappaText } from "./calibration-model";

function Figures(props: { agreement: Agreement }) {
  const { agreement } = props;
  return (
    <>
      <td className="number" data-field="n">
        {count(agreement.n)}
      </td>
      <td className="number" data-field="unsure">
        {count(agreement.unsure)}
      </td>
      <td className="number" data-field="agreement">
        {percent(agreement.observedAgreement)}
      </td>
      <td data-field="kappa">
        <span className="kappa">{kappaText(agreement)}</span>
        {agreement.kappaUndefinedBecause ? <span className="muted"> — {agreement.kappaUndefinedBecause}</span> : null}
      </td>
      <td data-field="confusion">
        <ul className="confusion">
          {confusionCells(agreement).map(([label, value]) => (
            <li key={label}>
              {label}: <strong>{value}</strong>
            </li>
          ))}
        </ul>
      </td>
    </>
  );
}

function Head(props: { first: string[] }) {
  return (
    <thead>
      <tr>
        {props.first.map((name) => (
          <th key={name} scope="col">
            {name}
          </th>
        ))}
        <th scope="col" className="number">
          Pairs (n)
        </th>
        <th scope="col" className="number">
          Unsure
        </th>
        <th scope="col" className="number">
          Agreement
        </th>
        <th scope="col">Cohen's κ</th>
        <th scope="col">Confusion (judge, people)</th>
      </tr>
    </thead>
  );
}

export function AgreementTables(props: { report: AgreementReport }) {
  const { report } = props;
  if (report.labels === 0)
    return <p data-testid="agreement-empty">No labels yet: label runs above to see how the judge agrees with people.</p>;
  return (
    <>
      <p data-testid="agreement-labels">
        {count(report.labels)} labels of judged criteria; unsure ones are counted, not compared.
      </p>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a wide table that scrolls sideways must take focus so a keyboard can scroll it */}
      <section className="calibration-scroll" aria-label="Agreement per criterion" tabIndex={0}>
        <table className="data-table agreement-table" data-testid="agreement-criteria">
          <caption>Per criterion and judge version</caption>
          <Head first={["Criterion", "Judge version"]} />
          <tbody>
            {report.criteria.map((row) => (
              <tr
                key={`${row.criterion}\u0000${row.judgeVersion}`}
                data-criterion={row.criterion}
                data-judge-version={row.judgeVersion}
              >
                <th scope="row">{row.criterion}</th>
                <td>
                  <code>{row.judgeVersion}</code>
                </td>
                <Figures agreement={row} />
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: as above */}
      <section className="calibration-scroll" aria-label="Agreement per judge version" tabIndex={0}>
        <table className="data-table agreement-table" data-testid="agreement-versions">
          <caption>Per judge version, every criterion</caption>
          <Head first={["Judge version"]} />
          <tbody>
            {report.judgeVersions.map((row) => (
              <tr key={row.judgeVersion} data-judge-version={row.judgeVersion}>
                <th scope="row">
                  <code>{row.judgeVersion}</code>
                </th>
                <Figures agreement={row} />
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
