// The connection check's report as text, the same for the command line's `doctor` and the editor's
// "Mapillary: Check Connection". Every line is redacted once more on the way out.
import { redact } from '../../shared/redact';
import { type CheckStep, type ConnectionReport } from './connectionCheck';

const TITLES: Record<CheckStep['name'], string> = {
  graph: 'Graph call',
  batch: 'Batched read',
  tiles: 'Tile call',
};

/** The report as lines of text (no trailing newline). */
export function connectionReportLines(report: ConnectionReport): string[] {
  const lines = [
    `Mapillary connection check: ${report.ok ? 'everything worked' : 'something did not work'}`,
    `  Graph API      ${report.graphUrl}`,
    `  Tile path      ${report.tilePath}`,
    `  Token          ${report.token} (${kindText(report.tokenKind)})`,
    `  Auth           Graph calls: the token in the Authorization header (scheme OAuth)`,
    `                 Tiles: ${report.tileToken ? `the ${report.tileToken} in the ?access_token query parameter` : 'no client token, so no tile request'}`,
    `  Batch form     ${report.batchForm === 'ids' ? '/?ids= (fallback)' : report.batchForm === 'image_ids' ? '/images?image_ids=' : 'not used'}`,
    `  Rate limit     ${usageText(report)}`,
  ];
  for (const step of report.steps) {
    const mark = step.skipped ? 'SKIP' : step.ok ? ' OK ' : 'FAIL';
    const status = step.status === undefined ? '' : ` HTTP ${step.status},`;
    lines.push(
      `  [${mark}] ${TITLES[step.name].padEnd(13)}${step.request}`,
      `         ${''.padEnd(13)}${step.auth};${status} ${Math.round(step.durationMs)} ms: ${step.detail}`,
    );
  }
  return lines.map(redact);
}

function kindText(kind: ConnectionReport['tokenKind']): string {
  switch (kind) {
    case 'client':
      return 'a client token: it can serve tiles';
    case 'user':
      return 'a user token: Graph only, never in a tile URL';
    case 'none':
      return 'no token';
    default:
      return 'kind unknown: the Graph call did not say';
  }
}

function usageText(report: ConnectionReport): string {
  if (!report.appUsage || report.headroomPct === undefined) {
    return 'no x-app-usage header seen';
  }
  const parts = Object.entries(report.appUsage).map(([k, v]) => `${k} ${v}%`);
  return `${report.headroomPct}% headroom (x-app-usage: ${parts.join(', ')})`;
}
