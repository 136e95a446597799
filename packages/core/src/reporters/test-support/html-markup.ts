/** The markup of a page without its text: every tag with its attributes, then the style sheet (to check what it could load). */
export function markup(html: string): string {
  const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? "";
  return [...html.matchAll(/<[a-zA-Z!/][^>]*>/g)].map((match) => match[0]).join("\n") + style;
}
