import type { Endpoint, Traffic } from '../../azure/ml/endpoints.js';
import { markdownTable } from '../../kit/markdown.js';
import { describeTraffic } from './traffic-plan.js';

/** What a finished mode says: the endpoint as it is now, the deployment it is about and what it changed. */
export interface ModeReport {
  endpoint: Endpoint;
  endpointUrl: string;
  deployment: string;
  previous: string | undefined;
  before: Traffic;
  title: string;
}

export function reportOutputs(report: ModeReport): Record<string, string> {
  return {
    'endpoint-name': report.endpoint.name,
    'scoring-uri': report.endpoint.scoringUri,
    'deployment-name': report.deployment,
    'previous-deployment': report.previous ?? '',
    traffic: JSON.stringify(report.endpoint.traffic),
    'endpoint-url': report.endpointUrl,
  };
}

/** The step summary: traffic before and after for every deployment either side names, and what serves now. */
export function reportSummary(report: ModeReport): string {
  const { endpoint, before } = report;
  const names = [
    ...new Set([...Object.keys(before), ...Object.keys(endpoint.traffic), report.deployment].filter(Boolean)),
  ];
  return (
    `## ${report.title} on [${endpoint.name}](${report.endpointUrl})\n\n` +
    markdownTable(
      ['deployment', 'traffic before', 'traffic after'],
      names.map((name) => [name, `${before[name] ?? 0}%`, `${endpoint.traffic[name] ?? 0}%`]),
    ) +
    `\nServing now: ${describeTraffic(endpoint.traffic)}.\n\nScoring URI: \`${endpoint.scoringUri}\`\n`
  );
}

/** How a deployment's provisioning ended. */
export interface ProvisioningOutcome {
  status: string;
  code?: string;
  message?: string;
}

export interface FailedDeployment {
  name: string;
  endpoint: string;
  outcome: ProvisioningOutcome;
  traffic: Traffic;
  kept: boolean;
  /** Each container's log tail, the inference server's first. */
  tails: Array<[container: string, text: string]>;
}

export function failureSummary(failed: FailedDeployment): string {
  const { outcome } = failed;
  return (
    `## Deployment ${failed.name} failed: ${outcome.code ?? outcome.status}\n\n${outcome.message ?? ''}\n\n` +
    `Traffic left as it was: ${describeTraffic(failed.traffic)}. ${failed.kept ? 'The failed deployment was kept (keep-failed).' : 'The failed deployment was deleted.'}\n\n` +
    failed.tails
      .map(
        ([container, text]) =>
          `### ${container} (last lines)\n\n\`\`\`\n${text.split('\n').slice(-25).join('\n')}\n\`\`\`\n`,
      )
      .join('\n')
  );
}

/** The error line: what failed, why, the server log's last lines, and that traffic did not move. */
export function failureMessage(failed: FailedDeployment): { message: string; hint: string } {
  const { outcome } = failed;
  const lastServerLines = (failed.tails[0]?.[1] ?? '')
    .trim()
    .split('\n')
    .filter((line) => line.trim())
    .slice(-3)
    .join(' | ');
  return {
    message: `Deployment ${failed.name} on ${failed.endpoint} ${outcome.status}: ${outcome.code ? `(${outcome.code}) ` : ''}${outcome.message ?? ''} Inference server log ends: ${lastServerLines}. Traffic is unchanged (${describeTraffic(failed.traffic)}).`,
    hint: failed.kept
      ? 'The deployment was kept for debugging (keep-failed: true).'
      : 'The failed deployment was deleted; keep-failed: true keeps it for debugging.',
  };
}
