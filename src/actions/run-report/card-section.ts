import { formatDuration } from '../../kit/duration.js';
import type { CardFacts } from '../shared/model-card.js';
import { markdownTable } from '../../kit/markdown.js';

/** Text from the pipeline, shown on a pull request: no HTML. */
const plain = (text: string) => text.replace(/</g, '&lt;');
const pairs = (values: Record<string, string>, join: string) =>
  Object.entries(values)
    .map(([name, value]) => `${name}${join}${value}`)
    .join(', ');

/** The model card's facts beside the run (its metrics have their own table): what, when, how, with what. */
export function cardSection(card: CardFacts | undefined): string[] {
  if (!card) return [];
  const rows: Array<[string, string]> = [
    ['data', card.data],
    ['trained on', card.trainWindow],
    ['evaluated on', card.evalWindow],
    ['training time', card.trainingSeconds === undefined ? '' : formatDuration(card.trainingSeconds * 1000)],
    ['hyperparameters', pairs(card.hyperparameters, '=')],
    ['libraries', pairs(card.versions, ' ')],
  ];
  const shown = rows.filter(([, value]) => value).map(([name, value]) => [name, plain(value)]);
  return shown.length ? ['### Model card', '', markdownTable(['', ''], shown)] : [];
}
