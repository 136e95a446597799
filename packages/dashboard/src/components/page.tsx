/** A view's frame: breadcrumbs, a title (which also becomes the document title) and actions. */
import { type ReactNode, useEffect } from "react";
import { Link } from "../app/router";

export interface Crumb {
  label: string;
  to?: string;
}

export function Page(props: { title: string; crumbs?: Crumb[]; actions?: ReactNode; children: ReactNode; wide?: boolean }) {
  useEffect(() => {
    document.title = `${props.title} · Rehearse`;
  }, [props.title]);
  return (
    <main id="main" className={props.wide ? "page page-wide" : "page"} tabIndex={-1}>
      {props.crumbs && props.crumbs.length > 0 ? (
        <nav aria-label="Breadcrumb" className="crumbs">
          <ol>
            {props.crumbs.map((crumb) => (
              <li key={`${crumb.label}-${crumb.to ?? ""}`}>
                {crumb.to ? <Link to={crumb.to}>{crumb.label}</Link> : crumb.label}
              </li>
            ))}
          </ol>
        </nav>
      ) : null}
      <header className="page-header">
        <h1>{props.title}</h1>
        {props.actions ? <div className="page-actions">{props.actions}</div> : null}
      </header>
      {props.children}
    </main>
  );
}
