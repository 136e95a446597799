/**
 * The red-team page (`rehearse redteam report`): red-team report files read
 * into one self-contained HTML page. Loads no attacker or judge.
 */
export { redTeamHtmlReport } from "../reporters/red-team-html.js";
